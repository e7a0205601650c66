package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;
import io.omnitouch.generate.Simulation.Order;
import io.omnitouch.generate.World.Campaign;
import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Store;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Plants the cases the end-to-end test looks for, at fixed fractions of the window, and records
 * each in the manifest with its ids and the outcome the contract's rules give for it:
 *
 * <ul>
 *   <li>diversion: a distributor's codes consumer-scanned in volume in another distributor's city
 *       (confirmed), codes shipped by a distributor to a store outside its territory (confirmed,
 *       channel evidence), a traveller's single scan far from home (suspected);
 *   <li>fraud: a shared device, a high-volume scanner, impossible travel, a code scanned by two
 *       users, scans of codes never shipped, and geo mismatches (with and without another rule);
 *       plus negatives just under each threshold, which must not be flagged;
 *   <li>order versions: a tie on updated_time, a refund delivered before its paid version, a row
 *       later than the restatement horizon;
 *   <li>channel control (优码): a distributor gaining a city (its scans there the day before are
 *       diverted, from that day on clean), a batch whose codes are all scanned and one never
 *       scanned, and stores selling below the price floor (乱价).
 * </ul>
 *
 * Planted people are users outside the normal pools (indexes from the user count up), so no routine
 * activity of theirs can add to or hide a planted case; planted rows carry no noise.
 */
final class Planter {
  private static final long REWARD_CENTS = 188;

  private final Simulation sim;
  private final World w;
  private final Manifest manifest;
  private final Rng rng;
  private int nextPerson;
  private final Map<String, String> expectedFlags = new TreeMap<>();

  Planter(Simulation sim) {
    this.sim = sim;
    this.w = sim.w;
    this.manifest = sim.manifest;
    this.rng = Rng.stream(w.seed, "planter");
  }

  LocalDate day(double fraction) {
    long offset = Math.min(w.days() - 1L, Math.round(fraction * w.days()));
    return w.first.plusDays(offset);
  }

  void day(LocalDate d) {
    if (d.equals(day(0.25))) {
      sharedDevice(d);
    }
    if (d.equals(day(0.30))) {
      versionTie(d);
    }
    if (d.equals(day(0.40))) {
      channelDiversion(d);
    }
    if (d.equals(day(0.45))) {
      highVolume(d);
    }
    if (d.equals(day(0.50))) {
      impossibleTravel(d);
      refundBeforePaid(d);
    }
    if (d.equals(day(0.55))) {
      consumerDiversion(d);
    }
    if (d.equals(day(0.60))) {
      codeReuse(d);
      territoryChange(d);
    }
    if (d.equals(day(0.65))) {
      scanRateBatches(d);
    }
    if (d.equals(day(0.70))) {
      traveller(d);
    }
    if (d.equals(day(0.80))) {
      unknownCode(d);
    }
    if (d.equals(day(0.85))) {
      geoMismatchOnly(d);
    }
    if (d.equals(w.first.plusDays(1))) {
      lateBeyondHorizon(d);
    }
  }

  void finish() {
    manifest.root.put("expected_fraud_flags", expectedFlags);
    priceDumping();
  }

  // ---- helpers ------------------------------------------------------------------------

  private Store storeIn(String cityPrefix) {
    for (Store s : w.stores) {
      if (s.region().code().startsWith(cityPrefix)) {
        return s;
      }
    }
    throw new IllegalStateException("no store in " + cityPrefix);
  }

  private Product product(String sku) {
    for (Product p : w.products) {
      if (p.sku().equals(sku)) {
        return p;
      }
    }
    throw new IllegalStateException(sku);
  }

  /** A planted consumer living in a region, with their own device and position. */
  private Person newPerson(Region region) {
    long index = (long) w.userCount + nextPerson++;
    double lat = region.lat() + (Rng.unit(w.seed, "planted-lat", index) - 0.5) * 0.02;
    double lon = region.lon() + (Rng.unit(w.seed, "planted-lon", index) - 0.5) * 0.02;
    return new Person(
        Ids.user(w.seed, index),
        region,
        lat,
        lon,
        Ids.device(w.seed, index),
        Ids.phone(w.seed, index));
  }

