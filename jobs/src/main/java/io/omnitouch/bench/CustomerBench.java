package io.omnitouch.bench;

import static org.apache.spark.sql.functions.col;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.DateRange;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.run.RunContext;
import io.omnitouch.silver.BuyerDays;
import io.omnitouch.silver.CustomerState;
import io.omnitouch.silver.PaidOrders;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Is the nightly customer stage incremental? Synthesizes {@code --days} (400) days of {@code
 * silver/paid_orders} at {@code --orders-per-day} (300,000; 10% anonymous, buyers drawn from {@code
 * --users}, default 10 × orders per day, so the buyer base saturates as in a real brand) and their
 * {@code silver/buyer_days}, then times the customer stage of night 31 and of the last night:
 * buyer_days of the night, the customer state advanced by one day (the state of the night before is
 * rebuilt first, untimed) and the three customer marts. Prints wall time and peak heap per night,
 * the ratio last night / night 31 (target at most 1.2) and the ratio to a floor job that only reads
 * the night's orders and writes them as Parquet.
 *
 * <pre>
 * bin/omnitouch bench customers [--orders-per-day 300000] [--days 400] [--users N] [--keep]
 * </pre>
 */
public final class CustomerBench {
  static final int EARLY_NIGHT = 31;
  static final int WARM_UP_NIGHT = 45;
  static final int HORIZON = 30;
  static final double TARGET_RATIO = 1.2;

  private CustomerBench() {}

  public static void main(String[] args) throws IOException {
    Map<String, String> opt = AttributionBench.options(args);
    long perDay = Long.parseLong(opt.getOrDefault("orders-per-day", "300000"));
    int days = Integer.parseInt(opt.getOrDefault("days", "400"));
    long users = Long.parseLong(opt.getOrDefault("users", String.valueOf(perDay * 10)));
    Path root =
        opt.containsKey("warehouse")
            ? Path.of(opt.get("warehouse"))
            : Files.createTempDirectory("omnitouch-bench");
    if (days <= WARM_UP_NIGHT) {
      throw new IllegalArgumentException("--days must be more than " + WARM_UP_NIGHT);
    }
    OmnitouchConfig config =
        OmnitouchConfig.builder()
            .warehouse(root)
            .master(opt.getOrDefault("master", "local[*]"))
            .shufflePartitions(Integer.parseInt(opt.getOrDefault("shuffle-partitions", "8")))
            .build();
    SparkSession spark = SparkSessions.create(config, "omnitouch-customer-bench");
    spark.sparkContext().setLogLevel("WARN");
    Warehouse wh = new Warehouse(spark, root);
    System.out.printf(
        Locale.ROOT,
        "customer bench: %,d paid orders per day, %d days (%,d orders), %,d users, warehouse %s,"
            + " %d cores, heap max %.1f GB%n",
        perDay,
        days,
        perDay * days,
        users,
        root,
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() / 1e9);
    long t0 = System.nanoTime();
    wh.overwrite(PaidOrders.TABLE, AttributionBench.paidOrders(spark, perDay, days, users));
    wh.overwrite(BuyerDays.TABLE, BuyerDays.build(wh.read(PaidOrders.TABLE)));
    System.out.printf(Locale.ROOT, "synthesized silver in %.1f s%n", seconds(t0));

    List<MartJob> marts =
        MartCatalog.all().stream().filter(j -> j.group().equals("customers")).toList();
    night(wh, config, marts, WARM_UP_NIGHT, "warm-up");
    double[] early = night(wh, config, marts, EARLY_NIGHT, "timed");
    double[] late = night(wh, config, marts, days, "timed");
    System.out.printf(
        Locale.ROOT,
        "RESULT night %d: %.1f s; night %d: %.1f s; ratio %.2f (target <= %.1f);"
            + " ratio to the floor: night %d %.1fx, night %d %.1fx%n",
        EARLY_NIGHT,
        early[0],
        days,
        late[0],
        late[0] / early[0],
        TARGET_RATIO,
        EARLY_NIGHT,
        early[0] / early[1],
        days,
        late[0] / late[1]);
    if (!opt.containsKey("keep") && !opt.containsKey("warehouse")) {
      AttributionBench.deleteTree(root);
    }
    spark.stop();
  }

  /** The customer stage of night {@code n}: {wall seconds, floor seconds}. */
  static double[] night(
      Warehouse wh, OmnitouchConfig config, List<MartJob> marts, int n, String label) {
    LocalDate date = AttributionBench.day(n);
    // the state the night before left (untimed)
    LocalDate before = CustomerState.frontier(date.minusDays(1), HORIZON);
    wh.overwrite(CustomerState.TABLE, CustomerState.rebuild(wh.read(BuyerDays.TABLE), before));
    double floor = floor(wh, date);
    StringBuilder detail = new StringBuilder();
    long start = System.nanoTime();
    try (PeakMemory memory = new PeakMemory()) {
      long t = System.nanoTime();
      String day = Warehouse.dateIn("order_date", Set.of(date));
      wh.replaceWhere(BuyerDays.TABLE, BuyerDays.build(wh.read(PaidOrders.TABLE).filter(day)), day);
      String how = CustomerState.update(wh, date, HORIZON, Set.of(date));
      detail.append(String.format(Locale.ROOT, " silver(state %s)=%.1fs", how, seconds(t)));
      MartRunner runner = new MartRunner(new RunContext("bench-" + date, date, date, config, wh));
      for (MartJob job : marts) {
        t = System.nanoTime();
        long rows = runner.build(job);
        detail.append(
            String.format(Locale.ROOT, " %s=%,d rows/%.1fs", job.name(), rows, seconds(t)));
      }
      double s = seconds(start);
      System.out.printf(
          Locale.ROOT,
          "%s night %d (%s): %.1f s, peak heap %.2f GB, floor %.1f s;%s%n",
          label,
          n,
          date,
          s,
          memory.peakHeapBytes() / 1e9,
          floor,
          detail);
      return new double[] {s, floor};
    }
  }

  /** Reads the night's paid orders and writes them as plain Parquet: the least a night costs. */
  static double floor(Warehouse wh, LocalDate date) {
    long t = System.nanoTime();
    Dataset<Row> orders =
        wh.read(PaidOrders.TABLE).filter(DateRange.between(col("order_date"), date, date));
    orders.write().mode("overwrite").parquet(wh.path("bench-floor"));
    return seconds(t);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
