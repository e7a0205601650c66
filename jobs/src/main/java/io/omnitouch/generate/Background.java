package io.omnitouch.generate;

import io.omnitouch.generate.World.Group;
import io.omnitouch.generate.World.Guide;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Program;
import io.omnitouch.generate.World.Store;
import java.time.LocalDate;
import java.util.Locale;

/**
 * Activity that leads to no order by itself: guides adding friends, chatting, sharing products and
 * content, posting and sending coupons; groups gaining members (often invited by one), losing some,
 * chatting, sharing links that get clicked, red packets sent and claimed, group buys nobody joined.
 * It gives attribution its non-converting paths. Guide and group activity nearly doubles in stores
 * that adopted the guide or community programme.
 */
final class Background {
  private final Simulation sim;
  private final World w;
  private final Rng rng;
  private final long seed;
  private long contentSeq;

  Background(Simulation sim) {
    this.sim = sim;
    this.w = sim.w;
    this.rng = sim.rng;
    this.seed = sim.seed;
  }

  /** add_friend, group joins (often invited by a member) and leaves on their day. */
  void lifecycle(Store s, LocalDate d) {
    for (int u = s.firstUser(); u < s.firstUser() + World.USERS_PER_STORE; u++) {
      if (d.equals(sim.friendSince(u))) {
        sim.guideEvent(
            sim.timeOn(d, Seasonality.ONLINE_HOURS),
            sim.guideOf(u),
            "add_friend",
            Ids.user(seed, u),
            null,
            null,
            null);
      }
      if (d.equals(sim.memberSince(u))) {
        Group g = sim.groupOf(u);
        int inviter = rng.chance(0.6) ? sim.pickMember(s, d, g) : -1;
        sim.groupEvent(
            sim.timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "join",
            Ids.user(seed, u),
            inviter >= 0 ? Ids.user(seed, inviter) : null,
            null,
            null,
            null,
            null);
      }
      if (d.equals(sim.memberUntil(u))) {
        sim.groupEvent(
            sim.timeOn(d, Seasonality.ONLINE_HOURS),
            sim.groupOf(u),
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

  void guideActivity(Store s, LocalDate d) {
    double act = s.hasStarted(Program.GUIDE, d) ? 1.8 : 1.0;
    if (w.guidePushCampaign.covers(d)) {
      act *= 1.3;
    }
    for (Guide g : s.guides()) {
      int chats = rng.poisson(0.8 * act);
      for (int i = 0; i < chats; i++) {
        int u = sim.pickFriend(s, d, g);
        if (u >= 0) {
          sim.guideEvent(
              sim.timeOn(d, Seasonality.ONLINE_HOURS),
              g,
              "chat",
              Ids.user(seed, u),
              null,
              null,
              null);
        }
      }
      int shares = rng.poisson(0.35 * act);
      for (int i = 0; i < shares; i++) {
        Product p = w.products.get(rng.weighted(sim.popularity));
        String share = sim.nextShareId();
        long t = sim.timeOn(d, Seasonality.ONLINE_HOURS);
        sim.guideEvent(t, g, "share_product", null, p.sku(), share, null);
        int clicks = rng.poisson(1.2);
        for (int c = 0; c < clicks; c++) {
          int u = sim.pickFriend(s, d, g);
          if (u >= 0) {
            sim.guideEvent(
                t + sim.minutes(5, 360), g, "link_click", Ids.user(seed, u), p.sku(), share, null);
          }
        }
      }
      for (int i = rng.poisson(0.3 * act); i > 0; i--) {
        sim.guideEvent(
            sim.timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "share_content",
            null,
            null,
            sim.nextShareId(),
            String.format(Locale.ROOT, "CT%06d", ++contentSeq));
      }
      for (int i = rng.poisson(0.4 * act); i > 0; i--) {
        sim.guideEvent(
            sim.timeOn(d, Seasonality.ONLINE_HOURS),
            g,
            "moments_post",
            null,
            null,
            null,
            String.format(Locale.ROOT, "CT%06d", ++contentSeq));
      }
      for (int i = rng.poisson(0.25 * act); i > 0; i--) {
        int u = sim.pickFriend(s, d, g);
        if (u >= 0) {
          sim.guideEvent(
              sim.timeOn(d, Seasonality.ONLINE_HOURS),
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

  void groupActivity(Store s, LocalDate d) {
    double act = s.hasStarted(Program.COMMUNITY, d) ? 1.8 : 1.0;
    if (w.groupBuyCampaign.covers(d)) {
      act *= 1.3;
    }
    for (Group g : s.groups()) {
      for (int i = rng.poisson(1.2 * act); i > 0; i--) {
        int u = sim.pickMember(s, d, g);
        if (u >= 0) {
          sim.groupEvent(
              sim.timeOn(d, Seasonality.ONLINE_HOURS),
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
        int sharer = sim.pickMember(s, d, g);
        String share = sim.nextShareId();
        Product p = w.products.get(rng.weighted(sim.popularity));
        long t = sim.timeOn(d, Seasonality.ONLINE_HOURS);
        sim.groupEvent(
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
          int u = sim.pickMember(s, d, g);
          if (u >= 0) {
            sim.groupEvent(
                t + sim.minutes(3, 300),
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
        long t = sim.timeOn(d, Seasonality.ONLINE_HOURS);
        long total = rng.between(50, 200) * 100L;
        sim.groupEvent(t, g, "red_packet_send", g.owner().userId(), null, null, null, null, total);
        int claims = rng.between(3, 10);
        long left = total;
        for (int c = 0; c < claims && left > 0; c++) {
          int u = sim.pickMember(s, d, g);
          if (u < 0) {
            continue;
          }
          long amount =
              c == claims - 1
                  ? left
                  : Math.max(1, Math.min(left, rng.between(1L, 2 * total / claims)));
          left -= amount;
          sim.groupEvent(
              t + sim.minutes(0.2, 30),
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
        int u = sim.pickMember(s, d, g);
        if (u >= 0) {
          Product p = w.products.get(rng.weighted(sim.popularity));
          sim.groupEvent(
              sim.timeOn(d, Seasonality.ONLINE_HOURS),
              g,
              "group_buy_open",
              Ids.user(seed, u),
              null,
              p.sku(),
              null,
              sim.nextGroupBuyId(),
              null);
        }
      }
    }
  }
}
