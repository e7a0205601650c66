package io.omnitouch.bench;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.ingest.InputFiles;
import io.omnitouch.ingest.SourceSpec;
import io.omnitouch.pipeline.NightlyRun;
import io.omnitouch.spark.SparkSessions;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The ingest benchmark: the ingest + silver stages of one date against a floor job that only reads
 * the same CSVs (no validation, no typing) and writes them as Parquet. The ratio is the cost of our
 * logic: parsing by the contract, keying phones, quarantine, Delta commits, dedup and MERGE.
 */
public final class IngestBench {
  private IngestBench() {}

  public static void run(OmnitouchConfig config, LocalDate date, Path scratch, PrintStream out) {
    SparkSession spark = SparkSessions.create(config, "omnitouch-bench-ingest");
    try {
      InputFiles input =
          new InputFiles(config.input.toAbsolutePath().normalize().toString(), new Configuration());
      long rows = logRows(spark, input, date);
      out.printf(Locale.ROOT, "input: %,d log rows for %s%n", rows, date);

      Figures floor = floor(spark, input, date, scratch.resolve("floor"));
      OmnitouchConfig benchConfig =
          config.toBuilder().warehouse(scratch.resolve("warehouse")).dev(true).build();
      Figures ours;
      try (PeakMemory mem = new PeakMemory()) {
        long t0 = System.nanoTime();
        new NightlyRun(
                spark,
                benchConfig,
                Map.of(),
                new PrintStream(PrintStream.nullOutputStream()),
                NightlyRun.ReportStage.NONE)
            .run(
                date,
                date,
                "bench",
                NightlyRun.stages(List.of(NightlyRun.INGEST, NightlyRun.SILVER)));
        ours = new Figures((System.nanoTime() - t0) / 1e9, mem.peakHeapBytes());
      }
      print(out, "floor (CSV -> Parquet)", rows, floor);
      print(out, "ingest + silver", rows, ours);
      out.printf(
          Locale.ROOT, "ratio ingest/floor: %.2fx wall time%n", ours.seconds / floor.seconds);
      out.printf(Locale.ROOT, "process peak RSS: %,d MB%n", PeakMemory.peakRssBytes() >> 20);
    } finally {
      spark.stop();
    }
  }

  record Figures(double seconds, long peakHeap) {}

  /** Rows of the event logs' files of {@code date}. */
  static long logRows(SparkSession spark, InputFiles input, LocalDate date) {
    long rows = 0;
    for (String source : SourceSpec.EVENT_SOURCES) {
      List<String> files = input.eventFiles(source, List.of(date));
      rows += spark.read().option("header", "true").csv(files.toArray(String[]::new)).count();
    }
    return rows;
  }

  /** Spark's own CSV → Parquet of the event logs' files of {@code date}: the floor. */
  static Figures floor(SparkSession spark, InputFiles input, LocalDate date, Path out) {
    try (PeakMemory mem = new PeakMemory()) {
      long t0 = System.nanoTime();
      for (String source : SourceSpec.EVENT_SOURCES) {
        List<String> files = input.eventFiles(source, List.of(date));
        Dataset<Row> raw = spark.read().option("header", "true").csv(files.toArray(String[]::new));
        raw.write().mode("overwrite").parquet(out.resolve(source).toString());
      }
      return new Figures((System.nanoTime() - t0) / 1e9, mem.peakHeapBytes());
    }
  }

  private static void print(PrintStream out, String what, long rows, Figures f) {
    out.printf(
        Locale.ROOT,
        "%-24s wall %8.1f s  %,12.0f rows/s  peak heap %,6d MB%n",
        what,
        f.seconds,
        rows / f.seconds,
        f.peakHeap >> 20);
  }
}
