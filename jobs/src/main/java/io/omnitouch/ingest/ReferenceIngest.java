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
import org.apache.spark.sql.functions;
import org.apache.spark.storage.StorageLevel;

/**
 * Loads the reference files (small snapshots) on the driver into the conformed dimensions {@code
 * silver/<name>}, replaced whole each run; rejected rows go to quarantine with the run date as dt.
 * A missing required reference file fails the run; one whose schema says {@code "optional": true}
 * (campaign_assignments, calendar, targets) loads as an empty table.
 */
public final class ReferenceIngest {
  private static final String TERRITORIES = "distributor_territories";

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
    // Small tables: Delta's commit latency dominates, so they load in parallel. The packing file
    // is large (a row per unit) and loads as a Spark job of its own, with its own quarantine.
    List<java.util.concurrent.Callable<BronzeIngest.Result>> loads = new ArrayList<>();
    List<String> driverSide = new ArrayList<>(SourceSpec.REFERENCES);
    driverSide.remove(CodePackingIngest.NAME);
    for (String name : driverSide) {
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
    Quarantine.write(wh, q, driverSide, List.of(runDate));
    results.add(loadPacking(runDate));
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
          String problem = v[v.length - 2] == null ? rowProblem(name, v) : null;
          if (problem != null) {
            v[v.length - 2] = problem;
            v[v.length - 1] = raw(v, declared);
          }
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
    if (TERRITORIES.equals(name) && fileErrors.isEmpty()) {
      List<String> overlaps = TerritoryPeriods.overlaps(periods(good));
      if (!overlaps.isEmpty()) {
        String problem =
            "overlapping territory periods of distributor " + String.join(", ", overlaps);
        fileErrors.add(rel + ": " + problem);
        quarantine.add(referenceRow(csv.reject(rel, dt, null, null, problem), spec));
        rejected += good.size();
        good.clear();
      }
    }
    wh.overwrite(
        "silver/" + name,
        wh.spark().createDataFrame(good, Schemas.referenceStruct("reference/" + name)));
    return new BronzeIngest.Result(
        name, good.size() + rejected, good.size(), rejected, fileErrors, unknown, List.of());
  }

  /**
   * code_packing.csv: parsed by a Spark job (a row per unit), conflicts resolved, written as the
   * compact {@code silver/code_packing}; its quarantine (rejected rows under {@code code_packing},
   * conflicting rows under {@code reference}) is replaced here. Absent, the table is empty.
   */
  private BronzeIngest.Result loadPacking(LocalDate runDate) {
    String name = CodePackingIngest.NAME;
    List<String> sources = List.of(name, CodePackingIngest.CONFLICT_SOURCE);
    String file = input.referenceFile(name);
    Dataset<Row> noQuarantine = wh.empty(Schemas.struct("silver/quarantine"));
    if (file == null) {
      wh.overwrite(CodePackingIngest.TABLE, wh.empty(Schemas.struct(CodePackingIngest.TABLE)));
      Quarantine.write(wh, noQuarantine, sources, List.of(runDate));
      return new BronzeIngest.Result(name, 0, 0, 0, List.of(), List.of(), List.of());
    }
    SourceSpec spec = SourceSpec.reference(name);
    CsvFile csv = new CsvFile(spec, new RowParser(spec, zone, phoneKeys), phoneKeys, runId);
    String rel = InputFiles.relative(file);
    Date dt = Date.valueOf(runDate);
    List<String> unknown = new ArrayList<>();
    String problem;
    try (InputStream in = input.open(file);
        Reader r = CsvFile.open(in, file)) {
      CsvFile.Header h = csv.header(r);
      problem =
          h == null
              ? "empty file: no header row"
              : h.missingRequired().isEmpty()
                  ? null
                  : "missing required column " + String.join(", ", h.missingRequired());
      if (h != null) {
        h.unknown().forEach(u -> unknown.add(rel + ": " + u));
      }
    } catch (IOException e) {
      throw new InputContractException("Cannot read reference file " + file + ": " + e, e);
    }
    if (problem != null) {
      wh.overwrite(CodePackingIngest.TABLE, wh.empty(Schemas.struct(CodePackingIngest.TABLE)));
      Row reject = RowFactory.create(csv.reject(rel, dt, null, null, problem));
      Quarantine.write(
          wh,
          Quarantine.fromParsed(
              wh.spark().createDataFrame(List.of(reject), spec.parsedStruct()), name),
          sources,
          List.of(runDate));
      return new BronzeIngest.Result(
          name, 1, 0, 1, List.of(rel + ": " + problem), unknown, List.of());
    }
    Dataset<Row> parsed =
        CodePackingIngest.parse(wh.spark(), csv, file, dt).persist(StorageLevel.MEMORY_AND_DISK());
    Dataset<Row> annotated =
        CodePackingIngest.withCasesOfUnit(
                parsed
                    .filter(functions.col("reason").isNull())
                    .select(
                        CodePackingIngest.goodColumns().stream()
                            .map(functions::col)
                            .toArray(org.apache.spark.sql.Column[]::new)))
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long rowsIn = parsed.count();
      long good = annotated.count();
      long conflicts = annotated.filter(CodePackingIngest.conflicting()).count();
      wh.overwrite(
          CodePackingIngest.TABLE,
          CodePackingIngest.containers(
              annotated.filter(functions.not(CodePackingIngest.conflicting()))));
      Dataset<Row> conflictRows =
          Schemas.conform(
              CodePackingIngest.conflictQuarantine(annotated)
                  .withColumn("ingested_at", functions.current_timestamp()),
              "silver/quarantine");
      Quarantine.write(
          wh,
          Quarantine.fromParsed(parsed, name).unionByName(conflictRows),
          sources,
          List.of(runDate));
      long rejected = rowsIn - good + conflicts;
      return new BronzeIngest.Result(
          name, rowsIn, good - conflicts, rejected, List.of(), unknown, List.of());
    } finally {
      annotated.unpersist();
      parsed.unpersist();
    }
  }

  /**
   * A rule across fields of one parsed row, or null: a territory period must end after it starts
   * (valid_to exclusive, so valid_to <= valid_from would be an empty period).
   */
  private static String rowProblem(String name, Object[] v) {
    if (TERRITORIES.equals(name) && v[3] != null && !((Date) v[3]).after((Date) v[2])) {
      return "valid_to " + v[3] + " is not after valid_from " + v[2];
    }
    return null;
  }

  /** The typed values of a row as comma-separated text (for a row rejected after parsing). */
  private static String raw(Object[] v, int declared) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < declared; i++) {
      b.append(i == 0 ? "" : ",").append(v[i] == null ? "" : v[i]);
    }
    return b.toString();
  }

  private static List<TerritoryPeriods.Period> periods(List<Row> good) {
    List<TerritoryPeriods.Period> out = new ArrayList<>();
    for (Row r : good) {
      out.add(
          new TerritoryPeriods.Period(
              r.getString(0),
              r.getDate(2).toLocalDate(),
              r.isNullAt(3) ? null : r.getDate(3).toLocalDate()));
    }
    return out;
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