  private Region district(String cityPrefix, int i) {
    List<Region> districts = w.regions.districtsOf(cityPrefix);
    return districts.get(i % districts.size());
  }

  /** A normal delivery to a store (factory_out, dealer_out, store_in) kept out of its stock. */
  private long[] shipToStore(Store s, Product p, int cases, LocalDate d) {
    long[] serials =
        sim.chain.factoryOut(
            s.distributor(), p, cases * p.caseSize(), Fmt.at(d, 6 * Fmt.HOUR + 5 * Fmt.MINUTE));
    sim.chain.deliverToStore(
        s.distributor(), s, p, serials, Fmt.at(d, 7 * Fmt.HOUR + 30 * Fmt.MINUTE));
    return serials;
  }

  private String scan(
      String code, long serial, Product p, long time, Store store, Person who, String ip) {
    Campaign c = w.scanCampaignOn(Fmt.dateOf(time));
    Long reward = c == null ? null : REWARD_CENTS + rng.between(0, 200);
    String scanId = sim.nextScanId();
    String[] row =
        sim.scanRow(
            scanId,
            code,
            p.sku(),
            serial < 0 ? null : sim.chain.batchOf(serial),
            serial < 0 ? null : sim.chain.caseOf(serial),
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
    if (!sim.files.emit(Source.SCANS, Fmt.dateOf(time), row)) {
      throw new IllegalStateException("planted scan outside the window: " + Fmt.isoOffset(time));
    }
    return scanId;
  }

  private String scan(long serial, Product p, long time, Store store, Person who, String ip) {
    return scan(sim.chain.code(serial), serial, p, time, store, who, ip);
  }

  private static String isoWeek(LocalDate d) {
    return String.format(
        Locale.ROOT,
        "%d-W%02d",
        d.get(IsoFields.WEEK_BASED_YEAR),
        d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }

  /** Days from d to the end of its ISO week that are inside the window, at most n. */
  private List<LocalDate> daysOfWeekFrom(LocalDate d, int n) {
    List<LocalDate> out = new ArrayList<>();
    for (LocalDate x = d; out.size() < n && !x.isAfter(w.last); x = x.plusDays(1)) {
      out.add(x);
      if (x.getDayOfWeek() == DayOfWeek.SUNDAY) {
        break;
      }
    }
    return out;
  }

  private Map<String, Object> diversionCase(
      String name,
      String description,
      Distributor distributor,
      Product p,
      String cityCode,
      LocalDate week,
      String status,
      String evidence,
      Set<String> codes,
      List<String> scanIds,
      int stores,
      long firstSeen,
      long lastSeen) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("case_id", distributor.id() + "|" + p.sku() + "|" + cityCode + "|" + isoWeek(week));
    m.put("distributor_id", distributor.id());
    m.put("territory", distributor.territory());
    m.put("sku", p.sku());
    m.put("city_code", cityCode);
    m.put("week", isoWeek(week));
    m.put("status", status);
    m.put("evidence", evidence);
    m.put("codes", codes.size());
    m.put("scans", scanIds.size());
    m.put("stores", stores);
    m.put("first_seen", Fmt.isoOffset(firstSeen));
    m.put("last_seen", Fmt.isoOffset(lastSeen));
    m.put("code_list", new ArrayList<>(codes));
    m.put("scan_ids", scanIds);
    return m;
  }

  private Map<String, Object> fraudCase(String rule, String description, LocalDate d) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("rule", rule);
    m.put("description", description);
    m.put("date", d.toString());
    return m;
  }

  private void expect(List<String> scanIds, String rules) {
    scanIds.forEach(id -> expectedFlags.put(id, rules));
  }

  // ---- diversion ----------------------------------------------------------------------

