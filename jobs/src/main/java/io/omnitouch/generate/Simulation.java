package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;
import io.omnitouch.generate.World.Campaign;
import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Group;
import io.omnitouch.generate.World.Guide;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Program;
import io.omnitouch.generate.World.Store;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Day-by-day simulation of the brand: morning deliveries through the code chain (factory_out →
 * dealer_out → store_in), orders per store and channel with the touches that lead to them (guide
 * chats and shared links, group links and group buys, scans of earlier purchases), the consumer
 * scans of the units sold, background guide and group activity, the holdout campaign, and the
 * upstream noise the contract allows (late rows, redelivered events, order versions).
 */
final class Simulation {
  // ---- volumes at scale 1, per store and day (rows per day grow with the number of stores) ----
  static final double ORDERS_PER_STORE_DAY = 20.0;
  static final double ECOMMERCE_ORDERS_PER_STORE_DAY = 0.6;
  static final double SHARE_STORE = 0.55;
  static final double SHARE_GUIDE = 0.13;
  static final double SHARE_COMMUNITY = 0.10;
  static final double SHARE_MINI_PROGRAM = 0.22;
  static final double ANONYMOUS_STORE_SHARE = 0.40;
  static final double GROUP_BUY_SHARE = 0.30;
  static final double[] LINES_PER_ORDER = {0.78, 0.17, 0.05};
  static final double EXPECTED_LINES = 1.27;

  // ---- people ----
  static final double FRIEND_SHARE = 0.55;
  static final double MEMBER_SHARE = 0.40;
  static final double GPS_SHARE = 0.85;
  static final double NO_DEVICE_SHARE = 0.08;
  static final double NO_PHONE_SHARE = 0.10;

  // ---- scans ----
  static final double SCAN_BASE = 0.20;
  static final double SCAN_IN_CAMPAIGN = 0.55;
  static final double SCAN_PROGRAMME_BONUS = 0.20;
  static final double IN_STORE_SCAN_SHARE = 0.35;
  static final double RESCAN_SHARE = 0.03;
  static final double REWARD_SHARE = 0.85;

  // ---- stock ----
  static final int REORDER_DAYS = 4;
  static final int ORDER_UP_TO_DAYS = 10;
  static final int DISTRIBUTOR_COVER_DAYS = 7;
  static final double DEMAND_SAFETY = 1.15;

  // ---- upstream noise ----
  static final double LATE_EVENT_SHARE = 0.01;
  static final double REDELIVERY_SHARE = 0.003;
  static final double LATE_ORDER_SHARE = 0.02;
  static final double VERY_LATE_ORDER_SHARE = 0.002;
  static final double REFUND_SHARE = 0.05;
  static final double PARTIAL_REFUND_SHARE = 0.4;
  static final double CANCEL_SHARE = 0.02;
  static final double MEMBER_DISCOUNT_SHARE = 0.10;

  // ---- holdout campaign ----
  static final double HOLDOUT_AUDIENCE_SHARE = 0.5;
  static final int HOLDOUT_AUDIENCE_CAP = 100_000;

  /** Extra chance, over the window, that a treated user orders (the campaign's true effect). */
  static final double HOLDOUT_EXTRA_ORDER = 0.15;

  static final long HOLDOUT_COUPON_CENTS = 3000;
  static final long GUIDE_COUPON_CENTS = 2000;

  /** Rows are never written more than this many days before the day being simulated. */
  static final int LOOKBACK_DAYS = 8;

  static final DateTimeFormatter BASIC_DATE = DateTimeFormatter.ofPattern("yyyyMMdd", Locale.ROOT);

  final World w;
  final long seed;
  final InputFiles files;
  final Manifest manifest;
  final Rng rng;
  final int days;

  private long scanSeq;
  private long guideSeq;
  private long groupSeq;
  private long orderSeq;
  private long shareSeq;
  private long groupBuySeq;
  private long contentSeq;
  private long codeSerial;
  private long caseSeq;

  record Shipment(long start, int count, int caseSize, long firstCase, String batchId) {}

  private final TreeMap<Long, Shipment> shipments = new TreeMap<>();
  private final LongQueue[][] storeStock;
  private final Map<String, LongQueue[]> distributorStock = new LinkedHashMap<>();
  private final Map<String, Integer> codedIndex = new HashMap<>();
  private final double[] popularity;
  private final Distributor ecommerce;
  private final Planter planter;

  Simulation(World w, InputFiles files, Manifest manifest) {
    this.w = w;
    this.seed = w.seed;
    this.files = files;
    this.manifest = manifest;
    this.rng = Rng.stream(w.seed, "simulation");
    this.days = w.days();
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
    popularity = w.products.stream().mapToDouble(Product::popularity).toArray();
    ecommerce = w.distributorById.get("D08");
    planter = new Planter(this);
  }

