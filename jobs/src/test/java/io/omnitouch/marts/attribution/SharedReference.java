package io.omnitouch.marts.attribution;

import io.omnitouch.testing.SharedSpark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code shared/reference/<name>} next to the repository: {@code ../shared} for a clone,
 * {@code ../../shared} for a worktree under {@code wt/}. Reference data is read in place, never
 * copied into the project; a test needing it is skipped, saying where it looked, when it is absent.
 */
final class SharedReference {
  private SharedReference() {}

  static Path folder(String name, String requiredFile) {
    Path repo = SharedSpark.repo();
    List<Path> candidates =
        List.of(
            repo.resolve("../shared/reference").resolve(name).normalize(),
            repo.resolve("../../shared/reference").resolve(name).normalize());
    for (Path p : candidates) {
      if (Files.isRegularFile(p.resolve(requiredFile))) {
        return p;
      }
    }
    Assumptions.abort(
        "Skipped: reference data "
            + name
            + "/"
            + requiredFile
            + " not found at "
            + candidates
            + " (it lives in the shared folder next to the repository and is never copied in)");
    throw new AssertionError("unreachable");
  }
}
