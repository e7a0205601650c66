package io.omnitouch.generate;

import io.omnitouch.generate.RegionTable.Region;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The brand's structure: distributors and their territories, stores, guides, groups, products,
 * campaigns and programme rollouts. Everything is a pure function of (seed, scale, window): the
 * same options give the same world. Users are not stored: user {@code i} belongs to store {@code i
 * / USERS_PER_STORE} and every attribute of theirs is a hash of the seed and {@code i}.
 */
final class World {
  static final int USERS_PER_STORE = 300;
  static final int STORES_AT_SCALE_1 = 40;

  /** Share of stores that adopt one programme inside the window; the rest never adopt any. */
  static final double ADOPTING_SHARE = 0.4;

  enum Program {
    GUIDE("guide", 0.25),
    COMMUNITY("community", 0.22),
    MINI_PROGRAM("mini_program", 0.28),
    SCAN("scan", 0.20);

    final String id;

    /** The true effect: adopting stores' expected daily revenue is multiplied by 1 + effect. */
    final double effect;

    Program(String id, double effect) {
      this.id = id;
      this.effect = effect;
    }
  }

  record Distributor(
      String id, String name, String channel, String territory, List<String> outletAreas) {
    boolean covers(String regionCode) {
      for (String prefix : territory.split(";")) {
        if (regionCode.startsWith(prefix)) {
          return true;
        }
      }
      return false;
    }
  }

  record Product(
      String sku,
      String name,
      String category,
      long listCents,
      long costCents,
      boolean coded,
      double popularity,
      int caseSize,
      int[] quantities) {}

  record Guide(int index, String id, String storeId, String name, LocalDate hired, String userId) {}

  record Group(int index, String id, String storeId, Guide owner, String name, LocalDate created) {}

  record Store(
      int index,
      String id,
      String name,
      Region region,
      Distributor distributor,
      String format,
      LocalDate openDate,
      double size,
      List<Guide> guides,
      List<Group> groups,
      Map<Program, LocalDate> programs) {
    int firstUser() {
      return index * USERS_PER_STORE;
    }

    /**
     * The store's extra revenue factor on a date: the effects of its programmes started by then.
     */
    double programLift(LocalDate date) {
      double lift = 0;
      for (Map.Entry<Program, LocalDate> p : programs.entrySet()) {
        if (!date.isBefore(p.getValue())) {
          lift += p.getKey().effect;
        }
      }
      return lift;
    }

    boolean hasStarted(Program program, LocalDate date) {
      LocalDate start = programs.get(program);
      return start != null && !date.isBefore(start);
    }
  }

  record Campaign(
      String id, String name, String type, LocalDate start, LocalDate end, long budgetCents) {
    boolean covers(LocalDate d) {
      return !d.isBefore(start) && !d.isAfter(end);
    }
  }

  final long seed;
  final LocalDate first;
  final LocalDate last;
  final RegionTable regions;
  final List<Distributor> distributors;
  final Map<String, Distributor> distributorById = new LinkedHashMap<>();
  final List<Product> products;
  final List<Product> codedProducts = new ArrayList<>();
  final List<Store> stores = new ArrayList<>();
  final List<Campaign> campaigns = new ArrayList<>();
  final Map<Program, List<LocalDate>> cohorts = new EnumMap<>(Program.class);
  final Campaign scanCampaignEarly;
  final Campaign scanCampaignLate;
  final Campaign holdoutCampaign;
  final Campaign guidePushCampaign;
  final Campaign groupBuyCampaign;
  final int userCount;
  final double scale;

  World(long seed, double scale, LocalDate first, int days, RegionTable regions) {
    this.seed = seed;
    this.scale = scale;
    this.first = first;
    this.last = first.plusDays(days - 1L);
    this.regions = regions;
    this.distributors = Catalog.distributors();
    distributors.forEach(d -> distributorById.put(d.id(), d));
    this.products = Catalog.products();
    products.stream().filter(Product::coded).forEach(codedProducts::add);

    scanCampaignEarly =
        campaign("CMP-SCAN-A", "扫码赢红包·金秋季", "scan_red_packet", days, 0.0, 0.6, 600_000);
    scanCampaignLate =
        campaign("CMP-SCAN-B", "双11扫码抢红包", "scan_red_packet", days, 0.6, 1.0, 500_000);
    groupBuyCampaign = campaign("CMP-GB", "社群拼团节", "group_buy", days, 0.3, 0.6, 800_000);
    guidePushCampaign = campaign("CMP-GUIDE", "双11导购专属推送", "guide_push", days, 0.6, 0.8, 1_000_000);
    holdoutCampaign =
        campaign("CMP-HOLDOUT", "老客回购券（随机对照）", "coupon", days, 0.625, 0.875, 1_000_000);
    campaigns.addAll(
        List.of(
            scanCampaignEarly,
            scanCampaignLate,
            groupBuyCampaign,
            guidePushCampaign,
            holdoutCampaign));

    int storeCount = Math.max(Catalog.OUTLET_AREAS, (int) Math.round(STORES_AT_SCALE_1 * scale));
    buildStores(storeCount);
    assignPrograms(days);
    this.userCount = storeCount * USERS_PER_STORE;
  }