  void run() {
    for (LocalDate d = w.first; !d.isAfter(w.last); d = d.plusDays(1)) {
      files.closeBefore(d.minusDays(LOOKBACK_DAYS));
      morningSupply(d);
      planter.morning(d);
      for (Store s : w.stores) {
        lifecycle(s, d);
        storeOrders(s, d);
        guideActivity(s, d);
        groupActivity(s, d);
      }
      ecommerceOrders(d);
      holdout(d);
      planter.day(d);
    }
    planter.finish();
  }

  // =====================================================================================
  // people (stateless: every attribute is a hash of the seed and the user index)
  // =====================================================================================

  Person person(int user) {
    Store s = w.storeOfUser(user);
    Region r = s.region();
    Double lat = null;
    Double lon = null;
    if (Rng.unit(seed, "gps", user) < GPS_SHARE) {
      lat = r.lat() + (Rng.unit(seed, "lat", user) - 0.5) * 0.04;
      lon = r.lon() + (Rng.unit(seed, "lon", user) - 0.5) * 0.04;
    }
    String device =
        Rng.unit(seed, "no-device", user) < NO_DEVICE_SHARE ? null : Ids.device(seed, user);
    String phone = Rng.unit(seed, "no-phone", user) < NO_PHONE_SHARE ? null : Ids.phone(seed, user);
    return new Person(Ids.user(seed, user), r, lat, lon, device, phone);
  }

  Guide guideOf(int user) {
    List<Guide> guides = w.storeOfUser(user).guides();
    return guides.get((int) Math.floorMod(Rng.hash(seed, "guide-of", user), (long) guides.size()));
  }

  Group groupOf(int user) {
    List<Group> groups = w.storeOfUser(user).groups();
    return groups.get((int) Math.floorMod(Rng.hash(seed, "group-of", user), (long) groups.size()));
  }

  /** The day the user became the guide's WeChat friend (before or inside the window), or null. */
  LocalDate friendSince(int user) {
    if (Rng.unit(seed, "friend", user) >= FRIEND_SHARE) {
      return null;
    }
    return sinceDay("friend", user, 0.75);
  }

  LocalDate memberSince(int user) {
    if (Rng.unit(seed, "member", user) >= MEMBER_SHARE) {
      return null;
    }
    return sinceDay("member", user, 0.70);
  }

  /** The day a member left their group (exclusive end of membership), or null. */
  LocalDate memberUntil(int user) {
    LocalDate since = memberSince(user);
    if (since == null || Rng.unit(seed, "leave", user) >= 0.06) {
      return null;
    }
    LocalDate from = since.isBefore(w.first) ? w.first : since.plusDays(1);
    long span = w.last.toEpochDay() - from.toEpochDay() + 1;
    if (span <= 0) {
      return null;
    }
    return from.plusDays((long) (Rng.unit(seed, "leave-day", user) * span));
  }

  private LocalDate sinceDay(String what, int user, double beforeWindow) {
    if (Rng.unit(seed, what + "-before", user) < beforeWindow) {
      return w.first.minusDays(1 + (long) (Rng.unit(seed, what + "-ago", user) * 400));
    }
    return w.first.plusDays((long) (Rng.unit(seed, what + "-day", user) * days));
  }

  /**
   * Friend of their guide by day d, at least two days before it, so that touches up to a day before
   * an order on d always follow the add_friend.
   */
  boolean isFriend(int user, LocalDate d) {
    LocalDate since = friendSince(user);
    return since != null && since.plusDays(1).isBefore(d);
  }

  /** Member of their group by day d (joined at least two days before) and not left. */
  boolean isMember(int user, LocalDate d) {
    LocalDate since = memberSince(user);
    if (since == null || !since.plusDays(1).isBefore(d)) {
      return false;
    }
    LocalDate until = memberUntil(user);
    return until == null || until.isAfter(d);
  }

  /** A user of the store's pool, the more loyal ones (low offsets) more often. */
  int pickUser(Store s) {
    double u = rng.uniform();
    return s.firstUser() + (int) (Math.pow(u, 1.5) * World.USERS_PER_STORE);
  }

  private int pickFriend(Store s, LocalDate d, Guide guide) {
    for (int tries = 0; tries < 40; tries++) {
      int u = s.firstUser() + rng.nextInt(World.USERS_PER_STORE);
      if (isFriend(u, d) && (guide == null || guideOf(u) == guide)) {
        return u;
      }
    }
    return -1;
  }

  private int pickMember(Store s, LocalDate d, Group group) {
    for (int tries = 0; tries < 40; tries++) {
      int u = s.firstUser() + rng.nextInt(World.USERS_PER_STORE);
      if (isMember(u, d) && (group == null || groupOf(u) == group)) {
        return u;
      }
    }
    return -1;
  }

  // =====================================================================================
  // rows
  // =====================================================================================

  private static String str(Object o) {
    return o == null ? null : o.toString();
  }

  String nextScanId() {
    return String.format("SC%010d", ++scanSeq);
  }

  String nextShareId() {
    return String.format("SH%09d", ++shareSeq);
  }

