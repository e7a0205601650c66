package io.omnitouch.generate;

import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Store;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-item-one-code chain: production runs (contiguous serials in whole cases, one batch id),
 * factory_out to distributors, dealer_out and store_in to stores, the stock of every distributor
 * and store, and the units sold out of it. Every code a consumer scans was shipped this way first,
 * so routine data never has an unknown code.
 */
final class CodeChain {
  static final int REORDER_DAYS = 4;
  static final int ORDER_UP_TO_DAYS = 10;
  static final int DISTRIBUTOR_COVER_DAYS = 7;
  static final double DEMAND_SAFETY = 1.15;

  /**
   * Cases per pallet: the full cases of a production run go on pallets of this many (the rest stay
   * loose). A factory_out ships whole pallets by their pallet code and loose cases by case code;
   * distributors ship cases to stores by case code (code_packing.csv resolves them to units).
   */
  static final int PALLET_CASES = 6;

  private final Simulation sim;
  private final World w;
  private final Rng rng;
  private final long seed;
  private final int days;
  private final double[] popularity;
  private long codeSerial;
  private long caseSeq;
  private long palletSeq;

  /** Channel scans written, by the level of the code scanned: unit, case, pallet. */
  private final Map<String, Long> channelScansByLevel = new LinkedHashMap<>();

  record Shipment(
      long start,
      int count,
      int caseSize,
      long firstCase,
      String batchId,
      long firstPallet,
      int palletisedCases) {}

  private final TreeMap<Long, Shipment> shipments = new TreeMap<>();
  private final LongQueue[][] storeStock;
  private final Map<String, LongQueue[]> distributorStock = new LinkedHashMap<>();
  private final Map<String, Integer> codedIndex = new HashMap<>();
  private final Distributor ecommerce;

  CodeChain(Simulation sim) {
    this.sim = sim;
    this.w = sim.w;
    this.rng = sim.rng;
    this.seed = sim.seed;
    this.days = sim.days;
    this.popularity = sim.popularity;
    this.storeStock = new LongQueue[w.stores.size()][w.codedProducts.size()];
    for (int k = 0; k < w.codedProducts.size(); k++) {
      codedIndex.put(w.codedProducts.get(k).sku(), k);
    }
    for (Distributor d : w.distributors) {
      LongQueue[] queues = new LongQueue[w.codedProducts.size()];
      for (int k = 0; k < queues.length; k++) {
        queues[k] = new LongQueue();
      }
      distributorStock.put(d.id(), queues);
    }
    for (LongQueue[] row : storeStock) {
      for (int k = 0; k < row.length; k++) {
        row[k] = new LongQueue();
      }
    }
    this.ecommerce = w.distributorById.get("D08");
  }

  int coded(Product p) {
    Integer k = codedIndex.get(p.sku());
    return k == null ? -1 : k;
  }

  private double expectedUnitsPerStoreDay(Store s, Product p) {
    double share = p.popularity() / sum(popularity);
    return Simulation.ORDERS_PER_STORE_DAY
        * s.size()
        * Simulation.EXPECTED_LINES
        * share
        * mean(p.quantities())
        * DEMAND_SAFETY;
  }

  private double expectedEcommerceUnitsPerDay(Product p) {
    double share = p.popularity() / sum(popularity);
    return Simulation.ECOMMERCE_ORDERS_PER_STORE_DAY
        * w.stores.size()
        * Simulation.EXPECTED_LINES
        * share
        * mean(p.quantities())
        * DEMAND_SAFETY
        * 1.5;
  }

  private static double sum(double[] xs) {
    double t = 0;
    for (double x : xs) {
      t += x;
    }
    return t;
  }

  private static double mean(int[] xs) {
    double t = 0;
    for (int x : xs) {
      t += x;
    }
    return t / xs.length;
  }

  private static int roundUpToCase(double units, int caseSize) {
    int cases = Math.max(1, (int) Math.ceil(units / caseSize));
    return cases * caseSize;
  }

