package io.omnitouch.generate;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What was generated and planted, machine-readable ({@code planted.json}) for the end-to-end test:
 * the planted diversion and fraud cases with their ids and expected outcomes, the true programme
 * effects and the holdout, the order-version edge cases, and counts of the upstream noise (late
 * rows, redeliveries). Insertion-ordered maps keep the file byte-stable.
 */
final class Manifest {
  static final int EXAMPLES = 5;

  final Map<String, Object> root = new LinkedHashMap<>();
  private final Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> redelivered = new LinkedHashMap<>();

  void count(String group, String key) {
    count(group, key, 1);
  }

  void count(String group, String key, long n) {
    counts.computeIfAbsent(group, g -> new LinkedHashMap<>()).merge(key, n, Long::sum);
  }

  @SuppressWarnings("unchecked")
  void redelivered(String source, String id, LocalDate dt) {
    Map<String, Object> m =
        redelivered.computeIfAbsent(
            source,
            s -> {
              Map<String, Object> x = new LinkedHashMap<>();
              x.put("rows", 0L);
              x.put("examples", new ArrayList<Map<String, String>>());
              return x;
            });
    m.put("rows", (Long) m.get("rows") + 1);
    List<Map<String, String>> examples = (List<Map<String, String>>) m.get("examples");
    if (examples.size() < EXAMPLES) {
      examples.add(Map.of("id", id, "second_delivery_dt", dt.toString()));
    }
  }

  void reallocation(String from, String to, String sku, String time, List<String> codes) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "description",
        "codes shipped to "
            + from
            + " and later re-shipped (second factory_out) to "
            + to
            + "; their later consumer scans are authorised to "
            + to
            + " and in its territory");
    m.put("from_distributor", from);
    m.put("to_distributor", to);
    m.put("sku", sku);
    m.put("second_factory_out_time", time);
    m.put("codes", codes);
    root.put("reallocated_codes", m);
  }

  @SuppressWarnings("unchecked")
  List<Object> list(String key) {
    return (List<Object>) root.computeIfAbsent(key, k -> new ArrayList<>());
  }

  void write(Path file) {
    root.put("noise", counts);
    root.put("redelivered", redelivered);
    DefaultPrettyPrinter pretty = new DefaultPrettyPrinter();
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    pretty.indentArraysWith(indenter);
    pretty.indentObjectsWith(indenter);
    try {
      String json = new ObjectMapper().writer(pretty).writeValueAsString(root) + "\n";
      Files.writeString(file, json, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