  String[] scanRow(
      String scanId,
      String code,
      String sku,
      String batch,
      String caseCode,
      String type,
      long time,
      String distributor,
      String store,
      String user,
      String device,
      String region,
      String ipRegion,
      Double lat,
      Double lon,
      String campaign,
      Long rewardCents) {
    return new String[] {
      scanId,
      code,
      sku,
      batch,
      caseCode,
      type,
      Fmt.isoOffset(time),
      distributor,
      store,
      user,
      device,
      region,
      ipRegion,
      lat == null ? null : Fmt.coordinate(lat),
      lon == null ? null : Fmt.coordinate(lon),
      campaign,
      rewardCents == null ? null : Fmt.money(rewardCents)
    };
  }

  /**
   * Delivers an event: to the file of its own date, sometimes a day or two late, and sometimes
   * twice (at-least-once delivery). Events outside the window are not delivered.
   */
  void deliver(Source source, long time, String[] row, boolean noisy) {
    LocalDate date = Fmt.dateOf(time);
    if (!files.inWindow(date)) {
      return;
    }
    LocalDate dt = date;
    if (noisy && rng.chance(LATE_EVENT_SHARE)) {
      dt = date.plusDays(rng.between(1, 2));
      if (files.inWindow(dt)) {
        manifest.count("late_rows", source.folder);
      }
    }
    files.emit(source, dt, row);
    if (noisy && rng.chance(REDELIVERY_SHARE)) {
      LocalDate again = rng.chance(0.5) ? dt : dt.plusDays(1);
      if (files.emit(source, again, row)) {
        manifest.redelivered(source.folder, row[0], again);
      }
    }
  }

  void guideEvent(
      long time, Guide g, String type, String user, String sku, String share, String content) {
    String[] row = {
      String.format("GE%010d", ++guideSeq),
      Fmt.utcMillis(time),
      g.id(),
      g.storeId(),
      type,
      user,
      sku,
      share,
      content
    };
    deliver(Source.GUIDE_EVENTS, time, row, true);
  }

  void groupEvent(
      long time,
      Group g,
      String type,
      String user,
      String inviter,
      String sku,
      String share,
      String groupBuy,
      Long amountCents) {
    String[] row = {
      String.format("GR%010d", ++groupSeq),
      Fmt.isoOffset(time),
      g.id(),
      type,
      user,
      inviter,
      sku,
      share,
      groupBuy,
      amountCents == null ? null : Fmt.money(amountCents)
    };
    deliver(Source.GROUP_EVENTS, time, row, true);
  }

  long timeOn(LocalDate d, double[] hourWeights) {
    int hour = rng.weighted(hourWeights);
    return Fmt.at(d, hour * Fmt.HOUR + rng.between(0L, Fmt.HOUR - 1));
  }

  long minutes(double from, double to) {
    return (long) (rng.uniform(from, to) * Fmt.MINUTE);
  }

  // =====================================================================================
  // the code chain
  // =====================================================================================

  int coded(Product p) {
    Integer k = codedIndex.get(p.sku());
    return k == null ? -1 : k;
  }

  private double expectedUnitsPerStoreDay(Store s, Product p) {
    double share = p.popularity() / sum(popularity);
    return ORDERS_PER_STORE_DAY
        * s.size()
        * EXPECTED_LINES
        * share
        * mean(p.quantities())
        * DEMAND_SAFETY;
  }

  private double expectedEcommerceUnitsPerDay(Product p) {
    double share = p.popularity() / sum(popularity);
    return ECOMMERCE_ORDERS_PER_STORE_DAY
        * w.stores.size()
        * EXPECTED_LINES
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
    String batch = "B" + made.format(BASIC_DATE) + "-" + p.sku();
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
        scanRow(
            nextScanId(),
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
    deliver(Source.SCANS, time, row, type.equals("store_in"));
  }

  /** dealer_out from the distributor and store_in at the store, one scan per unit. */
  void deliverToStore(Distributor from, Store to, Product p, long[] serials, long dealerTime) {
    long storeInTime = dealerTime + minutes(20, 90);
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
  private void morningSupply(LocalDate d) {
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
              factoryOut(s.distributor(), p, batch, Fmt.at(d, 6 * Fmt.HOUR + minutes(0, 40)))) {
            source.add(serial);
          }
        }
        long[] serials = take(source, units);
        deliverToStore(s.distributor(), s, p, serials, Fmt.at(d, 7 * Fmt.HOUR + minutes(0, 50)));
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
            factoryOut(ecommerce, p, units, Fmt.at(d, 6 * Fmt.HOUR + minutes(0, 40)))) {
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
    manifest.reallocation(from.id(), ecommerce.id(), p.sku(), Fmt.isoOffset(time), codes);
  }

  // =====================================================================================
  // orders
  // =====================================================================================

  static final class Order {
    String id;
    long time;
    String channel;
    Store store;
    int user = -1;
    Person person;
    String guideId;
    String groupId;
    String shareId;
    String couponId;
    long couponCents;
    double priceFactor = 1.0;
    Product onlySku;
    boolean singleLine;
    String regionCode;
    String phone;
    boolean planted;
    final List<long[]> lines = new ArrayList<>(); // product index, qty, unit cents, paid cents
  }

