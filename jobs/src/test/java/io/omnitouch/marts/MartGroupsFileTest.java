package io.omnitouch.marts;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Airflow runs the mart groups as tasks ({@code MART_GROUPS} in {@code
 * airflow-dags/omnitouch_nightly.py}); its tests check those tasks against {@code
 * airflow-dags/mart_groups.json}, and this test keeps that file equal to the catalog's groups. A
 * new group: add it to the file (the message below gives the content) and to a DAG task.
 */
class MartGroupsFileTest {
  static final Path FILE =
      Path.of(System.getProperty("omnitouch.repo", ".."), "airflow-dags", "mart_groups.json");

  @Test
  void theDagsGroupsFileIsTheCatalogs() throws IOException {
    String expected =
        MartCatalog.groups().stream()
                .map(g -> "  \"" + g + "\"")
                .collect(Collectors.joining(",\n", "[\n", "\n]"))
            + "\n";
    assertEquals(
        expected,
        Files.readString(FILE, StandardCharsets.UTF_8),
        FILE + " must list MartCatalog.groups() in run order");
  }
}
