package io.omnitouch.marts.uplift;

import io.omnitouch.run.RunContext;
import io.omnitouch.silver.Dimensions;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** Reads of the warehouse shared by the uplift jobs (the I/O edge, never the marts). */
final class UpliftInputs {
  /** The {@code --stages} group of the uplift marts. */
  static final String GROUP = "uplift";

  private UpliftInputs() {}

  /** A store-rollout mart's build as of one date, from its three inputs. */
  @FunctionalInterface
  interface StoreRolloutBuild {
    Dataset<Row> asOf(
        Dataset<Row> paidOrders, Dataset<Row> rollouts, Dataset<Row> stores, LocalDate date);
  }

  /**
   * Reads silver/paid_orders and the program_rollouts and stores dimensions once, then builds the
   * mart {@link #asOfEachDate as of each date} {@code from..to}: the compute step every uplift mart
   * shares.
   */
  static Dataset<Row> asOfEachDate(
      RunContext ctx, LocalDate from, LocalDate to, StoreRolloutBuild build) {
    Warehouse wh = ctx.warehouse();
    Dataset<Row> paidOrders = wh.read("silver/paid_orders");
    Dataset<Row> rollouts = Dimensions.read(wh, "program_rollouts");
    Dataset<Row> stores = Dimensions.read(wh, "stores");
    return asOfEachDate(from, to, d -> build.asOf(paidOrders, rollouts, stores, d));
  }

  /**
   * The mart as of every date {@code from..to}: each dt is estimated with the data up to that date,
   * so a restated date gets the rows a rerun of that date would write.
   */
  static Dataset<Row> asOfEachDate(
      LocalDate from, LocalDate to, Function<LocalDate, Dataset<Row>> buildAsOf) {
    Dataset<Row> out = buildAsOf.apply(to);
    for (LocalDate d = from; d.isBefore(to); d = d.plusDays(1)) {
      out = out.unionByName(buildAsOf.apply(d));
    }
    return out;
  }
}