  Order newOrder(String channel, Store store, int user, long time) {
    Order o = new Order();
    LocalDate d = Fmt.dateOf(time);
    o.id = "OD" + d.format(BASIC_DATE) + String.format("%07d", ++orderSeq);
    o.time = time;
    o.channel = channel;
    o.store = store;
    o.user = user;
    if (user >= 0) {
      o.person = person(user);
      o.phone = o.person.phone();
    } else if (rng.chance(0.15)) {
      // a walk-in buyer who gives a mobile number for the receipt but has no known unionid
      o.phone = Ids.phone(seed, 1_000_000_000L + orderSeq);
    }
    o.regionCode = store != null ? store.region().code() : o.person.region().code();
    return o;
  }

  void buildLines(Order o) {
    int n = o.singleLine ? 1 : 1 + rng.weighted(LINES_PER_ORDER);
    List<Integer> chosen = new ArrayList<>();
    if (o.onlySku != null) {
      chosen.add(w.products.indexOf(o.onlySku));
    }
    for (int tries = 0; chosen.size() < n && tries < 20; tries++) {
      int i = rng.weighted(popularity);
      if (!chosen.contains(i)) {
        chosen.add(i);
      }
    }
    boolean memberDiscount = o.user >= 0 && rng.chance(MEMBER_DISCOUNT_SHARE);
    for (int li = 0; li < chosen.size(); li++) {
      Product p = w.products.get(chosen.get(li));
      int qty = p.quantities()[rng.nextInt(p.quantities().length)];
      long unit = p.listCents();
      if (o.priceFactor != 1.0) {
        unit = Math.round(unit * o.priceFactor / 100.0) * 100; // promotional prices in whole yuan
      }
      long paid = unit * qty;
      if (memberDiscount) {
        paid = Math.round(paid * 0.95);
      }
      if (li == 0 && o.couponCents > 0) {
        paid = Math.max(0, paid - o.couponCents);
      }
      o.lines.add(new long[] {chosen.get(li), qty, unit, paid});
    }
  }

  String[] orderRow(Order o, long[] line, int lineNo, long updated, String status) {
    Product p = w.products.get((int) line[0]);
    return new String[] {
      o.id,
      Integer.toString(lineNo),
      Fmt.local(o.time),
      Fmt.local(updated),
      status,
      o.person == null ? null : o.person.userId(),
      o.channel,
      o.store == null ? null : o.store.id(),
      o.guideId,
      o.groupId,
      o.shareId,
      p.sku(),
      Long.toString(line[1]),
      Fmt.money(line[2]),
      Fmt.money(line[3]),
      o.couponId,
      o.regionCode,
      o.phone
    };
  }

  /**
   * Writes the order's versions (paid; then for some cancelled soon after, or refunded days later,
   * wholly or one line), sells its coded units out of stock and has some of them scanned.
   */
  void complete(Order o) {
    buildLines(o);
    LocalDate date = Fmt.dateOf(o.time);
    long paidAt = o.time + rng.between(1_000L, 30_000L);
    LocalDate dt = Fmt.dateOf(paidAt); // a version is delivered on or after the day it is written
    if (rng.chance(VERY_LATE_ORDER_SHARE)) {
      dt = dt.plusDays(rng.between(8, 15));
    } else if (rng.chance(LATE_ORDER_SHARE)) {
      dt = dt.plusDays(rng.between(1, 2));
    }
    boolean wrote = false;
    for (int i = 0; i < o.lines.size(); i++) {
      wrote |= files.emit(Source.ORDERS, dt, orderRow(o, o.lines.get(i), i + 1, paidAt, "paid"));
    }
    if (wrote && dt.isAfter(date)) {
      manifest.count("late_rows", "orders", o.lines.size());
    }
    boolean cancelled = rng.chance(CANCEL_SHARE);
    boolean[] refunded = new boolean[o.lines.size()];
    if (cancelled) {
      long at = o.time + minutes(5, 60);
      for (int i = 0; i < o.lines.size(); i++) {
        if (files.emit(
            Source.ORDERS, Fmt.dateOf(at), orderRow(o, o.lines.get(i), i + 1, at, "cancelled"))) {
          manifest.count("order_versions", "cancelled");
        }
      }
    } else if (rng.chance(REFUND_SHARE)) {
      long at = o.time + (long) (rng.uniform(1, 12) * Fmt.DAY);
      boolean partial = o.lines.size() > 1 && rng.chance(PARTIAL_REFUND_SHARE);
      int only = partial ? rng.nextInt(o.lines.size()) : -1;
      for (int i = 0; i < o.lines.size(); i++) {
        if (only >= 0 && i != only) {
          continue;
        }
        refunded[i] = true;
        if (files.emit(
            Source.ORDERS, Fmt.dateOf(at), orderRow(o, o.lines.get(i), i + 1, at, "refunded"))) {
          manifest.count("order_versions", partial ? "refunded_partial" : "refunded");
        }
      }
    }
    manifest.count("orders", o.channel);
    if (cancelled) {
      return;
    }
    for (int i = 0; i < o.lines.size(); i++) {
      Product p = w.products.get((int) o.lines.get(i)[0]);
      int k = coded(p);
      if (k < 0) {
        continue;
      }
      LongQueue stock =
          o.store == null
              ? distributorStock.get(ecommerce.id())[k]
              : storeStock[o.store.index()][k];
      long[] sold = take(stock, (int) o.lines.get(i)[1]);
      if (refunded[i]) {
        continue; // returned goods are not scanned
      }
      for (long serial : sold) {
        if (rng.chance(scanChance(o, date))) {
          scanAfterPurchase(o, p, serial);
        }
      }
    }
  }