  /**
   * D02's codes (territory Jiangsu + Shanghai) sold on to a Guangzhou wholesaler without a scan,
   * then scanned by consumers in Guangzhou: 8 distinct codes (9 scans) in one ISO week.
   */
  private void consumerDiversion(LocalDate d) {
    Distributor d02 = w.distributorById.get("D02");
    Product p = product("JX53-500");
    long[] serials = sim.chain.factoryOut(d02, p, 2 * p.caseSize(), Fmt.at(d, 6 * Fmt.HOUR));
    List<LocalDate> scanDays = daysOfWeekFrom(d, 4);
    Set<String> codes = new LinkedHashSet<>();
    List<String> scanIds = new ArrayList<>();
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = 0;
    for (int i = 0; i < 8; i++) {
      Person who = newPerson(district("4401", i));
      LocalDate on = scanDays.get(i % scanDays.size());
      long t = Fmt.at(on, 12 * Fmt.HOUR + i * 37 * Fmt.MINUTE);
      scanIds.add(scan(serials[i], p, t, null, who, who.region().code()));
      codes.add(sim.chain.code(serials[i]));
      firstSeen = Math.min(firstSeen, t);
      lastSeen = Math.max(lastSeen, t);
      if (i == 0) {
        // the same consumer scans the same code again a few minutes later: not CODE_REUSE
        long again = t + 3 * Fmt.MINUTE;
        scanIds.add(scan(serials[i], p, again, null, who, who.region().code()));
        lastSeen = Math.max(lastSeen, again);
      }
    }
    manifest
        .list("diversion_cases")
        .add(
            diversionCase(
                "consumer_volume",
                "D02 codes consumer-scanned in Guangzhou (4401, D03's territory): "
                    + "8 distinct codes >= 5 in one ISO week",
                d02,
                p,
                "4401",
                d,
                "confirmed",
                "consumer",
                codes,
                scanIds,
                0,
                firstSeen,
                lastSeen));
  }

  /**
   * D01 (territory Zhejiang) ships two cases to a Suzhou store, whose authorised supplier is D02:
   * dealer_out and store_in outside D01's territory, then three consumer scans in that store.
   */
  private void channelDiversion(LocalDate d) {
    Distributor d01 = w.distributorById.get("D01");
    Product p = product("JX53-500");
    Store suzhou = storeIn("3205");
    long[] serials = sim.chain.factoryOut(d01, p, 2 * p.caseSize(), Fmt.at(d, 6 * Fmt.HOUR));
    long dealerTime = Fmt.at(d, 7 * Fmt.HOUR + 30 * Fmt.MINUTE);
    List<String> chainIds = new ArrayList<>();
    long storeIn = dealerTime + 45 * Fmt.MINUTE;
    for (int i = 0; i < serials.length; i++) {
      chainIds.add(plantedChain(serials[i], p, "dealer_out", dealerTime + i * 2000L, d01, suzhou));
    }
    for (int i = 0; i < serials.length; i++) {
      chainIds.add(plantedChain(serials[i], p, "store_in", storeIn + i * 2000L, null, suzhou));
    }
    Set<String> codes = new LinkedHashSet<>();
    for (long s : serials) {
      codes.add(sim.chain.code(s));
    }
    List<LocalDate> scanDays = daysOfWeekFrom(d, 4);
    long lastSeen = storeIn + (serials.length - 1) * 2000L;
    for (int i = 0; i < 3; i++) {
      LocalDate on = scanDays.get(Math.min(i + 1, scanDays.size() - 1));
      Person who = newPerson(suzhou.region());
      long t = Fmt.at(on, 15 * Fmt.HOUR + i * 23 * Fmt.MINUTE);
      chainIds.add(scan(serials[i], p, t, suzhou, who, who.region().code()));
      lastSeen = Math.max(lastSeen, t);
    }
    manifest
        .list("diversion_cases")
        .add(
            diversionCase(
                "channel",
                "D01 (territory 33) dealer_out to store "
                    + suzhou.id()
                    + " in Suzhou (3205, authorised supplier D02), store_in there, "
                    + "then 3 consumer scans in that store",
                d01,
                p,
                "3205",
                d,
                "confirmed",
                "channel",
                codes,
                chainIds,
                1,
                dealerTime,
                lastSeen));
  }

  private String plantedChain(
      long serial, Product p, String type, long time, Distributor distributor, Store store) {
    String id = sim.nextScanId();
    String[] row =
        sim.scanRow(
            id,
            sim.chain.code(serial),
            p.sku(),
            sim.chain.batchOf(serial),
            sim.chain.caseOf(serial),
            type,
            time,
            distributor == null ? null : distributor.id(),
            store.id(),
            null,
            null,
            type.equals("store_in") ? store.region().code() : null,
            null,
            null,
            null,
            null,
            null);
    sim.files.emit(Source.SCANS, Fmt.dateOf(time), row);
    sim.chain.countChannelScan("unit");
    return id;
  }

