package io.omnitouch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnitouch.generate.InputTree.Row;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The customer history before the window (marts.md, Customer assets): paid orders 100–399 days
 * before the window, delivered as late events in the first day's orders file, for users who mostly
 * buy again in the window (回流) and sometimes not (churned). The figures planted.json expects are
 * those the contract's rules give over the delivered files.
 */
class CustomerHistoryTest {
  static final LocalDate FROM = LocalDate.parse("2026-09-28");
  static final LocalDate LAST = FROM.plusDays(55);

  @TempDir static Path tmp;
  static List<Row> orders;
  static JsonNode planted;

  @BeforeAll
  static void generate() throws IOException {
    Path tree = tmp.resolve("tree");
    Generator.run(new GenerateOptions(tree, FROM, 56, 0.3, 11, false, 1_000_000));
    orders = InputTree.read(tree, "orders");
    planted =
        new ObjectMapper().readTree(tree.resolve("planted.json").toFile()).get("customer_history");
  }

  private static LocalDate orderDate(Row r) {
    return InputTree.businessDate(r.get("order_time"));
  }

  private static List<Row> historyRows() {
    return orders.stream().filter(r -> orderDate(r).isBefore(FROM)).toList();
  }

  @Test
  void historyOrdersArePaidOlderThanTheWindowAndDeliveredOnItsFirstDay() {
    List<Row> history = historyRows();
    assertEquals(planted.get("order_lines").asLong(), history.size());
    Set<String> ids = new HashSet<>();
    Set<String> users = new HashSet<>();
    for (Row r : history) {
      long daysBefore = ChronoUnit.DAYS.between(orderDate(r), FROM);
      assertTrue(daysBefore >= 100 && daysBefore <= 399, r.get("order_id") + " " + daysBefore);
      assertEquals(FROM, r.dt(), "delivered in the first day's file");
      assertEquals("paid", r.get("status"));
      assertTrue(r.get("user_id") != null, "a history buyer is known");
      assertTrue(
          !InputTree.businessDate(r.get("updated_time")).isAfter(FROM), "written before delivery");
      ids.add(r.get("order_id"));
      users.add(r.get("user_id"));
    }
    assertEquals(planted.get("orders").asLong(), ids.size());
    assertEquals(planted.get("users").asLong(), users.size());
  }

  @Test
  void mostHistoryBuyersBuyAgainInTheWindowAndSomeDoNot() {
    Set<String> history = new HashSet<>();
    historyRows().forEach(r -> history.add(r.get("user_id")));
    Set<String> again = new HashSet<>();
    for (Row r : ContractRules.currentLines(orders).values()) {
      if (r.get("status").equals("paid")
          && !orderDate(r).isBefore(FROM)
          && history.contains(r.get("user_id"))) {
        again.add(r.get("user_id"));
      }
    }
    assertEquals(planted.get("users_buying_again_in_window").asLong(), again.size());
    assertTrue(again.size() > history.size() / 2, again.size() + " of " + history.size());
    assertTrue(again.size() < history.size(), "some history buyers never come back");
  }

  /** One paid order of a known buyer, from its lowest counting line. */
  private record Buy(LocalDate date, Instant time, String id, String channel) {}

  @Test
  void theExpectedCustomerFiguresAreTheContractsOverTheDeliveredOrders() {
    Map<String, Row> firstLine = new TreeMap<>();
    for (Row r : ContractRules.currentLines(orders).values()) {
      if (r.get("status").equals("paid") && r.get("user_id") != null) {
        firstLine.merge(
            r.get("order_id"),
            r,
            (a, b) ->
                Integer.parseInt(a.get("line_no")) <= Integer.parseInt(b.get("line_no")) ? a : b);
      }
    }
    Map<String, List<Buy>> byUser = new TreeMap<>();
    for (Row r : firstLine.values()) {
      byUser
          .computeIfAbsent(r.get("user_id"), u -> new ArrayList<>())
          .add(
              new Buy(
                  orderDate(r),
                  InputTree.instant(r.get("order_time")),
                  r.get("order_id"),
                  r.get("channel")));
    }
    Map<String, Long> reactivated = new TreeMap<>();
    Map<String, Long> newByChannel = new TreeMap<>();
    long churned = 0;
    for (List<Buy> buys : byUser.values()) {
      buys.sort(Comparator.comparing(Buy::date).thenComparing(Buy::time).thenComparing(Buy::id));
      LocalDate prev = null;
      for (Buy b : buys) {
        if (b.date().equals(prev)) {
          continue;
        }
        if (!b.date().isBefore(FROM)) {
          // new: no paid order d-365 … d-1; reactivated: the latest one is d-91 or earlier
          if (prev == null || ChronoUnit.DAYS.between(prev, b.date()) > 365) {
            newByChannel.merge(b.channel(), 1L, Long::sum);
          } else if (ChronoUnit.DAYS.between(prev, b.date()) >= 91) {
            reactivated.merge(b.date().toString(), 1L, Long::sum);
          }
        }
        prev = b.date();
      }
      // churned on the last date: a paid order dated last-364 … last-91, none after
      long sinceLast = ChronoUnit.DAYS.between(prev, LAST);
      if (sinceLast >= 91 && sinceLast <= 364) {
        churned++;
      }
    }
    Map<String, Long> expectedReactivated = new TreeMap<>();
    planted
        .get("reactivated_buyers_by_date")
        .fields()
        .forEachRemaining(e -> expectedReactivated.put(e.getKey(), e.getValue().asLong()));
    Map<String, Long> expectedNew = new TreeMap<>();
    planted
        .get("new_buyers_by_first_channel")
        .fields()
        .forEachRemaining(e -> expectedNew.put(e.getKey(), e.getValue().asLong()));
    assertEquals(expectedReactivated, reactivated);
    assertEquals(expectedNew, newByChannel);
    assertEquals(planted.at("/last_date/churned_customers").asLong(), churned);
    assertTrue(reactivated.size() >= 14, "回流 on several days: " + reactivated.keySet());
    assertTrue(churned > 0, "churned customers");
    assertTrue(newByChannel.getOrDefault("mini_program", 0L) > 0, "a mini-program cohort");
    assertTrue(newByChannel.getOrDefault("guide", 0L) > 0, "a guide cohort");
    JsonNode segments = planted.at("/last_date/rfm_segments");
    assertEquals(
        churned,
        segments.get("lapsing").asLong() + segments.get("lapsed").asLong(),
        "lapsing + lapsed = churned");
  }
}
