package io.omnitouch.ingest;

import static org.apache.spark.sql.functions.array_join;
import static org.apache.spark.sql.functions.array_sort;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.flatten;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;

import io.omnitouch.schema.Schemas;
import java.io.Reader;
import java.sql.Date;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import scala.Tuple2;

/**
 * {@code code_packing.csv} (父子码): parsed by a Spark task, not on the driver, because a brand's
 * packing file holds a row per unit (tens of millions). Its rules (inputs.md, Case and pallet
 * scans): a unit listed with different case_codes is a conflict, all its rows go to quarantine
 * (source {@value #CONFLICT_SOURCE}) and the unit is treated as unpacked; the rest becomes the
 * compact {@code silver/code_packing}, one row per case or pallet with its units.
 */
public final class CodePackingIngest {
  public static final String NAME = "code_packing";
  public static final String TABLE = "silver/" + NAME;

  /** The quarantine source of conflicting packing rows, as the contract names it. */
  public static final String CONFLICT_SOURCE = "reference";

  public static final String CASE = "case";
  public static final String PALLET = "pallet";

  private CodePackingIngest() {}

  /** Parsed rows ({@link SourceSpec#parsedStruct()}) of one packing file. */
  static Dataset<Row> parse(SparkSession spark, CsvFile csv, String file, Date dt) {
    SourceSpec spec = SourceSpec.reference(NAME);
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    JavaRDD<Row> rows =
        jsc.binaryFiles(file, 1)
            .flatMap(
                (Tuple2<String, PortableDataStream> f) -> {
                  String rel = InputFiles.relative(f._1());
                  Reader r = CsvFile.open(f._2().open(), f._1());
                  Iterator<Object[]> it = csv.rows(r, rel, dt);
                  return new Iterator<Row>() {
                    @Override
                    public boolean hasNext() {
                      boolean more = it.hasNext();
                      if (!more) {
                        try {
                          r.close();
                        } catch (java.io.IOException e) {
                          throw new java.io.UncheckedIOException(e);
                        }
                      }
                      return more;
                    }

                    @Override
                    public Row next() {
                      return RowFactory.create(it.next());
                    }
                  };
                });
    return spark.createDataFrame(rows, spec.parsedStruct());
  }

  /**
   * Pure: the good packing rows (code, case_code, pallet_code and lineage) with {@code cases}, the
   * sorted distinct case_codes their unit is listed in; more than one is a conflict.
   */
  public static Dataset<Row> withCasesOfUnit(Dataset<Row> goodRows) {
    return goodRows.withColumn(
        "cases", array_sort(collect_set(col("case_code")).over(Window.partitionBy(col("code")))));
  }

  public static Column conflicting() {
    return size(col("cases")).gt(1);
  }

  /**
   * Pure: quarantine rows (silver/quarantine columns but ingested_at) of the conflicting rows among
   * {@link #withCasesOfUnit} rows.
   */
  public static Dataset<Row> conflictQuarantine(Dataset<Row> annotated) {
    Column reason =
        concat(
            lit("code_packing.csv: unit "),
            col("code"),
            lit(" is listed in different cases ("),
            array_join(col("cases"), ", "),
            lit("); all its rows are quarantined and the unit is treated as unpacked"));
    return annotated
        .filter(conflicting())
        .select(
            lit(CONFLICT_SOURCE).as("source"),
            col("dt"),
            col("source_file").as("file"),
            col("source_line").as("line"),
            reason.as("reason"),
            concat_ws(",", col("code"), col("case_code"), col("pallet_code")).as("raw"),
            col("run_id"));
  }

  /**
   * Pure: the compact packing table from the rows without conflict: one row per case (its units)
   * and per pallet (the units of its cases: pallet → cases → units).
   */
  public static Dataset<Row> containers(Dataset<Row> cleanRows) {
    Dataset<Row> cases =
        cleanRows
            .groupBy(col("case_code").as("container_code"))
            .agg(array_sort(collect_set(col("code"))).as("units"))
            .withColumn("level", lit(CASE));
    Dataset<Row> palletCases =
        cleanRows
            .filter(col("pallet_code").isNotNull())
            .select(col("pallet_code"), col("case_code").as("p_case_code"))
            .distinct();
    Dataset<Row> pallets =
        palletCases
            .join(
                cases.select(col("container_code").as("c_case_code"), col("units").as("c_units")),
                col("p_case_code").equalTo(col("c_case_code")),
                "inner")
            .groupBy(col("pallet_code").as("container_code"))
            .agg(array_sort(flatten(collect_set(col("c_units")))).as("units"))
            .withColumn("level", lit(PALLET));
    return Schemas.conform(cases.unionByName(pallets), TABLE);
  }

  /** Column list of the good rows handed to {@link #withCasesOfUnit}. */
  static List<String> goodColumns() {
    return List.of(
        "code", "case_code", "pallet_code", "dt", "source_file", "source_line", "run_id");
  }
}