  private double scanChance(Order o, LocalDate d) {
    double p = w.scanCampaignOn(d) != null ? SCAN_IN_CAMPAIGN : SCAN_BASE;
    if (o.store != null && o.store.hasStarted(Program.SCAN, d)) {
      p += SCAN_PROGRAMME_BONUS;
    }
    return o.store == null ? p * 0.75 : p;
  }

  private void scanAfterPurchase(Order o, Product p, long serial) {
    int scanner = o.user >= 0 ? o.user : pickUser(o.store);
    Person who = o.user >= 0 ? o.person : person(scanner);
    boolean inStore = o.channel.equals("store") && rng.chance(IN_STORE_SCAN_SHARE);
    long time;
    if (inStore) {
      time = o.time + minutes(2, 25);
    } else if (o.channel.equals("store")) {
      time = o.time + minutes(120, 72 * 60);
    } else {
      time = o.time + minutes(24 * 60, 96 * 60); // delivered first
    }
    String scanId = consumerScan(serial, p, time, inStore ? o.store : null, who, ipRegion(who));
    if (scanId != null && rng.chance(RESCAN_SHARE)) {
      consumerScan(serial, p, time + minutes(1, 10), inStore ? o.store : null, who, ipRegion(who));
    }
  }

  /** The region of the client IP: mostly the same, sometimes unknown or elsewhere in the city. */
  String ipRegion(Person who) {
    double u = rng.uniform();
    if (u < 0.05) {
      return null;
    }
    if (u < 0.08) {
      List<Region> near = w.regions.districtsOf(who.region().cityPrefix());
      return rng.pick(near).code();
    }
    return who.region().code();
  }

  /** A consumer scan of a unit, with the red packet of the campaign running that day. */
  String consumerScan(long serial, Product p, long time, Store store, Person who, String ip) {
    Campaign c = w.scanCampaignOn(Fmt.dateOf(time));
    Long reward = c != null && rng.chance(REWARD_SHARE) ? redPacket() : null;
    String scanId = nextScanId();
    String[] row =
        scanRow(
            scanId,
            code(serial),
            p.sku(),
            batchOf(serial),
            caseOf(serial),
            "consumer",
            time,
            null,
            store == null ? null : store.id(),
            who.userId(),
            who.device(),
            who.region().code(),
            ip,
            who.lat(),
            who.lon(),
            c == null ? null : c.id(),
            reward);
    if (!files.inWindow(Fmt.dateOf(time))) {
      return null;
    }
    deliver(Source.SCANS, time, row, true);
    return scanId;
  }

  long redPacket() {
    double u = rng.uniform();
    if (u < 0.60) {
      return rng.between(30, 100);
    }
    if (u < 0.90) {
      return rng.between(100, 300);
    }
    if (u < 0.98) {
      return rng.between(300, 888);
    }
    return rng.chance(0.8) ? 1888 : 8888;
  }

  private void storeOrders(Store s, LocalDate d) {
    double off = Seasonality.offline(d, w.first);
    double on = Seasonality.online(d, w.first);
    double base = ORDERS_PER_STORE_DAY * s.size();
    double[] lambda = {
      base * SHARE_STORE * off,
      base * SHARE_GUIDE * off,
      base * SHARE_COMMUNITY * off,
      base * SHARE_MINI_PROGRAM * on
    };
    String[] channels = {"store", "guide", "community", "mini_program"};
    double total = 0;
    for (int c = 0; c < channels.length; c++) {
      total += lambda[c];
      int n = rng.poisson(lambda[c]);
      for (int i = 0; i < n; i++) {
        order(channels[c], s, d, true);
      }
    }
    // Programmes: extra orders through the programme's channel, worth `effect` of the store's
    // expected revenue from its start date on.
    for (Map.Entry<Program, LocalDate> e : s.programs().entrySet()) {
      if (d.isBefore(e.getValue())) {
        continue;
      }
      int n = rng.poisson(total * e.getKey().effect);
      String channel =
          switch (e.getKey()) {
            case GUIDE -> "guide";
            case COMMUNITY -> "community";
            case MINI_PROGRAM -> "mini_program";
            case SCAN -> "store";
          };
      for (int i = 0; i < n; i++) {
        order(channel, s, d, false);
      }
    }
  }

