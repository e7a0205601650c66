package io.omnitouch.marts.uplift;

import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes {@link StoreDoublingDaily}: the 倍增 progress as of each restated run date. */
public final class StoreDoublingDailyJob implements MartJob {
  @Override
  public String name() {
    return StoreDoublingDaily.MART;
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
    Dataset<Row> paidOrders = wh.read("silver/paid_orders");
    Dataset<Row> rollouts = UpliftInputs.dimension(wh, "program_rollouts");
    Dataset<Row> stores = UpliftInputs.dimension(wh, "stores");
    return UpliftInputs.asOfEachDate(
        from, to, d -> StoreDoublingDaily.build(paidOrders, rollouts, stores, d));
  }
}
