package io.omnitouch.ingest;

import io.omnitouch.run.InputContractException;
import io.omnitouch.run.Parallel;
import io.omnitouch.schema.Schemas;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

/**
 * Loads the reference files (small snapshots) on the driver into the conformed dimensions {@code
 * silver/<name>}, replaced whole each run; rejected rows go to quarantine with the run date as dt.
 * A missing required reference file fails the run; one whose schema says {@code "optional": true}
 * (campaign_assignments, calendar, targets) loads as an empty table.
 */
public final class ReferenceIngest {
  private final Warehouse wh;
  private final InputFiles input;
  private final ZoneId zone;
  private final PhoneKeys phoneKeys;
  private final String runId;

  public ReferenceIngest(
      Warehouse wh, InputFiles input, ZoneId zone, PhoneKeys phoneKeys, String runId) {
    this.wh = wh;
    this.input = input;
    this.zone = zone;
    this.phoneKeys = phoneKeys;
    this.runId = runId;
  }

  public List<BronzeIngest.Result> loadAll(LocalDate runDate) {
    List<BronzeIngest.Result> results = new ArrayList<>();
    List<Row> quarantine = java.util.Collections.synchronizedList(new ArrayList<>());
    // Small tables: Delta's commit latency dominates, so they load in parallel.
    List<java.util.concurrent.Callable<BronzeIngest.Result>> loads = new ArrayList<>();
    for (String name : SourceSpec.REFERENCES) {
      loads.add(() -> load(name, runDate, quarantine));
    }
    results.addAll(Parallel.all(4, loads));
    Dataset<Row> q =
        Quarantine.fromParsed(
            wh.spark().createDataFrame(quarantine, SourceSpec.reference("regions").parsedStruct()),
            "reference");
    // The source column names the reference file, not "reference".
    q =
        q.withColumn(
            "source",
            org.apache.spark.sql.functions.regexp_extract(q.col("file"), "([^/]+)\\.csv$", 1));
    Quarantine.write(wh, q, SourceSpec.REFERENCES, List.of(runDate));
    return results;
  }

  private BronzeIngest.Result load(String name, LocalDate runDate, List<Row> quarantine) {
    SourceSpec spec = SourceSpec.reference(name);
    String file = input.referenceFile(name);
    if (file == null) {
      if (SourceSpec.optionalReference(name)) {
        wh.overwrite("silver/" + name, wh.empty(Schemas.referenceStruct("reference/" + name)));
        return new BronzeIngest.Result(name, 0, 0, 0, List.of(), List.of(), List.of());
      }
      throw new InputContractException("Missing reference file reference/" + name + ".csv");
    }
    CsvFile csv = new CsvFile(spec, new RowParser(spec, zone, phoneKeys), phoneKeys, runId);
    String rel = InputFiles.relative(file);
    Date dt = Date.valueOf(runDate);
    List<Row> good = new ArrayList<>();
    List<String> fileErrors = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    long rejected = 0;
    int declared = spec.columns.size();
    try (InputStream in = input.open(file);
        Reader r = CsvFile.open(in, file)) {
      CsvFile.Header h = csv.header(r);
      String problem =
          h == null
              ? "empty file: no header row"
              : h.missingRequired().isEmpty()
                  ? null
                  : "missing required column " + String.join(", ", h.missingRequired());
      if (problem != null) {
        fileErrors.add(rel + ": " + problem);
        quarantine.add(referenceRow(csv.reject(rel, dt, null, null, problem), spec));
        rejected++;
      } else {
        h.unknown().forEach(u -> unknown.add(rel + ": " + u));
      }
    } catch (IOException e) {
      throw new InputContractException("Cannot read reference file " + file + ": " + e, e);
    }
    if (fileErrors.isEmpty()) {
      try (InputStream in = input.open(file);
          Reader r = CsvFile.open(in, file)) {
        Iterator<Object[]> it = csv.rows(r, rel, dt);
        while (it.hasNext()) {
          Object[] v = it.next();
          if (v[v.length - 2] != null) {
            quarantine.add(referenceRow(v, spec));
            rejected++;
          } else {
            good.add(RowFactory.create(Arrays.copyOf(v, declared)));
          }
        }
      } catch (IOException e) {
        throw new InputContractException("Cannot read reference file " + file + ": " + e, e);
      }
    }
    wh.overwrite(
        "silver/" + name,
        wh.spark().createDataFrame(good, Schemas.referenceStruct("reference/" + name)));
    return new BronzeIngest.Result(
        name, good.size() + rejected, good.size(), rejected, fileErrors, unknown, List.of());
  }

  /** A rejected reference row in the common lineage + reason + raw layout of the regions spec. */
  private static Row referenceRow(Object[] v, SourceSpec spec) {
    int tail = v.length - spec.columns.size();
    Object[] lineage = Arrays.copyOfRange(v, spec.columns.size(), v.length);
    Object[] out = new Object[SourceSpec.reference("regions").width()];
    System.arraycopy(lineage, 0, out, out.length - tail, tail);
    return RowFactory.create(out);
  }
}
