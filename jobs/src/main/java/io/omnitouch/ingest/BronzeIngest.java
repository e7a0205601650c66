package io.omnitouch.ingest;

import io.omnitouch.run.InputContractException;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * Loads one log's files of some dates into {@code bronze/<source>} (typed rows as received plus
 * file, line and run id, partitioned by event date) and its rejected rows into quarantine. Files
 * are parsed in parallel, one task per file; the header is checked on the driver first so a file
 * missing a required column is rejected whole, naming file and column.
 */
public final class BronzeIngest {

  /** What one source's load did. */
  public record Result(
      String source,
      long rowsIn,
      long rowsLoaded,
      long rowsRejected,
      List<String> fileErrors,
      List<String> unknownColumns,
      List<LocalDate> eventDates) {}

  private final Warehouse wh;
  private final InputFiles input;
  private final ZoneId zone;
  private final PhoneKeys phoneKeys;
  private final String runId;

  public BronzeIngest(
      Warehouse wh, InputFiles input, ZoneId zone, PhoneKeys phoneKeys, String runId) {
    this.wh = wh;
    this.input = input;
    this.zone = zone;
    this.phoneKeys = phoneKeys;
    this.runId = runId;
  }

  public static String table(String source) {
    return "bronze/" + source;
  }

  public Result load(String source, Collection<LocalDate> dts) {
    SourceSpec spec = SourceSpec.event(source);
    CsvFile csv = new CsvFile(spec, new RowParser(spec, zone, phoneKeys), phoneKeys, runId);
    List<String> files = input.eventFiles(source, dts);

    List<String> good = new ArrayList<>();
    List<Object[]> fileRejects = new ArrayList<>();
    List<String> fileErrors = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    for (String f : files) {
      String rel = InputFiles.relative(f);
      CsvFile.Header h;
      try (InputStream in = input.open(f);
          Reader r = CsvFile.open(in, f)) {
        h = csv.header(r);
      } catch (IOException e) {
        throw new InputContractException("Cannot read input file " + f + ": " + e.getMessage(), e);
      }
      String problem = null;
      if (h == null) {
        problem = "empty file: no header row";
      } else if (!h.missingRequired().isEmpty()) {
        problem = "missing required column " + String.join(", ", h.missingRequired());
        if (!h.unknown().isEmpty()) {
          // Schema drift: a required column renamed upstream shows up as an unknown one.
          problem += " (unknown columns " + String.join(", ", h.unknown()) + ": renamed upstream?)";
        }
      }
      if (problem != null) {
        fileErrors.add(rel + ": " + problem);
        fileRejects.add(csv.reject(rel, Date.valueOf(InputFiles.dtOf(f)), null, null, problem));
        continue;
      }
      h.unknown().forEach(u -> unknown.add(rel + ": " + u));
      good.add(f);
    }

    Dataset<Row> parsed = parse(wh, csv, good, spec).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> fileLevel =
          wh.spark()
              .createDataFrame(
                  fileRejects.stream().map(RowFactory::create).toList(), spec.parsedStruct());
      Dataset<Row> all = parsed.unionByName(fileLevel);

      // One pass over the cached rows gives the counts and the event dates loaded.
      List<Row> counts =
          all.groupBy(functions.col("reason").isNull().as("ok"), functions.col("event_date"))
              .count()
              .collectAsList();
      long loaded = 0;
      long rejected = 0;
      java.util.TreeSet<LocalDate> loadedDates = new java.util.TreeSet<>();
      for (Row c : counts) {
        if (c.getBoolean(0)) {
          loaded += c.getLong(2);
          loadedDates.add(c.getDate(1).toLocalDate());
        } else {
          rejected += c.getLong(2);
        }
      }

      Dataset<Row> typed =
          parsed
              .filter(functions.col("reason").isNull())
              .select(
                  java.util.Arrays.stream(spec.typedStruct().fieldNames())
                      .map(functions::col)
                      .toArray(Column[]::new));
      wh.replaceWhere(table(source), typed, Warehouse.dateIn("dt", dts), "event_date");
      Quarantine.write(wh, Quarantine.fromParsed(all, source), List.of(source), dts);

      List<LocalDate> eventDates = List.copyOf(loadedDates);
      return new Result(
          source, loaded + rejected, loaded, rejected, fileErrors, unknown, eventDates);
    } finally {
      parsed.unpersist();
    }
  }

  private static Dataset<Row> parse(
      Warehouse wh, CsvFile csv, List<String> files, SourceSpec spec) {
    if (files.isEmpty()) {
      return wh.empty(spec.parsedStruct());
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(wh.spark().sparkContext());
    JavaRDD<Row> rows =
        jsc.binaryFiles(String.join(",", files), Math.max(1, files.size()))
            .flatMap(
                (Tuple2<String, PortableDataStream> file) -> {
                  String rel = InputFiles.relative(file._1());
                  Date dt = Date.valueOf(InputFiles.dtOf(file._1()));
                  Reader r = CsvFile.open(file._2().open(), file._1());
                  Iterator<Object[]> it = csv.rows(r, rel, dt);
                  return new RowIterator(it, r);
                });
    return wh.spark().createDataFrame(rows, spec.parsedStruct());
  }

  /** Rows of one file; closes the file when exhausted. */
  private static final class RowIterator implements Iterator<Row> {
    private final Iterator<Object[]> values;
    private final Reader reader;

    RowIterator(Iterator<Object[]> values, Reader reader) {
      this.values = values;
      this.reader = reader;
    }

    @Override
    public boolean hasNext() {
      boolean more = values.hasNext();
      if (!more) {
        try {
          reader.close();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
      return more;
    }

    @Override
    public Row next() {
      return RowFactory.create(values.next());
    }
  }
}
