package io.omnitouch.generate;

import java.nio.file.Path;
import java.time.LocalDate;

/**
 * Options of {@code omnitouch generate}: output folder, first business date, number of days, scale
 * (rows per day roughly proportional; 1 is the committed sample's size), seed, gzip output and the
 * maximum rows per file before a source's day is split into further parts.
 */
public record GenerateOptions(
    Path out, LocalDate from, int days, double scale, long seed, boolean gzip, int rowsPerFile) {

  public static final long DEFAULT_SEED = 42;
  public static final int DEFAULT_ROWS_PER_FILE = 1_000_000;

  public GenerateOptions {
    if (out == null) {
      throw new IllegalArgumentException("--out is required");
    }
    if (from == null) {
      throw new IllegalArgumentException("--from is required");
    }
    if (days < 1) {
      throw new IllegalArgumentException("--days must be at least 1, got " + days);
    }
    if (!(scale > 0) || scale > 100_000) {
      throw new IllegalArgumentException("--scale must be > 0 and <= 100000, got " + scale);
    }
    if (rowsPerFile < 1) {
      throw new IllegalArgumentException("--rows-per-file must be at least 1");
    }
  }

  public LocalDate last() {
    return from.plusDays(days - 1L);
  }
}
