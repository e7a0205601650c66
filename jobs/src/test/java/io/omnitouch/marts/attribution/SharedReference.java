package io.omnitouch.marts.attribution;

import io.omnitouch.testing.ReferenceData;
import java.nio.file.Path;

/**
 * A published reference data set for the attribution tests: the repository's own copy (see {@link
 * ReferenceData}); a missing file fails the test.
 */
final class SharedReference {
  private SharedReference() {}

  static Path folder(String name, String requiredFile) {
    return ReferenceData.folder(name, requiredFile);
  }
}