  /**
   * A Hangzhou consumer scans at home, then three days later once in Beijing on a trip: one
   * out-of-territory scan, which stays suspected.
   */
  private void traveller(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    LocalDate shipDay = d.minusDays(3).isBefore(w.first) ? d : d.minusDays(3);
    long[] serials = shipToStore(hangzhou, p, 1, shipDay);
    Person who = newPerson(hangzhou.region());
    if (shipDay.isBefore(d)) {
      scan(serials[0], p, Fmt.at(shipDay, 20 * Fmt.HOUR), null, who, who.region().code());
    }
    Region beijing = w.regions.get("110105");
    Person away = who.at(beijing, beijing.lat() + 0.01, beijing.lon() - 0.01);
    long t = Fmt.at(d, 21 * Fmt.HOUR + 12 * Fmt.MINUTE);
    String id = scan(serials[1], p, t, null, away, beijing.code());
    manifest
        .list("diversion_cases")
        .add(
            diversionCase(
                "traveller",
                "a Hangzhou consumer ("
                    + who.userId()
                    + ") scans one D01 code in Beijing (110105) on a trip: a single scan",
                hangzhou.distributor(),
                p,
                "1101",
                d,
                "suspected",
                "consumer",
                new LinkedHashSet<>(List.of(sim.chain.code(serials[1]))),
                List.of(id),
                0,
                t,
                t));
  }

  // ---- channel control (优码) ---------------------------------------------------------

  /** The distributor whose contract gains a city on {@link #day}(0.60), and the city. */
  static final String TERRITORY_CHANGE_DISTRIBUTOR = "D05";

  static final String GAINED_CITY = "5201";

