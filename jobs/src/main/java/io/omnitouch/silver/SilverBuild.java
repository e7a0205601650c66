package io.omnitouch.silver;

import io.omnitouch.ingest.BronzeIngest;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * The silver stage of a run: restates every event date that the run's input files touched, from the
 * bronze rows of those dates (partition-pruned reads), so late events land in their own date and a
 * rerun leaves the same rows.
 */
public final class SilverBuild {
  /** Event logs with their id column and silver table. */
  static final Map<String, String> EVENT_IDS =
      Map.of("scans", "scan_id", "guide_events", "event_id", "group_events", "event_id");

  /** The default late-event horizon (days), as in the configuration. */
  static final int DEFAULT_LATE_HORIZON_DAYS = 30;

  private final Warehouse wh;
  private final int lateHorizonDays;

  public SilverBuild(Warehouse wh) {
    this(wh, DEFAULT_LATE_HORIZON_DAYS);
  }

  /**
   * @param lateHorizonDays the days a run may restate before its first date; the customer state
   *     sums up history before them
   */
  public SilverBuild(Warehouse wh, int lateHorizonDays) {
    this.wh = wh;
    this.lateHorizonDays = lateHorizonDays;
  }

  /** Event dates that the files of {@code dts} brought, per source. */
  public Map<String, TreeSet<LocalDate>> affectedDates(Collection<LocalDate> dts) {
    Map<String, TreeSet<LocalDate>> out = new TreeMap<>();
    for (String source : List.of("scans", "orders", "guide_events", "group_events")) {
      TreeSet<LocalDate> dates = new TreeSet<>();
      wh.read(BronzeIngest.table(source))
          .filter(Warehouse.dateIn("dt", dts))
          .select("event_date")
          .distinct()
          .collectAsList()
          .forEach(r -> dates.add(r.getDate(0).toLocalDate()));
      out.put(source, dates);
    }
    return out;
  }

  /** Restates silver for the files of {@code dts}; returns rows written per silver table. */
  public Map<String, Long> run(
      Collection<LocalDate> dts, Map<String, TreeSet<LocalDate>> affected) {
    Map<String, Long> written = new TreeMap<>();
    for (Map.Entry<String, String> e : EVENT_IDS.entrySet()) {
      String source = e.getKey();
      TreeSet<LocalDate> dates = affected.get(source);
      Dataset<Row> bronze =
          wh.read(BronzeIngest.table(source)).filter(Warehouse.dateIn("event_date", dates));
      Dataset<Row> events = DeduplicatedEvents.build(bronze, e.getValue(), source);
      wh.replaceWhere("silver/" + source, events, Warehouse.dateIn("event_date", dates));
      written.put("silver/" + source, wh.lastCommitRows("silver/" + source));
    }

    Dataset<Row> latest =
        OrderLines.latestVersions(
            wh.read(BronzeIngest.table("orders")).filter(Warehouse.dateIn("dt", dts)));
    if (wh.exists(OrderLines.TABLE)) {
      OrderLines.merge(wh.delta(OrderLines.TABLE), latest);
    } else {
      wh.overwrite(OrderLines.TABLE, latest);
    }
    written.put(OrderLines.TABLE, wh.lastCommitRows(OrderLines.TABLE));

    TreeSet<LocalDate> orderDates = affected.get("orders");
    Dataset<Row> paid =
        PaidOrders.build(
            wh.read(OrderLines.TABLE).filter(Warehouse.dateIn("order_date", orderDates)));
    wh.replaceWhere(PaidOrders.TABLE, paid, Warehouse.dateIn("order_date", orderDates));
    written.put(PaidOrders.TABLE, wh.lastCommitRows(PaidOrders.TABLE));
    customerHistory(dts, orderDates, written);

    TreeSet<LocalDate> touchDates = new TreeSet<>();
    for (String s : EVENT_IDS.keySet()) {
      touchDates.addAll(affected.get(s));
    }
    String inDates = Warehouse.dateIn("event_date", touchDates);
    Dataset<Row> touches =
        Touches.build(
            wh.read("silver/scans").filter(inDates),
            wh.read("silver/guide_events").filter(inDates),
            wh.read("silver/group_events").filter(inDates),
            wh.read("silver/groups"));
    wh.replaceWhere(Touches.TABLE, touches, Warehouse.dateIn("touch_date", touchDates));
    written.put(Touches.TABLE, wh.lastCommitRows(Touches.TABLE));
    return written;
  }

  /** buyer_days of the changed order dates, then the customer state up to the run's frontier. */
  private void customerHistory(
      Collection<LocalDate> dts, TreeSet<LocalDate> orderDates, Map<String, Long> written) {
    String changed = Warehouse.dateIn("order_date", orderDates);
    Dataset<Row> days = BuyerDays.build(wh.read(PaidOrders.TABLE).filter(changed));
    wh.replaceWhere(BuyerDays.TABLE, days, changed);
    written.put(BuyerDays.TABLE, wh.lastCommitRows(BuyerDays.TABLE));
    LocalDate runDate = new TreeSet<>(dts).last();
    CustomerState.update(wh, runDate, lateHorizonDays, orderDates);
    written.put(CustomerState.TABLE, wh.lastCommitRows(CustomerState.TABLE));
  }

  /**
   * The per-code state the diversion and fraud marts read, folded from the scans of the event dates
   * the marts restate ({@code from..to}): the code registry, then the out-of-territory judgement,
   * then the diverted codes. Nights fold only those dates, never the history of scans. Returns rows
   * written per table.
   */
  public Map<String, Long> codeState(LocalDate from, LocalDate to) {
    Map<String, Long> written = new TreeMap<>();
    written.put(CodeRegistry.TABLE, CodeRegistry.refresh(wh, from, to));
    written.put(OutOfTerritoryScans.TABLE, OutOfTerritoryScans.refresh(wh, from, to));
    written.put(DivertedCodes.TABLE, DivertedCodes.refresh(wh, from));
    return written;
  }
}
