package io.omnitouch.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The published reference data sets the golden checks compare with, kept in the repository under
 * {@code jobs/src/test/resources/reference/<name>/} (each folder's README gives source and
 * licence). They are test fixtures only: test resources never enter the shipped jar. A missing file
 * fails the test: a golden check that skips would silently stop proving the models right.
 */
public final class ReferenceData {
  /** The folder of the copies, relative to the repository root. */
  public static final Path FOLDER = Path.of("jobs", "src", "test", "resources", "reference");

  private ReferenceData() {}

  /** The folder {@code reference/<name>}, asserting that {@code requiredFile} is in it. */
  public static Path folder(String name, String requiredFile) {
    Path dir = SharedSpark.repo().resolve(FOLDER).resolve(name);
    Path file = dir.resolve(requiredFile);
    assertTrue(
        Files.isRegularFile(file) && Files.isReadable(file),
        "reference data "
            + file
            + " is missing: the golden checks read the repository's own copy (see the README in "
            + dir
            + ")");
    return dir;
  }
}
