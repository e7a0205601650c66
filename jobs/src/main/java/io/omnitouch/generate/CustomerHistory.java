package io.omnitouch.generate;

import io.omnitouch.generate.Simulation.Order;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Store;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The brand's customers from before the window, so that the customer-asset marts (marts.md,
 * Customer assets) have returning, reactivated (回流) and churned (流失) buyers to find. A share of the
 * users, chosen by a hash of the seed and the user, bought 1–3 times 100–399 days before the
 * window; upstream delivers those paid orders as late events in the first day's orders file (the
 * contract allows it: they land in their own dates, older than the late horizon, so they are loaded
 * and reported, and restate no mart of their own date). A history buyer who buys again in the
 * window is 回流 on that day when the history lies within 365 days (else new again); one who does not
 * is churned from the window's point of view.
 *
 * <p>It also keeps every paid order of a known user the simulation writes, so that the expected
 * figures (reactivated buyers per day, churned customers, cohorts by first channel, RFM segments)
 * go to planted.json, computed by the contract's definitions from what was delivered.
 */
final class CustomerHistory {
  /** Share of the users who bought before the window. */
  static final double HISTORY_BUYER_SHARE = 0.20;

  static final int MAX_HISTORY_ORDERS = 3;

  /** History orders are dated this many days before the window's first day, at least … */
  static final int MIN_DAYS_BEFORE = 100;

  /** … and at most this many (inclusive). */
  static final int MAX_DAYS_BEFORE = 399;

  /** History order channels: store POS, guide, community, mini_program, ecommerce. */
  private static final String[] CHANNELS = {
    "store", "guide", "community", "mini_program", "ecommerce"
  };

  private static final double[] CHANNEL_WEIGHTS = {0.45, 0.13, 0.10, 0.27, 0.05};

  /** "New" looks back 365 days; 回流 after 90+ days without buying (marts.md). */
  static final int NEW_LOOKBACK_DAYS = 365;

  static final int REACTIVATION_GAP_DAYS = 91;
  static final int REPURCHASE_DAYS = 30;

  /** One paid order of a known user: what the customer marts classify from. */
  private record Buy(LocalDate date, long time, String orderId, String channel) {}

  private static final Comparator<Buy> ORDER =
      Comparator.comparing(Buy::date).thenComparingLong(Buy::time).thenComparing(Buy::orderId);

  private final Simulation sim;
  private final World w;
  private final Rng rng;
  private final Map<Integer, List<Buy>> history = new TreeMap<>();
  private final Map<Integer, List<Buy>> window = new TreeMap<>();
  private long seq;
  private long lines;

  CustomerHistory(Simulation sim) {
    this.sim = sim;
    this.w = sim.w;
    this.rng = Rng.stream(sim.seed, "customer-history");
  }

  /** The history orders of a user: 0 when the user had not bought before the window. */
  int historyOrders(int user) {
    if (Rng.unit(sim.seed, "history", user) >= HISTORY_BUYER_SHARE) {
      return 0;
    }
    return 1 + (int) (Rng.unit(sim.seed, "history-orders", user) * MAX_HISTORY_ORDERS);
  }

