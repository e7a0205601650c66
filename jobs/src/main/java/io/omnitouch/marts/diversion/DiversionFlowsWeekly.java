package io.omnitouch.marts.diversion;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.split;

import io.omnitouch.marts.Geo;
import io.omnitouch.marts.Mart;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code diversion_flows_weekly}: one row per (week, from_province, to_province) of
 * out-of-territory scans ({@code diversion_scans}, channel and consumer evidence alike). week: ISO
 * week {@code 2026-W45} of the scan date; from_province: the first 2 digits of the authorised
 * distributor's first territory prefix; to_province: the first 2 digits of the place. codes:
 * distinct codes; scans: scans. Rows where both provinces are equal are kept: a distributor
 * licensed for one city selling into another city of its province is still a flow. Extra:
 * week_start.
 *
 * <p>Restatement: replaced whole, computed incrementally like {@link DiversionCases}: the ISO weeks
 * touching the restated dates from their diversion_scans, the other weeks carried over.
 */
public final class DiversionFlowsWeekly extends Mart {
  public static final String NAME = "diversion_flows_weekly";

  public DiversionFlowsWeekly() {
    super(NAME, "diversion", null);
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    RestatedWeeks weeks = RestatedWeeks.touching(from, to);
    return weeks.replace(NAME, wh.read("gold/" + NAME), build(weeks.scans(wh)));
  }

  /** Pure: the flows of the given diversion_scans rows (all weeks they cover). */
  public static Dataset<Row> build(Dataset<Row> diversionScans) {
    Dataset<Row> flows =
        diversionScans.select(
            col("week"),
            col("week_start"),
            Geo.province(split(col("territory"), ";").getItem(0)).as("from_province"),
            Geo.province(col("region_code")).as("to_province"),
            col("code"));
    return flows
        .groupBy("week", "from_province", "to_province", "week_start")
        .agg(countDistinct("code").as("codes"), count(lit(1)).as("scans"))
        .select("week", "from_province", "to_province", "codes", "scans", "week_start");
  }
}