  /** A new production run of units: contiguous serials, whole cases, one batch id. */
  Shipment produce(Product p, int units, LocalDate shipDate) {
    LocalDate made = shipDate.minusDays(rng.between(5, 40));
    return produce(p, units, "B" + made.format(Simulation.BASIC_DATE) + "-" + p.sku());
  }

  /** A production run with a given batch id. */
  Shipment produce(Product p, int units, String batch) {
    int fullCases = units / p.caseSize();
    int palletisedCases = fullCases / PALLET_CASES * PALLET_CASES;
    Shipment s =
        new Shipment(codeSerial, units, p.caseSize(), caseSeq, batch, palletSeq, palletisedCases);
    shipments.put(codeSerial, s);
    codeSerial += units;
    caseSeq += (units + p.caseSize() - 1) / p.caseSize();
    palletSeq += palletisedCases / PALLET_CASES;
    return s;
  }

  /** The pallet a unit was packed on, null when its case is loose. */
  String palletOf(long serial) {
    Map.Entry<Long, Shipment> e = shipments.floorEntry(serial);
    if (e == null) {
      return null;
    }
    Shipment s = e.getValue();
    long caseIndex = (serial - s.start()) / s.caseSize();
    if (caseIndex >= s.palletisedCases()) {
      return null;
    }
    return Ids.palletCode(seed, s.firstPallet() + caseIndex / PALLET_CASES);
  }

  /** The rows of code_packing.csv: every unit produced with its case and pallet. */
  void forEachPacked(PackingRow sink) throws IOException {
    for (Shipment s : shipments.values()) {
      for (long serial = s.start(); serial < s.start() + s.count(); serial++) {
        sink.accept(code(serial), caseOf(serial), palletOf(serial));
      }
    }
  }

  interface PackingRow {
    void accept(String code, String caseCode, String palletCode) throws IOException;
  }

  /** Units, cases and pallets produced so far (the content of code_packing.csv). */
  Map<String, Long> packed() {
    Map<String, Long> m = new LinkedHashMap<>();
    m.put("units", codeSerial);
    m.put("cases", caseSeq);
    m.put("pallets", palletSeq);
    return m;
  }

  String code(long serial) {
    return Ids.code(seed, serial);
  }

  String batchOf(long serial) {
    Map.Entry<Long, Shipment> e = shipments.floorEntry(serial);
    return e == null ? null : e.getValue().batchId();
  }

  String caseOf(long serial) {
    Map.Entry<Long, Shipment> e = shipments.floorEntry(serial);
    if (e == null) {
      return null;
    }
    Shipment s = e.getValue();
    return Ids.caseCode(seed, s.firstCase() + (serial - s.start()) / s.caseSize());
  }

  /** factory_out of a new production run to a distributor; returns the serials shipped. */
  long[] factoryOut(Distributor to, Product p, int units, long time) {
    return factoryOut(to, p, produce(p, units, Fmt.dateOf(time)), time);
  }

  /** factory_out of a production run: whole pallets by pallet code, loose cases by case code. */
  long[] factoryOut(Distributor to, Product p, Shipment s, long time) {
    long[] serials = new long[s.count()];
    for (int i = 0; i < serials.length; i++) {
      serials[i] = s.start() + i;
    }
    channelScans(serials, p, "factory_out", time, to.id(), null, null, true);
    return serials;
  }

  /** Re-ships serials already shipped once: a second factory_out to another distributor. */
  void factoryOutAgain(Distributor to, Product p, long[] serials, long time) {
    channelScans(serials, p, "factory_out", time, to.id(), null, null, false);
  }

