package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;
import io.omnitouch.generate.World.Campaign;
import io.omnitouch.generate.World.Group;
import io.omnitouch.generate.World.Guide;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Program;
import io.omnitouch.generate.World.Store;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Day-by-day simulation of the brand. Each day: morning deliveries through the code chain ({@link
 * CodeChain}); per store, the day's joins and new friends and the routine guide and group activity
 * ({@link Background}); orders per store and channel with the touches that lead to them (guide
 * chats and shared links, group links and group buys, scans of earlier purchases) and the consumer
 * scans of the coded units sold; e-commerce orders; the holdout campaign; and the planted cases
 * ({@link Planter}). Before the first day, the customer history of the months before the window
 * ({@link CustomerHistory}) goes into the first day's orders file. Upstream noise the contract
 * allows is added on the way: late rows, redelivered events, order versions. People are stateless:
 * every attribute of user {@code i} is a hash of the seed and {@code i}.
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

  // ---- upstream noise ----
  static final double LATE_EVENT_SHARE = 0.01;
  static final double REDELIVERY_SHARE = 0.003;
  static final double LATE_ORDER_SHARE = 0.02;
  static final double VERY_LATE_ORDER_SHARE = 0.002;
  static final double REFUND_SHARE = 0.05;
  static final double PARTIAL_REFUND_SHARE = 0.4;
  static final double CANCEL_SHARE = 0.02;
  static final double MEMBER_DISCOUNT_SHARE = 0.10;

  /**
   * 乱价: the POS sales of the planted stores ({@link Planter#priceDumpingStores}) are priced this
   * share of the list price, under the contract's default floor (list x 0.8); every other price
   * stays at or above 0.85 x list (group buys; 0.9 online on Double 11).
   */
  static final double PRICE_DUMPING_FACTOR = 0.70;

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
  final double[] popularity;
  final CodeChain chain;
  private final Background background;
  private final Planter planter;
  final CustomerHistory customers;
  private final Set<String> priceDumpingStores;

  Simulation(World w, InputFiles files, Manifest manifest) {
    this.w = w;
    this.seed = w.seed;
    this.files = files;
    this.manifest = manifest;
    this.rng = Rng.stream(w.seed, "simulation");
    this.days = w.days();
    popularity = w.products.stream().mapToDouble(Product::popularity).toArray();
    chain = new CodeChain(this);
    background = new Background(this);
    planter = new Planter(this);
    customers = new CustomerHistory(this);
    priceDumpingStores = Set.copyOf(Planter.priceDumpingStores(w).stream().map(Store::id).toList());
  }

  void run() {
    customers.deliver();
    for (LocalDate d = w.first; !d.isAfter(w.last); d = d.plusDays(1)) {
      files.closeBefore(d.minusDays(LOOKBACK_DAYS));
      chain.morningSupply(d);
      for (Store s : w.stores) {
        background.lifecycle(s, d);
        storeOrders(s, d);
        background.guideActivity(s, d);
        background.groupActivity(s, d);
      }
      ecommerceOrders(d);
      holdout(d);
      planter.day(d);
    }
    planter.finish();
    customers.report(manifest);
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

  int pickFriend(Store s, LocalDate d, Guide guide) {
    for (int tries = 0; tries < 40; tries++) {
      int u = s.firstUser() + rng.nextInt(World.USERS_PER_STORE);
      if (isFriend(u, d) && (guide == null || guideOf(u) == guide)) {
        return u;
      }
    }
    return -1;
  }

  int pickMember(Store s, LocalDate d, Group group) {
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
    return String.format(Locale.ROOT, "SC%010d", ++scanSeq);
  }

  String nextGroupBuyId() {
    return String.format(Locale.ROOT, "GB%08d", ++groupBuySeq);
  }

  String nextShareId() {
    return String.format(Locale.ROOT, "SH%09d", ++shareSeq);
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
      String.format(Locale.ROOT, "GE%010d", ++guideSeq),
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
      String.format(Locale.ROOT, "GR%010d", ++groupSeq),
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
    o.id = "OD" + d.format(BASIC_DATE) + String.format(Locale.ROOT, "%07d", ++orderSeq);
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
      double factor = dumpsPrices(o) ? PRICE_DUMPING_FACTOR : o.priceFactor;
      if (factor != 1.0) {
        unit = Math.round(unit * factor / 100.0) * 100; // promotional prices in whole yuan
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

  boolean dumpsPrices(Order o) {
    return o.channel.equals("store")
        && o.store != null
        && priceDumpingStores.contains(o.store.id());
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
    int superseded = 0; // lines whose delivered latest version is not paid
    if (cancelled) {
      long at = o.time + minutes(5, 60);
      for (int i = 0; i < o.lines.size(); i++) {
        if (files.emit(
            Source.ORDERS, Fmt.dateOf(at), orderRow(o, o.lines.get(i), i + 1, at, "cancelled"))) {
          manifest.count("order_versions", "cancelled");
          superseded++;
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
          superseded++;
        }
      }
    }
    if (wrote && superseded < o.lines.size()) {
      customers.paid(o);
    }
    manifest.count("orders_by_channel", o.channel);
    if (cancelled) {
      return;
    }
    for (int i = 0; i < o.lines.size(); i++) {
      Product p = w.products.get((int) o.lines.get(i)[0]);
      if (chain.coded(p) < 0) {
        continue;
      }
      long[] sold = chain.sell(o.store, p, (int) o.lines.get(i)[1]);
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
            chain.code(serial),
            p.sku(),
            chain.batchOf(serial),
            chain.caseOf(serial),
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
    String id = nextGroupBuyId();
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
  long nextCounterfeitSerial(int k) {
    return (1L << 59) + k; // never produced: no factory_out exists for it
  }
}
