package io.omnitouch.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.testing.SharedSpark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The committed mart dictionary is what the generator makes of schemas/ and the definitions; with
 * {@code -Ddocs.write=true} this test writes it instead (the one regeneration command).
 */
class MartDictionaryTest {
  @Test
  void committedDictionaryMatchesTheSchemas() throws IOException {
    Path repo = SharedSpark.repo();
    String expected = MartDictionary.render(repo);
    Path committed = repo.resolve(MartDictionary.OUTPUT);
    if (Boolean.getBoolean("docs.write")) {
      Files.writeString(committed, expected, StandardCharsets.UTF_8);
    }
    assertTrue(
        Files.exists(committed),
        MartDictionary.OUTPUT + " is missing; generate it with: " + MartDictionary.COMMAND);
    assertEquals(
        expected,
        Files.readString(committed, StandardCharsets.UTF_8),
        MartDictionary.OUTPUT
            + " differs from schemas/ and "
            + MartDictionary.DEFINITIONS
            + "; regenerate it with: "
            + MartDictionary.COMMAND);
  }

  @Test
  void everyMartIsInTheDictionaryWithItsColumns() throws IOException {
    String doc = MartDictionary.render(SharedSpark.repo());
    for (var job : io.omnitouch.marts.MartCatalog.all()) {
      assertTrue(doc.contains("#### `" + job.name() + "`"), job.name());
      for (var f : Schemas.struct("marts/" + job.name()).fields()) {
        assertTrue(doc.contains("| `" + f.name() + "` |"), job.name() + "." + f.name());
      }
    }
  }
}