  /**
   * Channel scans of units: a run of serials that fills a pallet (when {@code pallets}) or a case
   * is scanned once by its pallet or case code; anything else unit by unit.
   */
  private void channelScans(
      long[] serials,
      Product p,
      String type,
      long time,
      String distributor,
      Store store,
      String region,
      boolean pallets) {
    int i = 0;
    while (i < serials.length) {
      long serial = serials[i];
      long t = time + i * 2000L;
      Shipment s = shipments.floorEntry(serial).getValue();
      long offset = serial - s.start();
      int palletUnits = s.caseSize() * PALLET_CASES;
      if (pallets
          && palletOf(serial) != null
          && offset % palletUnits == 0
          && contiguous(serials, i, palletUnits)) {
        containerScan(palletOf(serial), serial, p, type, t, distributor, store, region);
        countChannelScan("pallet");
        i += palletUnits;
        continue;
      }
      int caseUnits = (int) Math.min(s.caseSize(), s.start() + s.count() - serial);
      if (offset % s.caseSize() == 0 && contiguous(serials, i, caseUnits)) {
        containerScan(caseOf(serial), serial, p, type, t, distributor, store, region);
        countChannelScan("case");
        i += caseUnits;
        continue;
      }
      chainScan(serial, p, type, t, distributor, store, region);
      countChannelScan("unit");
      i++;
    }
  }

  /** Counts a channel scan (factory_out, dealer_out, store_in) of a unit, case or pallet code. */
  void countChannelScan(String level) {
    channelScansByLevel.merge(level, 1L, Long::sum);
  }

