package io.omnitouch.generate;

import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Store;
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

  private final Simulation sim;
  private final World w;
  private final Rng rng;
  private final long seed;
  private final int days;
  private final double[] popularity;
  private long codeSerial;
  private long caseSeq;

  record Shipment(long start, int count, int caseSize, long firstCase, String batchId) {}

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
    String batch = "B" + made.format(Simulation.BASIC_DATE) + "-" + p.sku();
    Shipment s = new Shipment(codeSerial, units, p.caseSize(), caseSeq, batch);
    shipments.put(codeSerial, s);
    codeSerial += units;
    caseSeq += (units + p.caseSize() - 1) / p.caseSize();
    return s;
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
    Shipment s = produce(p, units, Fmt.dateOf(time));
    long[] serials = new long[units];
    for (int i = 0; i < units; i++) {
      serials[i] = s.start() + i;
      chainScan(serials[i], p, "factory_out", time + i * 2000L, to.id(), null, null);
    }
    return serials;
  }

  /** Re-ships serials already shipped once: a second factory_out to another distributor. */
  void factoryOutAgain(Distributor to, Product p, long[] serials, long time) {
    for (int i = 0; i < serials.length; i++) {
      chainScan(serials[i], p, "factory_out", time + i * 2000L, to.id(), null, null);
    }
  }

  void chainScan(
      long serial,
      Product p,
      String type,
      long time,
      String distributor,
      Store store,
      String region) {
    String[] row =
        sim.scanRow(
            sim.nextScanId(),
            code(serial),
            p.sku(),
            batchOf(serial),
            caseOf(serial),
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
    for (int i = 0; i < serials.length; i++) {
      chainScan(serials[i], p, "dealer_out", dealerTime + i * 2000L, from.id(), to, null);
    }
    for (int i = 0; i < serials.length; i++) {
      chainScan(serials[i], p, "store_in", storeInTime + i * 2000L, null, to, to.region().code());
    }
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
