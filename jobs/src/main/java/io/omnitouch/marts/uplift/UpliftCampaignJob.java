package io.omnitouch.marts.uplift;

import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes {@link UpliftCampaign}: the holdout readout as of each restated run date. */
public final class UpliftCampaignJob implements MartJob {
  @Override
  public String name() {
    return UpliftCampaign.MART;
  }

  @Override
  public String group() {
    return UpliftInputs.GROUP;
  }

  @Override
  public String dateColumn() {
    return "dt";
  }

  @Override
  public boolean asOfRunDate() {
    return true;
  }

  @Override
  public Dataset<Row> compute(RunContext ctx, LocalDate from, LocalDate to) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> campaigns = UpliftInputs.dimension(wh, "campaigns");
    Dataset<Row> assignments = UpliftInputs.dimension(wh, "campaign_assignments");
    Dataset<Row> orderLines = wh.read("silver/order_lines");
    Dataset<Row> paidOrders = wh.read("silver/paid_orders");
    Dataset<Row> products = UpliftInputs.dimension(wh, "products");
    Dataset<Row> scans = wh.read("silver/scans");
    return UpliftInputs.asOfEachDate(
        from,
        to,
        d ->
            UpliftCampaign.build(
                campaigns, assignments, orderLines, paidOrders, products, scans, d));
  }
}
