package io.omnitouch.marts.uplift;

import io.omnitouch.marts.MartJob;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Writes {@link UpliftProgram}: the estimate as of each restated run date. */
public final class UpliftProgramJob implements MartJob {
  @Override
  public String name() {
    return UpliftProgram.MART;
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
        from, to, d -> UpliftProgram.build(paidOrders, rollouts, stores, d, ctx.config().uplift));
  }
}
