package io.omnitouch.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads an input tree the way the contract describes it (for tests): every file of a source in (dt,
 * file) order, each row with its dt, file and physical line (the header is line 1).
 */
final class InputTree {
  static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  record Row(LocalDate dt, String file, long line, List<String> header, Map<String, String> v) {
    String get(String column) {
      String s = v.get(column);
      return s == null || s.isEmpty() ? null : s;
    }
  }

  private InputTree() {}

  static List<Path> files(Path root, String source) {
    try (Stream<Path> s = Files.walk(root.resolve(source))) {
      return s.filter(Files::isRegularFile)
          .filter(p -> p.toString().endsWith(".csv") || p.toString().endsWith(".csv.gz"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Row> read(Path root, String source) {
    List<Row> out = new ArrayList<>();
    for (Path f : files(root, source)) {
      String folder = f.getParent().getFileName().toString();
      LocalDate dt = LocalDate.parse(folder.substring("dt=".length()));
      out.addAll(parse(f, dt));
    }
    return out;
  }

  static List<Row> parse(Path f, LocalDate dt) {
    try (InputStream raw = Files.newInputStream(f);
        InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
        Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(reader)) {
      List<String> header = parser.getHeaderNames();
      List<Row> out = new ArrayList<>();
      for (CSVRecord r : parser) {
        if (r.size() != header.size()) {
          throw new AssertionError(
              f + " line " + (r.getRecordNumber() + 1) + ": wrong field count");
        }
        Map<String, String> v = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
          v.put(header.get(i), r.get(i));
        }
        out.add(new Row(dt, f.getFileName().toString(), r.getRecordNumber() + 1, header, v));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static List<Row> reference(Path root, String name) {
    return parse(root.resolve("reference").resolve(name + ".csv"), null);
  }

  /** The contract's timestamp forms: ISO-8601 with offset or Z, or local Asia/Shanghai time. */
  static Instant instant(String s) {
    if (s.length() == 19 && s.charAt(10) == ' ') {
      return LocalDateTime.parse(s, LOCAL).atZone(ZONE).toInstant();
    }
    return OffsetDateTime.parse(s).toInstant();
  }

  static LocalDate businessDate(String timestamp) {
    return LocalDate.ofInstant(instant(timestamp), ZONE);
  }
}