  private Campaign campaign(
      String id, String name, String type, int days, double from, double to, long budgetAtScale1) {
    // whole yuan, growing with the scale like the rewards and orders it pays for
    long budget = Math.max(10_000, Math.round(budgetAtScale1 * scale / 100.0) * 100);
    int start = (int) Math.round(from * days);
    int endExclusive = Math.max(start + 1, (int) Math.round(to * days));
    return new Campaign(
        id, name, type, first.plusDays(start), first.plusDays(endExclusive - 1L), budget);
  }

  private void buildStores(int count) {
    List<String[]> areas = Catalog.outletAreas(distributors);
    int guideIndex = 0;
    int groupIndex = 0;
    for (int s = 0; s < count; s++) {
      String[] area = areas.get(s % areas.size()); // distributor id, city prefix, district prefix
      Distributor distributor = distributorById.get(area[0]);
      List<Region> districts = new ArrayList<>();
      for (Region r : regions.districtsOf(area[1])) {
        if (r.code().startsWith(area[2])) {
          districts.add(r);
        }
      }
      Region region = districts.get((s / areas.size()) % districts.size());
      double size = Math.exp(0.3 * gaussian("store-size", s));
      String format = Catalog.storeFormat(distributor, s);
      String id = String.format("S%04d", s + 1);
      String name = Catalog.storeName(s, regions.city(area[1]), region, format);
      LocalDate open = first.minusDays(60 + (long) (Rng.unit(seed, "store-open", s) * 1500));
      int guideCount = 2 + (size > 1.15 ? 1 : 0) + (Rng.unit(seed, "guides", s) < 0.3 ? 1 : 0);
      List<Guide> guides = new ArrayList<>();
      for (int g = 0; g < guideCount; g++, guideIndex++) {
        LocalDate hired = first.minusDays(20 + (long) (Rng.unit(seed, "hired", guideIndex) * 900));
        guides.add(
            new Guide(
                guideIndex,
                String.format("G%05d", guideIndex + 1),
                id,
                Catalog.guideName(seed, guideIndex),
                hired,
                Ids.staffUser(seed, guideIndex)));
      }
      int groupCount = 1 + (Rng.unit(seed, "groups", s) < 0.5 ? 1 : 0);
      List<Group> groups = new ArrayList<>();
      for (int g = 0; g < groupCount; g++, groupIndex++) {
        Guide owner = guides.get(g % guides.size());
        LocalDate created =
            first.minusDays(10 + (long) (Rng.unit(seed, "group", groupIndex) * 600));
        groups.add(
            new Group(
                groupIndex,
                String.format("QG%05d", groupIndex + 1),
                id,
                owner,
                Catalog.groupName(seed, groupIndex, regions.city(area[1])),
                created));
      }
      stores.add(
          new Store(
              s,
              id,
              name,
              region,
              distributor,
              format,
              open,
              size,
              Collections.unmodifiableList(guides),
              Collections.unmodifiableList(groups),
              new EnumMap<>(Program.class)));
    }
  }

  /**
   * Staggered rollouts: each programme has two cohorts, starting 28 and 35 days into the window, so
   * every cohort has its 28 pre days inside the window and 3 to 4 weeks after its start in an
   * 8-week window. A store adopts at most one programme; the other stores never adopt one.
   */
  private void assignPrograms(int days) {
    int pre = Math.min(28, days / 2);
    List<LocalDate> starts = new ArrayList<>();
    for (int k = 0; k < 2 && pre + 7 * k < days; k++) {
      starts.add(first.plusDays(pre + 7L * k));
    }
    int[][] plan = {{0, 1}, {0, 1}, {0, 1}, {0, 1}}; // cohort indexes per programme
    List<Object[]> slots = new ArrayList<>();
    for (Program p : Program.values()) {
      List<LocalDate> dates = new ArrayList<>();
      for (int k : plan[p.ordinal()]) {
        LocalDate start = starts.get(Math.min(k, starts.size() - 1));
        if (!dates.contains(start)) {
          dates.add(start);
        }
      }
      cohorts.put(p, dates);
      dates.forEach(d -> slots.add(new Object[] {p, d}));
    }
    List<Store> shuffled = new ArrayList<>(stores);
    Collections.shuffle(shuffled, new java.util.Random(Rng.hash(seed, "rollout")));
    int adopters = (int) Math.round(stores.size() * ADOPTING_SHARE);
    for (int i = 0; i < adopters; i++) {
      Object[] slot = slots.get(i % slots.size());
      shuffled.get(i).programs().put((Program) slot[0], (LocalDate) slot[1]);
    }
  }

  private double gaussian(String name, long i) {
    double u1 = 1.0 - Rng.unit(seed, name + "-u1", i);
    double u2 = Rng.unit(seed, name + "-u2", i);
    return Math.sqrt(-2.0 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  Store storeOfUser(int user) {
    return stores.get(user / USERS_PER_STORE);
  }

  /** The scan-to-win campaign running on a date, or null. */
  Campaign scanCampaignOn(LocalDate d) {
    if (scanCampaignEarly.covers(d)) {
      return scanCampaignEarly;
    }
    return scanCampaignLate.covers(d) ? scanCampaignLate : null;
  }

  int days() {
    return (int) (last.toEpochDay() - first.toEpochDay()) + 1;
  }
}