  /**
   * D05 (51;50) gains Guiyang (5201) on {@code gain} (distributor_territories.csv): two of its
   * codes consumer-scanned in Guiyang the day before are diverted (a suspected case), three scanned
   * there from that day on are clean.
   */
  private void territoryChange(LocalDate gain) {
    LocalDate before = gain.minusDays(1);
    if (before.isBefore(w.first) || gain.isAfter(w.last)) {
      return; // a window too short for a day on each side of the change
    }
    Distributor d05 = w.distributorById.get(TERRITORY_CHANGE_DISTRIBUTOR);
    Product p = product("JX53-500");
    LocalDate shipDay = gain.minusDays(3).isBefore(w.first) ? before : gain.minusDays(3);
    long[] serials = sim.chain.factoryOut(d05, p, p.caseSize(), Fmt.at(shipDay, 6 * Fmt.HOUR));
    List<String> diverted = new ArrayList<>();
    List<String> clean = new ArrayList<>();
    Set<String> codes = new LinkedHashSet<>();
    long firstSeen = Long.MAX_VALUE;
    long lastSeen = 0;
    for (int i = 0; i < 5; i++) {
      Person who = newPerson(district(GAINED_CITY, i));
      boolean early = i < 2;
      long t = Fmt.at(early ? before : gain, 19 * Fmt.HOUR + i * 31 * Fmt.MINUTE);
      String id = scan(serials[i], p, t, null, who, who.region().code());
      if (early) {
        diverted.add(id);
        codes.add(sim.chain.code(serials[i]));
        firstSeen = Math.min(firstSeen, t);
        lastSeen = Math.max(lastSeen, t);
      } else {
        clean.add(id);
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "description",
        d05.id()
            + " gains city "
            + GAINED_CITY
            + " on "
            + gain
            + ": its codes scanned there the day before are diverted, from that day on clean");
    m.put("distributor_id", d05.id());
    m.put("city_code", GAINED_CITY);
    m.put("territory_before", d05.territory());
    m.put("territory_after", d05.territory() + ";" + GAINED_CITY);
    m.put("history_from", territoryHistoryFrom(w).toString());
    m.put("valid_from", gain.toString());
    m.put("diverted_scan_ids", diverted);
    m.put("clean_scan_ids", clean);
    manifest.root.put("territory_change", m);
    manifest
        .list("diversion_cases")
        .add(
            diversionCase(
                "territory_change",
                "D05 codes scanned in Guiyang (5201) the day before its contract adds the city",
                d05,
                p,
                GAINED_CITY,
                before,
                "suspected",
                "consumer",
                codes,
                diverted,
                0,
                firstSeen,
                lastSeen));
  }

  /** Start of the territory history: the contract year of the window's first day. */
  static LocalDate territoryHistoryFrom(World w) {
    return LocalDate.of(w.first.getYear(), 1, 1);
  }

  static final String LEAKED_BATCH = "BX-LEAKED";
  static final String DORMANT_BATCH = "BX-DORMANT";

  /**
   * Two one-case batches delivered to a Hangzhou store: every code of {@value #LEAKED_BATCH} is
   * consumer-scanned within two days (scan rate 1, far above its peers: leaked codes), none of
   * {@value #DORMANT_BATCH} (scan rate 0).
   */
  private void scanRateBatches(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    List<Map<String, Object>> batches = new ArrayList<>();
    for (String batch : List.of(LEAKED_BATCH, DORMANT_BATCH)) {
      CodeChain.Shipment run = sim.chain.produce(p, p.caseSize(), batch);
      long[] serials =
          sim.chain.factoryOut(hangzhou.distributor(), p, run, Fmt.at(d, 6 * Fmt.HOUR));
      sim.chain.deliverToStore(
          hangzhou.distributor(), hangzhou, p, serials, Fmt.at(d, 7 * Fmt.HOUR + 30 * Fmt.MINUTE));
      int scanned = 0;
      if (batch.equals(LEAKED_BATCH)) {
        for (int i = 0; i < serials.length; i++) {
          Person who = newPerson(district("3301", i));
          LocalDate on = d.plusDays(1 + i % 2).isAfter(w.last) ? d : d.plusDays(1 + i % 2);
          long t = Fmt.at(on, 12 * Fmt.HOUR + i * 17 * Fmt.MINUTE);
          scan(serials[i], p, t, null, who, who.region().code());
          scanned++;
        }
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "description",
          batch.equals(LEAKED_BATCH)
              ? "every code consumer-scanned within two days of delivery, a rate far above its"
                  + " peers (leaked codes)"
              : "delivered but never consumer-scanned (scan rate 0)");
      m.put("batch_id", batch);
      m.put("sku", p.sku());
      m.put("distributor_id", hangzhou.distributor().id());
      m.put("codes_shipped", serials.length);
      m.put("codes_scanned", scanned);
      batches.add(m);
    }
    manifest.root.put("scan_rate_batches", batches);
  }

  /** 乱价 stores: this many, each in its own city. */
  static final int PRICE_DUMPING_STORE_COUNT = 2;

  /** The contract's default price floor: below list price x (1 - this). */
  static final double DEFAULT_PRICE_FLOOR = 0.20;

  /** Cities whose stores host other planted cases (orders, scans): they keep the list price. */
  private static final Set<String> PLANTED_CITIES = Set.of("3301", "3302", "3201", "3205", "5101");

  /**
   * The stores that sell below the price floor (乱价): the first stores, in store order, that adopt
   * no programme (a price cut on an adopter would move its uplift) in a city without other planted
   * cases, one per city. Their POS lines are priced {@link Simulation#PRICE_DUMPING_FACTOR} x list.
   */
  static List<Store> priceDumpingStores(World w) {
    List<Store> out = new ArrayList<>();
    Set<String> cities = new LinkedHashSet<>();
    for (Store s : w.stores) {
      String city = s.region().cityPrefix();
      if (out.size() < PRICE_DUMPING_STORE_COUNT
          && s.programs().isEmpty()
          && !PLANTED_CITIES.contains(city)
          && cities.add(city)) {
        out.add(s);
      }
    }
    return out;
  }

  private void priceDumping() {
    List<String> stores = new ArrayList<>();
    List<String> cities = new ArrayList<>();
    for (Store s : priceDumpingStores(w)) {
      stores.add(s.id());
      cities.add(s.region().cityPrefix());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "description",
        "every POS (channel store) line of these stores is priced "
            + Simulation.PRICE_DUMPING_FACTOR
            + " x list price, under the default floor ("
            + (1 - DEFAULT_PRICE_FLOOR)
            + " x list); no other line is priced below it (group buys 0.85, Double 11 online 0.9)");
    m.put("price_factor", Simulation.PRICE_DUMPING_FACTOR);
    m.put("floor", DEFAULT_PRICE_FLOOR);
    m.put("channel", "store");
    m.put("stores", stores);
    m.put("city_codes", cities);
    manifest.root.put("price_dumping", m);
  }

  // ---- fraud --------------------------------------------------------------------------

  /** One device, five users, one afternoon, IP in Guangdong while GPS says Hangzhou. */
  private void sharedDevice(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    long[] serials = shipToStore(hangzhou, p, 3, d);
    String device = Ids.device(w.seed, 9_000_000_000L);
    String vpnRegion = district("4401", 1).code();
    Region studio = hangzhou.region();
    List<String> users = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int unit = 0;
    for (int u = 0; u < 5; u++) {
      Person who = newPerson(studio).withDevice(device).at(studio, studio.lat(), studio.lon());
      users.add(who.userId());
      for (int j = 0; j < 2; j++, unit++) {
        long t = Fmt.at(d, 14 * Fmt.HOUR + unit * 4 * Fmt.MINUTE);
        ids.add(scan(serials[unit], p, t, null, who, vpnRegion));
      }
    }
    Map<String, Object> m =
        fraudCase(
            "SHARED_DEVICE",
            "device used by 5 users (> 3) on one day, 10 scans; the IP region is in Guangdong "
                + "(44) while the scans are in Zhejiang (33), so GEO_MISMATCH counts too",
            d);
    m.put("device_id", device);
    m.put("user_ids", users);
    m.put("scan_ids", ids);
    m.put("expected_rules", "GEO_MISMATCH,SHARED_DEVICE");
    manifest.list("fraud_cases").add(m);
    expect(ids, "GEO_MISMATCH,SHARED_DEVICE");

    // negative: a family tablet shared by exactly 3 users (not more than 3)
    String family = Ids.device(w.seed, 9_000_000_001L);
    List<String> familyIds = new ArrayList<>();
    List<String> familyUsers = new ArrayList<>();
    for (int u = 0; u < 3; u++, unit++) {
      Person who = newPerson(studio).withDevice(family);
      familyUsers.add(who.userId());
      long t = Fmt.at(d, 19 * Fmt.HOUR + u * 10 * Fmt.MINUTE);
      familyIds.add(scan(serials[unit], p, t, null, who, who.region().code()));
    }
    Map<String, Object> neg =
        fraudCase("SHARED_DEVICE", "negative: a device used by exactly 3 users that day", d);
    neg.put("device_id", family);
    neg.put("user_ids", familyUsers);
    neg.put("scan_ids", familyIds);
    manifest.list("fraud_negatives").add(neg);
  }

  /** 25 codes in one morning by one user; and a user with exactly 20, who is not flagged. */
  private void highVolume(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    long[] serials = shipToStore(hangzhou, p, 8, d);
    Person heavy = newPerson(district("3301", 1));
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(
          scan(
              serials[i],
              p,
              Fmt.at(d, 10 * Fmt.HOUR + i * 4 * Fmt.MINUTE),
              null,
              heavy,
              heavy.region().code()));
    }
    Map<String, Object> m =
        fraudCase("HIGH_VOLUME", "one user scans 25 distinct codes (> 20) in a day", d);
    m.put("user_ids", List.of(heavy.userId()));
    m.put("scan_ids", ids);
    m.put("expected_rules", "HIGH_VOLUME");
    manifest.list("fraud_cases").add(m);
    expect(ids, "HIGH_VOLUME");

    Person twenty = newPerson(district("3301", 2));
    List<String> negIds = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      negIds.add(
          scan(
              serials[25 + i],
              p,
              Fmt.at(d, 15 * Fmt.HOUR + i * 4 * Fmt.MINUTE),
              null,
              twenty,
              twenty.region().code()));
    }
    Map<String, Object> neg =
        fraudCase("HIGH_VOLUME", "negative: a user scanning exactly 20 codes that day", d);
    neg.put("user_ids", List.of(twenty.userId()));
    neg.put("scan_ids", negIds);
    manifest.list("fraud_negatives").add(neg);
  }

  /** Hangzhou at 10:00, Chengdu at 10:40 (about 1,600 km), then Chengdu again at 13:00. */
  private void impossibleTravel(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Store chengdu = storeIn("5101");
    Product p = product("JX53-500");
    long[] east = shipToStore(hangzhou, p, 1, d);
    long[] west = shipToStore(chengdu, p, 1, d);
    Person who = newPerson(hangzhou.region());
    Region cd = chengdu.region();
    Person there = who.at(cd, cd.lat() + 0.005, cd.lon() + 0.005);
    String first = scan(east[0], p, Fmt.at(d, 10 * Fmt.HOUR), null, who, who.region().code());
    String second =
        scan(west[0], p, Fmt.at(d, 10 * Fmt.HOUR + 40 * Fmt.MINUTE), null, there, cd.code());
    String third = scan(west[1], p, Fmt.at(d, 13 * Fmt.HOUR), null, there, cd.code());
    double km = RegionTable.km(who.lat(), who.lon(), there.lat(), there.lon());
    Map<String, Object> m =
        fraudCase(
            "IMPOSSIBLE_TRAVEL",
            String.format(
                Locale.ROOT,
                "one user scans in Hangzhou, then %.0f km away in Chengdu 40 minutes later "
                    + "(%.0f km/h); a third scan at the same Chengdu spot is not flagged",
                km,
                km / (40 / 60.0)),
            d);
    m.put("user_ids", List.of(who.userId()));
    m.put("scan_ids", List.of(first, second, third));
    m.put("flagged_scan_ids", List.of(second));
    m.put("expected_rules", "IMPOSSIBLE_TRAVEL");
    manifest.list("fraud_cases").add(m);
    expect(List.of(second), "IMPOSSIBLE_TRAVEL");
  }

  /** User A scans a code; user B scans the same code the next day (a photo of the code). */
  private void codeReuse(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    long[] serials = shipToStore(hangzhou, p, 1, d);
    Person a = newPerson(district("3301", 0));
    Person b = newPerson(district("3301", 3));
    String first = scan(serials[0], p, Fmt.at(d, 11 * Fmt.HOUR), null, a, a.region().code());
    LocalDate next = d.equals(w.last) ? d : d.plusDays(1);
    long t =
        next.equals(d) ? Fmt.at(d, 18 * Fmt.HOUR) : Fmt.at(next, 9 * Fmt.HOUR + 30 * Fmt.MINUTE);
    String second = scan(serials[0], p, t, null, b, b.region().code());
    Map<String, Object> m =
        fraudCase("CODE_REUSE", "the same code scanned by a second user after the first", d);
    m.put("code", sim.chain.code(serials[0]));
    m.put("user_ids", List.of(a.userId(), b.userId()));
    m.put("scan_ids", List.of(first, second));
    m.put("flagged_scan_ids", List.of(second));
    m.put("expected_rules", "CODE_REUSE");
    manifest.list("fraud_cases").add(m);
    expect(List.of(second), "CODE_REUSE");
  }

  /** Three scans of codes that were never produced (a leaked or counterfeit print run). */
  private void unknownCode(LocalDate d) {
    Product p = product("JX53-500");
    Person who = newPerson(district("3303", 0));
    List<String> ids = new ArrayList<>();
    List<String> codes = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String code = Ids.code(w.seed, sim.nextCounterfeitSerial(i));
      codes.add(code);
      ids.add(
          scan(
              code,
              -1,
              p,
              Fmt.at(d, 16 * Fmt.HOUR + i * 5 * Fmt.MINUTE),
              null,
              who,
              who.region().code()));
    }
    Map<String, Object> m =
        fraudCase(
            "UNKNOWN_CODE",
            "3 consumer scans of codes with no factory_out (never shipped); never diversion",
            d);
    m.put("user_ids", List.of(who.userId()));
    m.put("codes", codes);
    m.put("scan_ids", ids);
    m.put("expected_rules", "UNKNOWN_CODE");
    manifest.list("fraud_cases").add(m);
    expect(ids, "UNKNOWN_CODE");
  }

  /** A lone geo mismatch: IP in Beijing, GPS in Hangzhou, no other rule: not flagged. */
  private void geoMismatchOnly(LocalDate d) {
    Store hangzhou = storeIn("3301");
    Product p = product("JX53-500");
    long[] serials = shipToStore(hangzhou, p, 1, d);
    Person who = newPerson(hangzhou.region());
    String id = scan(serials[0], p, Fmt.at(d, 20 * Fmt.HOUR), null, who, "110105");
    Map<String, Object> neg =
        fraudCase(
            "GEO_MISMATCH",
            "negative: ip_region_code in Beijing (11), region_code in Zhejiang (33), no other "
                + "rule: GEO_MISMATCH alone is not flagged",
            d);
    neg.put("user_ids", List.of(who.userId()));
    neg.put("scan_ids", List.of(id));
    manifest.list("fraud_negatives").add(neg);
  }

  // ---- order versions -----------------------------------------------------------------

  private Order plantedOrder(Store s, LocalDate d, int hour) {
    Order o = sim.newOrder("store", s, s.firstUser(), Fmt.at(d, hour * Fmt.HOUR));
    o.onlySku = product("JX53-500-15");
    o.singleLine = true;
    sim.buildLines(o);
    return o;
  }

  private Map<String, Object> orderCase(String name, String description, Order o, String status) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", name);
    m.put("description", description);
    m.put("order_id", o.id);
    m.put("line_no", 1);
    m.put("order_date", Fmt.dateOf(o.time).toString());
    m.put("expected_current_status", status);
    return m;
  }

  /** A paid and a refunded version with the same updated_time: the later line (refunded) wins. */
  private void versionTie(LocalDate d) {
    Order o = plantedOrder(storeIn("3301"), d, 11);
    long updated = o.time + 20 * Fmt.MINUTE;
    sim.files.emit(Source.ORDERS, d, sim.orderRow(o, o.lines.get(0), 1, updated, "paid"));
    sim.files.emit(Source.ORDERS, d, sim.orderRow(o, o.lines.get(0), 1, updated, "refunded"));
    Map<String, Object> m =
        orderCase(
            "updated_time_tie",
            "paid and refunded versions with the same updated_time in the same file; the "
                + "refunded row is the later line, so it wins and the order is not paid",
            o,
            "refunded");
    m.put("dt", d.toString());
    manifest.list("order_cases").add(m);
  }

  /** The refunded version arrives a day before the (late) paid version: updated_time decides. */
  private void refundBeforePaid(LocalDate d) {
    if (d.plusDays(2).isAfter(w.last)) {
      return;
    }
    Order o = plantedOrder(storeIn("3302"), d, 15);
    long paid = o.time + 10_000;
    long refunded = o.time + Fmt.DAY;
    sim.files.emit(
        Source.ORDERS, d.plusDays(1), sim.orderRow(o, o.lines.get(0), 1, refunded, "refunded"));
    sim.files.emit(Source.ORDERS, d.plusDays(2), sim.orderRow(o, o.lines.get(0), 1, paid, "paid"));
    Map<String, Object> m =
        orderCase(
            "refund_before_paid",
            "the refunded version (later updated_time) is delivered in dt+1, the paid version "
                + "late in dt+2: the latest updated_time (refunded) wins",
            o,
            "refunded");
    m.put("refunded_dt", d.plusDays(1).toString());
    m.put("paid_dt", d.plusDays(2).toString());
    manifest.list("order_cases").add(m);
  }

  /** A paid order delivered 35 days late: beyond the 30-day restatement horizon. */
  private void lateBeyondHorizon(LocalDate d) {
    LocalDate dt = d.plusDays(35);
    if (dt.isAfter(w.last)) {
      return;
    }
    Order o = plantedOrder(storeIn("3201"), d, 16);
    sim.files.emit(Source.ORDERS, dt, sim.orderRow(o, o.lines.get(0), 1, o.time + 5_000, "paid"));
    sim.customers.paid(o);
    Map<String, Object> m =
        orderCase(
            "late_beyond_horizon",
            "a paid line delivered 35 days after its order date, beyond the default 30-day "
                + "horizon: loaded and reported; a backfill restates its date",
            o,
            "paid");
    m.put("dt", dt.toString());
    m.put("paid_amount", Fmt.money(o.lines.get(0)[3]));
    manifest.list("order_cases").add(m);
  }
}