  /** Channel scans by level, in the order unit, case, pallet. */
  Map<String, Long> channelScansByLevel() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (String level : List.of("unit", "case", "pallet")) {
      m.put(level, channelScansByLevel.getOrDefault(level, 0L));
    }
    return m;
  }

  private static boolean contiguous(long[] serials, int from, int n) {
    if (from + n > serials.length) {
      return false;
    }
    for (int k = 1; k < n; k++) {
      if (serials[from + k] != serials[from] + k) {
        return false;
      }
    }
    return true;
  }

  /** One channel scan of a case or pallet code standing for its units (batch of its first). */
  private void containerScan(
      String container,
      long firstSerial,
      Product p,
      String type,
      long time,
      String distributor,
      Store store,
      String region) {
    channelScan(container, batchOf(firstSerial), null, p, type, time, distributor, store, region);
  }

  private void chainScan(
      long serial,
      Product p,
      String type,
      long time,
      String distributor,
      Store store,
      String region) {
    channelScan(
        code(serial), batchOf(serial), caseOf(serial), p, type, time, distributor, store, region);
  }

  /** A channel scan row (factory_out, dealer_out, store_in) of a unit, case or pallet code. */
  private void channelScan(
      String code,
      String batch,
      String caseCode,
      Product p,
      String type,
      long time,
      String distributor,
      Store store,
      String region) {
    String[] row =
        sim.scanRow(
            sim.nextScanId(),
            code,
            p.sku(),
            batch,
            caseCode,
            type,
            time,
            distributor,
            store == null ? null : store.id(),
            null,
            null,
            region,
            null,
            null,
            null,
            null,
            null);
    // factory_out and dealer_out are always on time: a consumer scan never precedes its shipment
    sim.deliver(Source.SCANS, time, row, type.equals("store_in"));
  }

  /** dealer_out from the distributor and store_in at the store, one scan per unit. */
  void deliverToStore(Distributor from, Store to, Product p, long[] serials, long dealerTime) {
    long storeInTime = dealerTime + sim.minutes(20, 90);
    channelScans(serials, p, "dealer_out", dealerTime, from.id(), to, null, false);
    channelScans(serials, p, "store_in", storeInTime, null, to, to.region().code(), false);
  }

  private long[] take(LongQueue q, int n) {
    long[] out = new long[Math.min(n, q.size())];
    for (int i = 0; i < out.length; i++) {
      out[i] = q.poll();
    }
    return out;
  }

  /** Each morning stores below their reorder point get a delivery; distributors restock first. */
  void morningSupply(LocalDate d) {
    for (Store s : w.stores) {
      for (int k = 0; k < w.codedProducts.size(); k++) {
        Product p = w.codedProducts.get(k);
        double daily = expectedUnitsPerStoreDay(s, p);
        LongQueue stock = storeStock[s.index()][k];
        if (stock.size() >= Math.ceil(REORDER_DAYS * daily)) {
          continue;
        }
        int units = roundUpToCase(ORDER_UP_TO_DAYS * daily - stock.size(), p.caseSize());
        LongQueue source = distributorStock.get(s.distributor().id())[k];
        if (source.size() < units) {
          double cover = 0;
          for (Store other : w.stores) {
            if (other.distributor() == s.distributor()) {
              cover += expectedUnitsPerStoreDay(other, p);
            }
          }
          int batch = roundUpToCase(Math.max(units, DISTRIBUTOR_COVER_DAYS * cover), p.caseSize());
          for (long serial :
              factoryOut(s.distributor(), p, batch, Fmt.at(d, 6 * Fmt.HOUR + sim.minutes(0, 40)))) {
            source.add(serial);
          }
        }
        long[] serials = take(source, units);
        deliverToStore(
            s.distributor(), s, p, serials, Fmt.at(d, 7 * Fmt.HOUR + sim.minutes(0, 50)));
        for (long serial : serials) {
          stock.add(serial);
        }
      }
    }
    for (int k = 0; k < w.codedProducts.size(); k++) {
      Product p = w.codedProducts.get(k);
      double daily = expectedEcommerceUnitsPerDay(p);
      LongQueue stock = distributorStock.get(ecommerce.id())[k];
      if (stock.size() < Math.ceil(REORDER_DAYS * daily)) {
        int units = roundUpToCase(DISTRIBUTOR_COVER_DAYS * daily, p.caseSize());
        for (long serial :
            factoryOut(ecommerce, p, units, Fmt.at(d, 6 * Fmt.HOUR + sim.minutes(0, 40)))) {
          stock.add(serial);
        }
      }
    }
    reallocate(d);
  }

  /**
   * Once, a third into the window, the brand moves two cases of a distributor's unsold stock to the
   * e-commerce distribution centre: a second factory_out of the same codes. Later scans of those
   * codes belong to the e-commerce distributor's territory.
   */
  private void reallocate(LocalDate d) {
    if (!d.equals(w.first.plusDays(Math.round(days * 0.35)))) {
      return;
    }
    Distributor from = w.distributorById.get("D01");
    Product p = w.codedProducts.get(0);
    int k = coded(p);
    LongQueue stock = distributorStock.get(from.id())[k];
    int units = 2 * p.caseSize();
    if (stock.size() < units) {
      // the distributor's stock of that week, shipped a few days earlier (files still open)
      LocalDate shipped = d.minusDays(3).isBefore(w.first) ? d : d.minusDays(3);
      for (long serial :
          factoryOut(from, p, units, Fmt.at(shipped, 6 * Fmt.HOUR + 5 * Fmt.MINUTE))) {
        stock.add(serial);
      }
    }
    long[] moved = take(stock, units);
    long time = Fmt.at(d, 6 * Fmt.HOUR + 50 * Fmt.MINUTE);
    factoryOutAgain(ecommerce, p, moved, time);
    // to the front of the e-commerce stock: these units sell first
    LongQueue old = distributorStock.get(ecommerce.id())[k];
    LongQueue merged = new LongQueue();
    for (long serial : moved) {
      merged.add(serial);
    }
    while (old.size() > 0) {
      merged.add(old.poll());
    }
    distributorStock.get(ecommerce.id())[k] = merged;
    List<String> codes = new ArrayList<>();
    for (long serial : moved) {
      codes.add(code(serial));
    }
    sim.manifest.reallocation(from.id(), ecommerce.id(), p.sku(), Fmt.isoOffset(time), codes);
  }

  /** Sells units of a coded product: out of the store's stock, or the e-commerce centre's. */
  long[] sell(Store store, Product p, int units) {
    int k = coded(p);
    LongQueue stock =
        store == null ? distributorStock.get(ecommerce.id())[k] : storeStock[store.index()][k];
    return take(stock, units);
  }
}