  /**
   * Writes every history order (one version, paid) into the first day's orders file, before the
   * day's own orders: one export of the order system's past, delivered once.
   */
  void deliver() {
    for (int u = 0; u < w.userCount; u++) {
      int n = historyOrders(u);
      List<Order> orders = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        long daysBefore = rng.between(MIN_DAYS_BEFORE, MAX_DAYS_BEFORE);
        LocalDate d = w.first.minusDays(daysBefore);
        orders.add(order(u, d));
      }
      orders.sort(Comparator.comparingLong(o -> o.time));
      for (Order o : orders) {
        o.id =
            "OH"
                + Fmt.dateOf(o.time).format(Simulation.BASIC_DATE)
                + String.format(Locale.ROOT, "%07d", ++seq);
        buildLines(o);
        long written = o.time + rng.between(1_000L, 30_000L);
        for (int i = 0; i < o.lines.size(); i++) {
          sim.files.emit(
              Source.ORDERS, w.first, sim.orderRow(o, o.lines.get(i), i + 1, written, "paid"));
        }
        lines += o.lines.size();
        history
            .computeIfAbsent(u, k -> new ArrayList<>())
            .add(new Buy(Fmt.dateOf(o.time), o.time, o.id, o.channel));
      }
    }
  }

  private Order order(int user, LocalDate d) {
    String channel = CHANNELS[rng.weighted(CHANNEL_WEIGHTS)];
    if (channel.equals("guide") && !sim.isFriend(user, d)) {
      channel = "store";
    } else if (channel.equals("community") && !sim.isMember(user, d)) {
      channel = "store";
    }
    Order o = new Order();
    o.channel = channel;
    o.user = user;
    o.person = sim.person(user);
    o.phone = o.person.phone();
    boolean online = channel.equals("mini_program") || channel.equals("ecommerce");
    int hour = rng.weighted(online ? Seasonality.ONLINE_HOURS : Seasonality.STORE_HOURS);
    o.time = Fmt.at(d, hour * Fmt.HOUR + rng.between(0L, Fmt.HOUR - 1));
    Store s = w.storeOfUser(user);
    o.store = channel.equals("ecommerce") ? null : s;
    if (channel.equals("guide")) {
      o.guideId = sim.guideOf(user).id();
    } else if (channel.equals("community")) {
      o.groupId = sim.groupOf(user).id();
    }
    o.regionCode = o.store != null ? s.region().code() : o.person.region().code();
    return o;
  }

  /** List prices (the planted 乱价 stores' POS at their dumping price, as in the window). */
  private void buildLines(Order o) {
    int n = 1 + rng.weighted(Simulation.LINES_PER_ORDER);
    List<Integer> chosen = new ArrayList<>();
    for (int tries = 0; chosen.size() < n && tries < 20; tries++) {
      int i = rng.weighted(sim.popularity);
      if (!chosen.contains(i)) {
        chosen.add(i);
      }
    }
    for (int i : chosen) {
      Product p = w.products.get(i);
      int qty = p.quantities()[rng.nextInt(p.quantities().length)];
      long unit = p.listCents();
      if (sim.dumpsPrices(o)) {
        unit = Math.round(unit * Simulation.PRICE_DUMPING_FACTOR / 100.0) * 100;
      }
      o.lines.add(new long[] {i, qty, unit, unit * qty});
    }
  }

  /** Records a window order of a known user that the delivered versions leave paid. */
  void paid(Order o) {
    if (o.user < 0) {
      return;
    }
    window
        .computeIfAbsent(o.user, k -> new ArrayList<>())
        .add(new Buy(Fmt.dateOf(o.time), o.time, o.id, o.channel));
  }

  /** Expected figures, by the contract's definitions over history and window, to planted.json. */
  void report(Manifest manifest) {
    LocalDate last = w.last;
    TreeMap<String, Long> reactivatedByDate = new TreeMap<>();
    Map<String, Long> newByChannel = new TreeMap<>();
    Map<String, Long> repurchased30ByChannel = new TreeMap<>();
    Map<String, Long> segments = new LinkedHashMap<>();
    for (String s : List.of("champion", "new", "active", "lapsing", "lapsed")) {
      segments.put(s, 0L);
    }
    long returningLast = 0;
    long churnedLast = 0;
    long historyBuyersInWindow = 0;
    List<Map<String, Object>> examples = new ArrayList<>();
    Set<Integer> users = new TreeSet<>(history.keySet());
    users.addAll(window.keySet());
    for (int u : users) {
      List<Buy> all = new ArrayList<>(history.getOrDefault(u, List.of()));
      List<Buy> inWindow = window.getOrDefault(u, List.of());
      all.addAll(inWindow);
      all.sort(ORDER);
      if (history.containsKey(u) && !inWindow.isEmpty()) {
        historyBuyersInWindow++;
      }
      LocalDate prev = null;
      for (int i = 0; i < all.size(); i++) {
        Buy b = all.get(i);
        if (b.date().equals(prev)) {
          continue; // a buyer's status is per day; the day's first order gives the channel
        }
        if (!b.date().isBefore(w.first)) {
          boolean isNew = prev == null || days(prev, b.date()) > NEW_LOOKBACK_DAYS;
          if (isNew) {
            newByChannel.merge(b.channel(), 1L, Long::sum);
            LocalDate d = b.date();
            boolean again =
                all.stream()
                    .anyMatch(x -> x.date().isAfter(d) && days(d, x.date()) <= REPURCHASE_DAYS);
            repurchased30ByChannel.merge(b.channel(), again ? 1L : 0L, Long::sum);
          } else if (days(prev, b.date()) >= REACTIVATION_GAP_DAYS) {
            reactivatedByDate.merge(b.date().toString(), 1L, Long::sum);
            if (examples.size() < 3) {
              Map<String, Object> e = new LinkedHashMap<>();
              e.put("user_id", Ids.user(sim.seed, u));
              e.put("last_order_before", prev.toString());
              e.put("back_on", b.date().toString());
              examples.add(e);
            }
          }
          if (!isNew && b.date().equals(last)) {
            returningLast++;
          }
        }
        prev = b.date();
      }
      // the snapshot as of the last date: orders dated last − 364 … last
      LocalDate lastOrder = all.get(all.size() - 1).date();
      long orders365 = all.stream().filter(x -> days(x.date(), last) < 365).count();
      if (orders365 == 0) {
        continue;
      }
      long recency = days(lastOrder, last);
      String segment;
      if (recency <= 30 && orders365 >= 3) {
        segment = "champion";
      } else if (orders365 == 1 && recency <= 30) {
        segment = "new";
      } else if (recency <= 90) {
        segment = "active";
      } else if (recency <= 180) {
        segment = "lapsing";
      } else {
        segment = "lapsed";
      }
      segments.merge(segment, 1L, Long::sum);
      if (recency >= REACTIVATION_GAP_DAYS) {
        churnedLast++;
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "description",
        "A share of the users bought 1-"
            + MAX_HISTORY_ORDERS
            + " times "
            + MIN_DAYS_BEFORE
            + "-"
            + MAX_DAYS_BEFORE
            + " days before the window; those paid orders are delivered as late events in the"
            + " first day's orders file (older than the late horizon: loaded and reported, their"
            + " own dates' marts not restated). History buyers who buy again in the window are"
            + " reactivated (回流) on their first window day when the history lies within 365 days"
            + " (else new again); those who do not are churned. The expected figures below follow"
            + " the contract's definitions over every paid order delivered (history and window).");
    m.put("delivered_in_dt", w.first.toString());
    m.put("users", history.size());
    m.put("orders", seq);
    m.put("order_lines", lines);
    m.put("order_date_from", w.first.minusDays(MAX_DAYS_BEFORE).toString());
    m.put("order_date_to", w.first.minusDays(MIN_DAYS_BEFORE).toString());
    m.put("users_buying_again_in_window", historyBuyersInWindow);
    m.put("reactivated_examples", examples);
    m.put("reactivated_buyers_by_date", reactivatedByDate);
    m.put("reactivated_buyers", reactivatedByDate.values().stream().mapToLong(x -> x).sum());
    m.put("new_buyers_by_first_channel", newByChannel);
    m.put("repurchased_30d_by_first_channel", repurchased30ByChannel);
    Map<String, Object> atLast = new LinkedHashMap<>();
    atLast.put("date", last.toString());
    atLast.put("returning_buyers", returningLast);
    atLast.put("churned_customers", churnedLast);
    atLast.put("rfm_segments", segments);
    m.put("last_date", atLast);
    manifest.root.put("customer_history", m);
  }

  private static long days(LocalDate from, LocalDate to) {
    return ChronoUnit.DAYS.between(from, to);
  }
}