  /** One order with the touches that led to it. */
  private void order(String channel, Store s, LocalDate d, boolean mayGroupBuy) {
    switch (channel) {
      case "guide" -> guideOrder(s, d, !mayGroupBuy);
      case "community" -> communityOrder(s, d, mayGroupBuy);
      case "mini_program" -> miniProgramOrder(s, d);
      default -> storeOrder(s, d, !mayGroupBuy);
    }
  }

  private void storeOrder(Store s, LocalDate d, boolean known) {
    long time = timeOn(d, Seasonality.STORE_HOURS);
    int user = !known && rng.chance(ANONYMOUS_STORE_SHARE) ? -1 : pickUser(s);
    if (user >= 0 && isFriend(user, d) && rng.chance(0.25)) {
      guideEvent(
          time - minutes(60, 30 * 60),
          guideOf(user),
          "chat",
          Ids.user(seed, user),
          null,
          null,
          null);
    }
    complete(newOrder("store", s, user, time));
  }

  /** A guide order; a programme's extra orders carry no coupon, so they are worth a base order. */
  private void guideOrder(Store s, LocalDate d, boolean extra) {
    int user = pickFriend(s, d, null);
    if (user < 0) {
      storeOrder(s, d, true);
      return;
    }
    Guide g = guideOf(user);
    String uid = Ids.user(seed, user);
    long time = timeOn(d, Seasonality.ONLINE_HOURS);
    Order o = newOrder("guide", s, user, time);
    o.guideId = g.id();
    if (rng.chance(0.7)) {
      guideEvent(time - minutes(30, 30 * 60), g, "chat", uid, null, null, null);
    }
    if (rng.chance(0.65)) {
      Product p = w.products.get(rng.weighted(popularity));
      o.onlySku = p;
      o.shareId = nextShareId();
      guideEvent(time - minutes(60, 20 * 60), g, "share_product", null, p.sku(), o.shareId, null);
      guideEvent(time - minutes(2, 50), g, "link_click", uid, p.sku(), o.shareId, null);
    }
    if (!extra && (rng.chance(0.2) || (w.guidePushCampaign.covers(d) && rng.chance(0.3)))) {
      guideEvent(time - minutes(120, 48 * 60), g, "coupon_send", uid, null, null, null);
      o.couponId = "CPN-GUIDE-20";
      o.couponCents = GUIDE_COUPON_CENTS;
    }
    complete(o);
  }

  private void communityOrder(Store s, LocalDate d, boolean mayGroupBuy) {
    int user = pickMember(s, d, null);
    if (user < 0) {
      storeOrder(s, d, true);
      return;
    }
    Group g = groupOf(user);
    long time = timeOn(d, Seasonality.ONLINE_HOURS);
    double groupBuyShare = GROUP_BUY_SHARE * (w.groupBuyCampaign.covers(d) ? 1.5 : 1.0);
    if (mayGroupBuy && rng.chance(groupBuyShare)) {
      groupBuy(s, g, user, d, time);
      return;
    }
    Order o = newOrder("community", s, user, time);
    o.groupId = g.id();
    Product p = w.products.get(rng.weighted(popularity));
    o.onlySku = p;
    o.shareId = nextShareId();
    int sharer = pickMember(s, d, g);
    String sharerId = sharer >= 0 ? Ids.user(seed, sharer) : g.owner().userId();
    groupEvent(
        time - minutes(60, 20 * 60), g, "share", sharerId, null, p.sku(), o.shareId, null, null);
    groupEvent(
        time - minutes(2, 50),
        g,
        "link_click",
        Ids.user(seed, user),
        null,
        p.sku(),
        o.shareId,
        null,
        null);
    complete(o);
  }

  /** A group buy: the opener and one or two members who join each place an order. */
  private void groupBuy(Store s, Group g, int opener, LocalDate d, long time) {
    Product p = w.products.get(rng.weighted(popularity));
    String id = String.format("GB%08d", ++groupBuySeq);
    long open = time - minutes(10, 180);
    groupEvent(open, g, "group_buy_open", Ids.user(seed, opener), null, p.sku(), null, id, null);
    List<Integer> buyers = new ArrayList<>(List.of(opener));
    List<Long> times = new ArrayList<>(List.of(time));
    int joiners = rng.between(1, 2);
    for (int j = 0; j < joiners; j++) {
      int member = pickMember(s, d, g);
      if (member < 0 || buyers.contains(member)) {
        continue;
      }
      long joined = open + minutes(5, 120);
      groupEvent(
          joined, g, "group_buy_join", Ids.user(seed, member), null, p.sku(), null, id, null);
      buyers.add(member);
      times.add(joined + minutes(1, 10));
    }
    for (int b = 0; b < buyers.size(); b++) {
      Order o = newOrder("community", s, buyers.get(b), times.get(b));
      o.groupId = g.id();
      o.onlySku = p;
      o.singleLine = true;
      o.priceFactor = 0.85;
      complete(o);
    }
  }

