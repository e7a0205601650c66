package io.omnitouch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.omnitouch.generate.InputTree.Row;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed sample-data/: exactly what its documented command generates, follows the contract,
 * holds the planted cases, and carries the planted programme and campaign effects.
 */
class SampleDataTest {
  static final String README_COMMAND =
      "--out sample-data --from 2026-09-28 --days 56 --scale 1 --seed 42 --gzip";

  static Path sample;
  static JsonNode manifest;

  @BeforeAll
  static void locate() {
    sample = Path.of(System.getProperty("omnitouch.repo", "..")).resolve("sample-data");
    assertTrue(Files.isDirectory(sample), "sample-data/ at the repository root: " + sample);
    manifest = TreeChecks.manifest(sample);
  }

  @Test
  void isWhatTheDocumentedCommandGenerates(@TempDir Path tmp) throws IOException {
    String readme = Files.readString(sample.resolve("README.md"));
    assertTrue(readme.contains("omnitouch generate " + README_COMMAND), "README names the command");
    Path fresh = tmp.resolve("sample-data");
    Generator.run(
        new GenerateOptions(fresh, LocalDate.parse("2026-09-28"), 56, 1, 42, true, 1_000_000));
    List<Path> generated = files(fresh);
    List<Path> committed = new ArrayList<>(files(sample));
    committed.remove(Path.of("README.md"));
    assertEquals(generated, committed);
    for (Path f : generated) {
      assertArrayEquals(
          Files.readAllBytes(fresh.resolve(f)),
          Files.readAllBytes(sample.resolve(f)),
          f.toString());
    }
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  @Test
  void coversEightWeeksEndingOnTheDocumentedRunDate() {
    JsonNode run = manifest.get("generator");
    assertEquals("2026-11-22", run.get("run_date").asText());
    for (String source : TreeChecks.SOURCES) {
      assertEquals(56, InputTree.files(sample, source).size(), source);
    }
  }

  @Test
  void followsTheContract() {
    TreeChecks.assertFollowsContract(sample);
  }

  @Test
  void holdsExactlyThePlantedCases() {
    TreeChecks.assertPlantedCasesExact(sample);
  }

  /** Paid revenue per (store, order date) from the current order lines (marts.md, uplift). */
  private static Map<String, Double> storeDayRevenue() {
    Map<String, Double> revenue = new HashMap<>();
    for (Row line : ContractRules.currentLines(InputTree.read(sample, "orders")).values()) {
      if (line.get("status").equals("paid") && line.get("store_id") != null) {
        String key = line.get("store_id") + "|" + InputTree.businessDate(line.get("order_time"));
        revenue.merge(key, Double.parseDouble(line.get("paid_amount")), Double::sum);
      }
    }
    return revenue;
  }

  private static double mean(
      Map<String, Double> revenue, List<String> stores, LocalDate from, LocalDate to) {
    double sum = 0;
    int n = 0;
    for (String s : stores) {
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1), n++) {
        sum += revenue.getOrDefault(s + "|" + d, 0.0);
      }
    }
    return sum / n;
  }

  /** The contract's difference in differences for one cohort: {uplift %, treated store-days}. */
  private static double[] did(
      Map<String, Double> revenue, List<String> treated, List<String> controls, LocalDate start) {
    LocalDate run = LocalDate.parse("2026-11-22");
    LocalDate postEnd = start.plusDays(27).isAfter(run) ? run : start.plusDays(27);
    double tPre = mean(revenue, treated, start.minusDays(28), start.minusDays(1));
    double tPost = mean(revenue, treated, start, postEnd);
    double cPre = mean(revenue, controls, start.minusDays(28), start.minusDays(1));
    double cPost = mean(revenue, controls, start, postEnd);
    double days = postEnd.toEpochDay() - start.toEpochDay() + 1;
    return new double[] {
      100 * ((tPost - tPre) - (cPost - cPre)) / (tPre + cPost - cPre), days * treated.size()
    };
  }

  @Test
  void adoptingStoresGainRevenueAndOthersDoNot() {
    Map<String, Double> revenue = storeDayRevenue();
    List<String> stores = new ArrayList<>();
    InputTree.reference(sample, "stores").forEach(r -> stores.add(r.get("store_id")));
    Map<String, Set<String>> adopters = new HashMap<>();
    for (Row r : InputTree.reference(sample, "program_rollouts")) {
      adopters.computeIfAbsent(r.get("program"), p -> new HashSet<>()).add(r.get("store_id"));
    }
    Set<String> anyProgramme = new HashSet<>();
    adopters.values().forEach(anyProgramme::addAll);
    JsonNode rollouts = manifest.get("program_rollouts");
    Map<String, double[]> pooled = new HashMap<>();
    for (JsonNode c : rollouts.get("cohorts")) {
      String program = c.get("program").asText();
      List<String> treated = new ArrayList<>();
      c.get("stores").forEach(s -> treated.add(s.asText()));
      List<String> controls = new ArrayList<>(stores);
      controls.removeAll(adopters.get(program));
      double[] u = did(revenue, treated, controls, LocalDate.parse(c.get("cohort_start").asText()));
      double[] p = pooled.computeIfAbsent(program, k -> new double[2]);
      p[0] += u[0] * u[1];
      p[1] += u[1];
    }
    assertEquals(4, pooled.size());
    for (Map.Entry<String, double[]> e : pooled.entrySet()) {
      double estimate = e.getValue()[0] / e.getValue()[1];
      double truth = 100 * rollouts.get("true_effect").get(e.getKey()).asDouble();
      // controls include other programmes' adopters, which pulls the estimate a few points down
      assertTrue(
          estimate > truth - 16 && estimate < truth + 10,
          e.getKey() + ": DiD uplift " + estimate + "% for a true " + truth + "%");
    }
    // placebo: never-adopting stores split in two show no effect at a cohort date
    List<String> clean = new ArrayList<>(stores);
    clean.removeAll(anyProgramme);
    List<String> half = clean.subList(0, clean.size() / 2);
    List<String> rest = clean.subList(clean.size() / 2, clean.size());
    double placebo = did(revenue, half, rest, LocalDate.parse("2026-10-26"))[0];
    assertTrue(Math.abs(placebo) < 10, "placebo uplift " + placebo + "%");
  }

  @Test
  void treatedUsersConvertMoreThanTheHoldout() {
    JsonNode h = manifest.get("campaign_holdout");
    LocalDate from = LocalDate.parse(h.get("window_start").asText());
    LocalDate to = LocalDate.parse(h.get("window_end").asText());
    Map<String, String> arm = new HashMap<>();
    InputTree.reference(sample, "campaign_assignments")
        .forEach(r -> arm.put(r.get("user_id"), r.get("arm")));
    Set<String> converters = new HashSet<>();
    for (Row line : ContractRules.currentLines(InputTree.read(sample, "orders")).values()) {
      LocalDate d = InputTree.businessDate(line.get("order_time"));
      if (line.get("status").equals("paid")
          && line.get("user_id") != null
          && !d.isBefore(from)
          && !d.isAfter(to)) {
        converters.add(line.get("user_id"));
      }
    }
    double[] n = new double[2];
    double[] c = new double[2];
    for (Map.Entry<String, String> e : arm.entrySet()) {
      int i = e.getValue().equals("treatment") ? 0 : 1;
      n[i]++;
      if (converters.contains(e.getKey())) {
        c[i]++;
      }
    }
    assertEquals(h.get("treatment_users").asDouble(), n[0]);
    assertEquals(h.get("control_users").asDouble(), n[1]);
    double pt = c[0] / n[0];
    double pc = c[1] / n[1];
    double pooledRate = (c[0] + c[1]) / (n[0] + n[1]);
    double z = (pt - pc) / Math.sqrt(pooledRate * (1 - pooledRate) * (1 / n[0] + 1 / n[1]));
    assertTrue(pt - pc > 0.02 && z > 3, "lift " + (pt - pc) + ", z " + z);
  }
}
