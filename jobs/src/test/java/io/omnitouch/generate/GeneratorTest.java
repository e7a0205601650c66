package io.omnitouch.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.cli.ExitCodes;
import io.omnitouch.cli.Omnitouch;
import io.omnitouch.schema.Schemas;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator: deterministic by seed, scalable, a tree that follows the contract. */
class GeneratorTest {
  static final LocalDate FROM = LocalDate.parse("2026-09-28");

  @TempDir static Path tmp;

  /** A full 8-week window at a small scale (19 stores): the planted cases need the weeks. */
  static Path tree;

  @BeforeAll
  static void generate() {
    tree = tmp.resolve("tree");
    Generator.run(new GenerateOptions(tree, FROM, 56, 0.3, 11, false, 1_000_000));
  }

  private static List<Path> files(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
    }
  }

  private static void assertSameBytes(Path a, Path b) throws IOException {
    List<Path> fa = files(a);
    assertEquals(fa, files(b));
    for (Path f : fa) {
      assertArrayEquals(
          Files.readAllBytes(a.resolve(f)), Files.readAllBytes(b.resolve(f)), f.toString());
    }
  }

  @Test
  void sameSeedGivesByteIdenticalFiles() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    Generator.run(new GenerateOptions(a, FROM, 9, 0.3, 7, false, 1_000_000));
    Generator.run(new GenerateOptions(b, FROM, 9, 0.3, 7, false, 1_000_000));
    assertTrue(files(a).size() > 40, "4 sources x 9 days + reference + manifest");
    assertTrue(
        InputTree.parse(a.resolve("orders/dt=2026-09-28/part-00000.csv"), FROM).stream()
            .anyMatch(r -> InputTree.businessDate(r.get("order_time")).isBefore(FROM)),
        "the customer history before the window is part of what the seed fixes");
    assertSameBytes(a, b);
  }

  @Test
  void gzipOutputIsDeterministicAndHoldsTheSameRows() throws IOException {
    Path plain = tmp.resolve("plain");
    Path gz1 = tmp.resolve("gz1");
    Path gz2 = tmp.resolve("gz2");
    Generator.run(new GenerateOptions(plain, FROM, 3, 0.3, 5, false, 1_000_000));
    Generator.run(new GenerateOptions(gz1, FROM, 3, 0.3, 5, true, 1_000_000));
    Generator.run(new GenerateOptions(gz2, FROM, 3, 0.3, 5, true, 1_000_000));
    assertSameBytes(gz1, gz2);
    Path file = Path.of("orders", "dt=2026-09-29", "part-00000.csv");
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz1.resolve(file + ".gz")))) {
      assertArrayEquals(Files.readAllBytes(plain.resolve(file)), in.readAllBytes());
    }
  }

  @Test
  void anotherSeedGivesOtherData() throws IOException {
    Path a = tmp.resolve("seed1");
    Path b = tmp.resolve("seed2");
    Generator.run(new GenerateOptions(a, FROM, 2, 0.3, 1, false, 1_000_000));
    Generator.run(new GenerateOptions(b, FROM, 2, 0.3, 2, false, 1_000_000));
    Path f = Path.of("orders", "dt=2026-09-28", "part-00000.csv");
    assertFalse(Files.readString(a.resolve(f)).equals(Files.readString(b.resolve(f))));
  }

  @Test
  void rowsPerDayGrowWithTheScale() {
    LocalDate from = LocalDate.parse("2026-10-12");
    Map<String, Long> small =
        Generator.run(new GenerateOptions(tmp.resolve("s1"), from, 4, 0.5, 3, false, 1_000_000))
            .rows();
    Map<String, Long> large =
        Generator.run(new GenerateOptions(tmp.resolve("s2"), from, 4, 1.0, 3, false, 1_000_000))
            .rows();
    for (String source : TreeChecks.SOURCES) {
      double ratio = (double) large.get(source) / small.get(source);
      assertTrue(ratio > 1.6 && ratio < 2.4, source + " grows x" + ratio + " for scale x2");
    }
  }

  @Test
  void aSourceDaySplitsIntoPartsAtTheRowLimit() throws IOException {
    Path out = tmp.resolve("parts");
    Generator.run(new GenerateOptions(out, FROM, 1, 0.3, 3, false, 100));
    List<Path> parts = InputTree.files(out, "orders");
    assertTrue(parts.size() > 1, "orders of one day in several parts: " + parts);
    for (Path p : parts) {
      long lines;
      try (Stream<String> s = Files.lines(p)) {
        lines = s.count();
      }
      assertTrue(lines <= 101, p + " has " + lines + " lines");
    }
  }

  @Test
  void everyDayOfEverySourceHasAFileEvenWithoutRows() throws IOException {
    Path out = tmp.resolve("days");
    Generator.run(new GenerateOptions(out, FROM, 2, 0.3, 3, false, 1_000_000));
    for (String source : TreeChecks.SOURCES) {
      assertEquals(2, InputTree.files(out, source).size(), source);
    }
  }

  @Test
  void sourceColumnsAreTheDeclaredOnes() {
    for (Source s : Source.values()) {
      assertEquals(ContractValidator.columnNames("inputs/" + s.folder), s.columns, s.folder);
    }
    assertTrue(Schemas.has("reference/campaign_assignments"));
  }

  @Test
  void generatedTreeFollowsTheContract() {
    TreeChecks.assertFollowsContract(tree);
  }

  @Test
  void theContractRulesFindExactlyThePlantedCases() {
    TreeChecks.assertPlantedCasesExact(tree);
  }

  @Test
  void badOptionsAreRejected() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GenerateOptions(tmp, FROM, 0, 1, 1, false, 1_000_000));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GenerateOptions(tmp, FROM, 1, 0, 1, false, 1_000_000));
    assertEquals(
        ExitCodes.BAD_INPUT,
        Omnitouch.execute(
            "generate",
            "--out",
            tmp.resolve("x").toString(),
            "--from",
            "2026-10-01",
            "--days",
            "0"));
  }

  @Test
  void theCommandWritesATree() {
    Path out = tmp.resolve("cli");
    int code =
        Omnitouch.execute(
            "generate",
            "--out",
            out.toString(),
            "--from",
            "2026-10-01",
            "--days",
            "1",
            "--scale",
            "0.3",
            "--seed",
            "9",
            "--gzip");
    assertEquals(ExitCodes.OK, code);
    assertTrue(Files.exists(out.resolve("scans/dt=2026-10-01/part-00000.csv.gz")));
    assertTrue(Files.exists(out.resolve("reference/campaign_assignments.csv")));
    assertTrue(Files.exists(out.resolve("planted.json")));
  }
}