  private void miniProgramOrder(Store s, LocalDate d) {
    int user = pickUser(s);
    long time = timeOn(d, Seasonality.ONLINE_HOURS);
    Order o = newOrder("mini_program", s, user, time);
    String uid = o.person.userId();
    double u = rng.uniform();
    if (u < 0.25 && isFriend(user, d)) {
      Guide g = guideOf(user);
      String share = nextShareId();
      Product p = w.products.get(rng.weighted(popularity));
      guideEvent(time - minutes(60, 20 * 60), g, "share_product", null, p.sku(), share, null);
      guideEvent(time - minutes(3, 120), g, "link_click", uid, p.sku(), share, null);
    } else if (u < 0.45 && isMember(user, d)) {
      Group g = groupOf(user);
      String share = nextShareId();
      groupEvent(
          time - minutes(60, 20 * 60),
          g,
          "share",
          g.owner().userId(),
          null,
          null,
          share,
          null,
          null);
      groupEvent(time - minutes(3, 120), g, "link_click", uid, null, null, share, null, null);
    }
    if (isDoubleEleven(d)) {
      o.priceFactor = 0.9;
    }
    complete(o);
  }

  private static boolean isDoubleEleven(LocalDate d) {
    return d.getMonthValue() == 11 && (d.getDayOfMonth() == 10 || d.getDayOfMonth() == 11);
  }

  private void ecommerceOrders(LocalDate d) {
    double lambda =
        ECOMMERCE_ORDERS_PER_STORE_DAY * w.stores.size() * Seasonality.online(d, w.first);
    int n = rng.poisson(lambda);
    for (int i = 0; i < n; i++) {
      int user = rng.nextInt(w.userCount);
      Order o = newOrder("ecommerce", null, user, timeOn(d, Seasonality.ONLINE_HOURS));
      if (isDoubleEleven(d)) {
        o.priceFactor = 0.9;
      }
      complete(o);
    }
  }

  // =====================================================================================
  // background activity
  // =====================================================================================

  /** add_friend, group joins (often invited by a member) and leaves on their day. */
  private void lifecycle(Store s, LocalDate d) {
    for (int u = s.firstUser(); u < s.firstUser() + World.USERS_PER_STORE; u++) {
      if (d.equals(friendSince(u))) {
        guideEvent(
            timeOn(d, Seasonality.ONLINE_HOURS),
            guideOf(u),
            "add_friend",
            Ids.user(seed, u),
            null,
            null,
            null);
      }
      if (d.equals(memberSince(u))) {
        Group g = groupOf(u);
        int inviter = rng.chance(0.6) ? pickMember(s, d, g) : -1;
        groupEvent(
            timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "join",
            Ids.user(seed, u),
            inviter >= 0 ? Ids.user(seed, inviter) : null,
            null,
            null,
            null,
            null);
      }
      if (d.equals(memberUntil(u))) {
        groupEvent(
            timeOn(d, Seasonality.ONLINE_HOURS),
            groupOf(u),
            "leave",
            Ids.user(seed, u),
            null,
            null,
            null,
            null,
            null);
      }
    }
  }

  private void guideActivity(Store s, LocalDate d) {
    double act = s.hasStarted(Program.GUIDE, d) ? 1.8 : 1.0;
    if (w.guidePushCampaign.covers(d)) {
      act *= 1.3;
    }
    for (Guide g : s.guides()) {
      int chats = rng.poisson(0.8 * act);
      for (int i = 0; i < chats; i++) {
        int u = pickFriend(s, d, g);
        if (u >= 0) {
          guideEvent(
              timeOn(d, Seasonality.ONLINE_HOURS), g, "chat", Ids.user(seed, u), null, null, null);
        }
      }
      int shares = rng.poisson(0.35 * act);
      for (int i = 0; i < shares; i++) {
        Product p = w.products.get(rng.weighted(popularity));
        String share = nextShareId();
        long t = timeOn(d, Seasonality.ONLINE_HOURS);
        guideEvent(t, g, "share_product", null, p.sku(), share, null);
        int clicks = rng.poisson(1.2);
        for (int c = 0; c < clicks; c++) {
          int u = pickFriend(s, d, g);
          if (u >= 0) {
            guideEvent(
                t + minutes(5, 360), g, "link_click", Ids.user(seed, u), p.sku(), share, null);
          }
        }
      }
      for (int i = rng.poisson(0.3 * act); i > 0; i--) {
        guideEvent(
            timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "share_content",
            null,
            null,
            nextShareId(),
            String.format("CT%06d", ++contentSeq));
      }
      for (int i = rng.poisson(0.4 * act); i > 0; i--) {
        guideEvent(
            timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "moments_post",
            null,
            null,
            null,
            String.format("CT%06d", ++contentSeq));
      }
      for (int i = rng.poisson(0.25 * act); i > 0; i--) {
        int u = pickFriend(s, d, g);
        if (u >= 0) {
          guideEvent(
              timeOn(d, Seasonality.ONLINE_HOURS),
              g,
              "coupon_send",
              Ids.user(seed, u),
              null,
              null,
              null);
        }
      }
    }
  }

