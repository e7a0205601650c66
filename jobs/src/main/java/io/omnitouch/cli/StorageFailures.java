package io.omnitouch.cli;

import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises storage faults (full, read-only, access denied) anywhere in a failure's cause chain,
 * where Spark buries them under "Job aborted due to stage failure", and says what to do about them.
 */
final class StorageFailures {
  private static final Pattern FULL =
      Pattern.compile("No space left on device|Disk quota exceeded|QuotaExceeded");
  private static final Pattern READ_ONLY =
      Pattern.compile("Read-only file system|Permission denied|Access denied|AccessDenied");

  /** The first absolute path in a message, to name where it happened. */
  private static final Pattern PATH = Pattern.compile("((?:[a-z][a-z0-9+.-]*:)?/[^\\s:()'\"]+)");

  private static final String AFTER =
      " Nothing half-written is visible to readers: Delta commits are atomic and export partitions"
          + " are swapped in whole. Fix the storage, then rerun the same date (every stage is"
          + " idempotent).";

  private StorageFailures() {}

  /** A message for the console, or null when the failure is not a storage fault. */
  static String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
      String msg = t.getMessage() == null ? "" : t.getMessage();
      Matcher full = FULL.matcher(msg);
      if (full.find()) {
        return "storage is full ("
            + full.group()
            + where(msg)
            + "): free space or point --warehouse at a larger volume."
            + AFTER;
      }
      Matcher ro = READ_ONLY.matcher(msg);
      if (ro.find() || t instanceof AccessDeniedException) {
        return "storage refused a write or read ("
            + (ro.find(0) ? ro.group() : t.getClass().getSimpleName())
            + where(msg)
            + "): check that the warehouse volume is mounted read-write and that this user may"
            + " write it."
            + AFTER;
      }
    }
    return null;
  }

  private static String where(String msg) {
    Matcher m = PATH.matcher(msg);
    return m.find()
        ? String.format(Locale.ROOT, " at %s", m.group(1).replaceAll("[.,;]+$", ""))
        : "";
  }
}
