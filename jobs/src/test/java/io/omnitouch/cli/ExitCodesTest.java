package io.omnitouch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Exit codes through the real command line, for the faults detected before Spark starts, and the
 * recognition of storage faults under Spark's wrapping. (Faults inside a run: ProcessFaultsTest.)
 */
class ExitCodesTest {
  private String err;

  private int omnitouch(String... args) {
    PrintStream saved = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      return Omnitouch.execute(args);
    } finally {
      System.setErr(saved);
      err = buf.toString(StandardCharsets.UTF_8);
    }
  }

  @Test
  void aMissingPiiKeyIsExit2BeforeAnythingStarts() throws IOException {
    Path wh = Files.createTempDirectory("omnitouch-nokey");
    int code =
        omnitouch(
            "run",
            "--date",
            "2026-11-22",
            "--input",
            wh.toString(),
            "--warehouse",
            wh.toString(),
            "--pii-key-env",
            "OMNITOUCH_TEST_KEY_THAT_IS_NOT_SET");
    assertEquals(ExitCodes.BAD_INPUT, code);
    assertTrue(
        err.contains(
            "omnitouch: No PII key: set the environment variable OMNITOUCH_TEST_KEY_THAT_IS_NOT_SET"),
        err);
    try (Stream<Path> files = Files.list(wh)) {
      assertEquals(0, files.count(), "nothing written, no lock taken");
    }
  }

  @Test
  void badLifecycleAndThresholdArgumentsAreExit2() {
    assertEquals(ExitCodes.BAD_INPUT, omnitouch("forget"));
    assertTrue(err.contains("Missing required option: '--user-id=<userId>'"), err);
    assertEquals(ExitCodes.BAD_INPUT, omnitouch("maintain", "--retention-hours", "-1"));
    assertTrue(err.contains("--retention-hours must be >= 0"), err);
    assertEquals(
        ExitCodes.BAD_INPUT,
        omnitouch("run", "--date", "2026-11-22", "--completeness-fail", "1.5"));
    assertTrue(err.contains("completeness failure threshold must be a share in [0, 1]"), err);
    assertEquals(
        ExitCodes.BAD_INPUT, omnitouch("run", "--date", "2026-11-22", "--lock-stale-seconds", "0"));
    assertTrue(err.contains("lock stale threshold must be positive"), err);
  }

  @Test
  void storageFaultsAreRecognisedUnderSparksWrappingAndOthersAreNot() {
    Exception full =
        new RuntimeException(
            "Job aborted due to stage failure: [TASK_WRITE_FAILED] Task failed while writing rows"
                + " to file:/wh/gold/sales_daily. Caused by: java.io.IOException: No space left on"
                + " device",
            new IllegalStateException("task failed", new IOException("No space left on device")));
    assertEquals(
        "storage is full (No space left on device at file:/wh/gold/sales_daily): free space or"
            + " point --warehouse at a larger volume. Nothing half-written is visible to readers:"
            + " Delta commits are atomic and export partitions are swapped in whole. Fix the"
            + " storage, then rerun the same date (every stage is idempotent).",
        StorageFailures.describe(full));
    String denied =
        StorageFailures.describe(
            new RuntimeException("boom", new AccessDeniedException("/wh/_locks/2026-11-22")));
    assertTrue(denied.startsWith("storage refused a write or read (AccessDeniedException"), denied);
    assertNull(StorageFailures.describe(new IllegalStateException("division by zero")));
  }
}