  private void groupActivity(Store s, LocalDate d) {
    double act = s.hasStarted(Program.COMMUNITY, d) ? 1.8 : 1.0;
    if (w.groupBuyCampaign.covers(d)) {
      act *= 1.3;
    }
    for (Group g : s.groups()) {
      for (int i = rng.poisson(1.2 * act); i > 0; i--) {
        int u = pickMember(s, d, g);
        if (u >= 0) {
          groupEvent(
              timeOn(d, Seasonality.ONLINE_HOURS),
              g,
              "message",
              Ids.user(seed, u),
              null,
              null,
              null,
              null,
              null);
        }
      }
      for (int i = rng.poisson(0.6 * act); i > 0; i--) {
        int sharer = pickMember(s, d, g);
        String share = nextShareId();
        Product p = w.products.get(rng.weighted(popularity));
        long t = timeOn(d, Seasonality.ONLINE_HOURS);
        groupEvent(
            t,
            g,
            "share",
            sharer >= 0 ? Ids.user(seed, sharer) : g.owner().userId(),
            null,
            p.sku(),
            share,
            null,
            null);
        for (int c = rng.poisson(1.5); c > 0; c--) {
          int u = pickMember(s, d, g);
          if (u >= 0) {
            groupEvent(
                t + minutes(3, 300),
                g,
                "link_click",
                Ids.user(seed, u),
                null,
                p.sku(),
                share,
                null,
                null);
          }
        }
      }
      for (int i = rng.poisson(0.12 * act); i > 0; i--) {
        long t = timeOn(d, Seasonality.ONLINE_HOURS);
        long total = rng.between(50, 200) * 100L;
        groupEvent(t, g, "red_packet_send", g.owner().userId(), null, null, null, null, total);
        int claims = rng.between(3, 10);
        long left = total;
        for (int c = 0; c < claims && left > 0; c++) {
          int u = pickMember(s, d, g);
          if (u < 0) {
            continue;
          }
          long amount =
              c == claims - 1
                  ? left
                  : Math.max(1, Math.min(left, rng.between(1L, 2 * total / claims)));
          left -= amount;
          groupEvent(
              t + minutes(0.2, 30),
              g,
              "red_packet_claim",
              Ids.user(seed, u),
              null,
              null,
              null,
              null,
              amount);
        }
      }
      for (int i = rng.poisson(0.15 * act); i > 0; i--) {
        // a group buy nobody joined
        int u = pickMember(s, d, g);
        if (u >= 0) {
          Product p = w.products.get(rng.weighted(popularity));
          groupEvent(
              timeOn(d, Seasonality.ONLINE_HOURS),
              g,
              "group_buy_open",
              Ids.user(seed, u),
              null,
              p.sku(),
              null,
              String.format("GB%08d", ++groupBuySeq),
              null);
        }
      }
    }
  }

  // =====================================================================================
  // holdout campaign
  // =====================================================================================

  double audienceShare() {
    return Math.min(HOLDOUT_AUDIENCE_SHARE, (double) HOLDOUT_AUDIENCE_CAP / w.userCount);
  }

  boolean inAudience(int user) {
    return Rng.unit(seed, "audience", user) < audienceShare();
  }

  boolean treated(int user) {
    return Rng.unit(seed, "arm", user) < 0.5;
  }

  /**
   * The randomised holdout: on the first day treated users get the coupon from their guide; over
   * the window each treated user has an extra {@link #HOLDOUT_EXTRA_ORDER} chance to order with it.
   * Control users get nothing, so any difference in conversion is the campaign's effect.
   */
  private void holdout(LocalDate d) {
    Campaign c = w.holdoutCampaign;
    if (!c.covers(d)) {
      return;
    }
    int windowDays = (int) (c.end().toEpochDay() - c.start().toEpochDay() + 1);
    double daily = HOLDOUT_EXTRA_ORDER / windowDays;
    long couponTime = Fmt.at(c.start(), 9 * Fmt.HOUR);
    for (int u = 0; u < w.userCount; u++) {
      if (!inAudience(u) || !treated(u)) {
        continue;
      }
      if (d.equals(c.start())) {
        guideEvent(
            couponTime + minutes(0, 60),
            guideOf(u),
            "coupon_send",
            Ids.user(seed, u),
            null,
            null,
            null);
      }
      if (rng.chance(daily)) {
        long time = Math.max(timeOn(d, Seasonality.ONLINE_HOURS), couponTime + 2 * Fmt.HOUR);
        Order o = newOrder("mini_program", w.storeOfUser(u), u, time);
        o.couponId = "CPN-HOLDOUT-30";
        o.couponCents = HOLDOUT_COUPON_CENTS;
        complete(o);
        manifest.count("holdout", "extra_orders");
      }
    }
  }

  // ---- access for the planter ----
  LongQueue distributorStock(Distributor d, Product p) {
    return distributorStock.get(d.id())[coded(p)];
  }

  long nextCounterfeitSerial(int k) {
    return (1L << 59) + k; // never produced: no factory_out exists for it
  }
}
