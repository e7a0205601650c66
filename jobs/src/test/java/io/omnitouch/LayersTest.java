package io.omnitouch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The orchestrator is the top of the house: only the launchers (cli, bench) and the orchestrator
 * itself may name {@code io.omnitouch.pipeline}; everything below shares {@code io.omnitouch.run}.
 */
class LayersTest {
  private static final Path MAIN = Path.of("src/main/java/io/omnitouch");
  private static final Set<String> MAY_IMPORT_PIPELINE = Set.of("pipeline", "cli", "bench");

  @Test
  void nothingBelowTheOrchestratorNamesIt() throws IOException {
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> !MAY_IMPORT_PIPELINE.contains(MAIN.relativize(f).getName(0).toString()))
              .filter(LayersTest::namesPipeline)
              .map(f -> MAIN.relativize(f).toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders, "classes below the orchestrator that name it");
  }

  /** Silver and everything under it never read gold: marts read silver, not the other way. */
  @Test
  void silverAndBelowNeverNameTheMarts() throws IOException {
    // (schema/ is not below: its MartDictionary documents the catalog of marts.)
    Set<String> belowMarts = Set.of("run", "storage", "ingest", "silver");
    List<String> offenders;
    try (Stream<Path> files = Files.walk(MAIN)) {
      offenders =
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> belowMarts.contains(MAIN.relativize(f).getName(0).toString()))
              .filter(f -> names(f, "io.omnitouch.marts"))
              .map(f -> MAIN.relativize(f).toString())
              .sorted()
              .toList();
    }
    assertEquals(List.of(), offenders, "silver (or below) classes that name a mart package");
  }

  private static boolean namesPipeline(Path f) {
    return names(f, "io.omnitouch.pipeline");
  }

  private static boolean names(Path f, String pkg) {
    try {
      return Files.readString(f).contains(pkg);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
