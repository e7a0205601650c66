package io.omnitouch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every row rule of inputs.md, one at a time, on an otherwise valid order line or scan. */
class RowParserTest {
  private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
  private final RowParser orders =
      new RowParser(SourceSpec.event("orders"), SHANGHAI, new PhoneKeys("k"));
  private final RowParser scans =
      new RowParser(SourceSpec.event("scans"), SHANGHAI, new PhoneKeys("k"));

  private static Map<String, String> order() {
    Map<String, String> m = new HashMap<>();
    m.put("order_id", " O1 ");
    m.put("line_no", "1");
    m.put("order_time", "2026-11-22 10:15:30");
    m.put("updated_time", "2026-11-22T02:15:30Z");
    m.put("status", "paid");
    m.put("channel", "guide");
    m.put("sku", "P1");
    m.put("quantity", "2");
    m.put("unit_price", "10.5");
    m.put("paid_amount", "19.90");
    m.put("user_id", "");
    return m;
  }

  private String reasonWith(RowParser p, Map<String, String> row, String column, String value) {
    row.put(column, value);
    return p.parse(row).reason();
  }

  @Test
  void validRowIsTypedTrimmedAndEmptyIsNull() {
    RowParser.Result r = orders.parse(order());
    assertNull(r.reason());
    assertEquals("O1", r.values()[0]);
    Timestamp local = (Timestamp) r.values()[2];
    Timestamp utc = (Timestamp) r.values()[3];
    assertEquals(Instant.parse("2026-11-22T02:15:30Z"), local.toInstant());
    assertEquals(local, utc);
    assertNull(r.values()[5], "empty user_id is null");
    assertEquals(new BigDecimal("10.50"), r.values()[13]);
  }

  @Test
  void timestampsWithOffsetAndFractionalSeconds() {
    Map<String, String> row = order();
    row.put("order_time", "2026-11-22T10:15:30.250+08:00");
    Timestamp t = (Timestamp) orders.parse(row).values()[2];
    assertEquals(Instant.parse("2026-11-22T02:15:30.250Z"), t.toInstant());
  }

  @Test
  void everyRuleHasItsReason() {
    assertEquals("missing required value: order_id", reasonWith(orders, order(), "order_id", "  "));
    assertTrue(reasonWith(orders, order(), "line_no", "0").startsWith("line_no below 1"));
    assertTrue(reasonWith(orders, order(), "quantity", "0").startsWith("quantity below 1"));
    assertTrue(reasonWith(orders, order(), "quantity", "two").startsWith("bad int in quantity"));
    assertTrue(reasonWith(orders, order(), "status", "shipped").startsWith("bad status 'shipped'"));
    assertTrue(
        reasonWith(orders, order(), "paid_amount", "-1.00")
            .startsWith("negative money in paid_amount"));
    assertTrue(
        reasonWith(orders, order(), "paid_amount", "1.999")
            .startsWith("money with more than 2 fraction digits"));
    assertTrue(
        reasonWith(orders, order(), "unit_price", "ten").startsWith("bad money in unit_price"));
    assertTrue(
        reasonWith(orders, order(), "order_time", "22/11/2026")
            .startsWith("bad timestamp in order_time"));
    assertTrue(reasonWith(orders, order(), "region_code", "33010").startsWith("bad region_code"));
  }

  @Test
  void trailingZerosBeyondTwoDigitsAreStillCents() {
    assertNull(reasonWith(orders, order(), "paid_amount", "19.900"));
  }

  @Test
  void conditionalRequirementsFollowTheScanType() {
    Map<String, String> scan = new HashMap<>();
    scan.put("scan_id", "S1");
    scan.put("code", "C1");
    scan.put("sku", "P1");
    scan.put("scan_type", "consumer");
    scan.put("event_time", "2026-11-22 10:00:00");
    scan.put("region_code", "330106");
    assertEquals(
        "missing required value: user_id (required when scan_type = consumer)",
        scans.parse(scan).reason());
    scan.put("scan_type", "factory_out");
    assertEquals(
        "missing required value: distributor_id (required when scan_type = factory_out)",
        scans.parse(scan).reason());
    scan.put("distributor_id", "D1");
    assertNull(scans.parse(scan).reason());
    scan.put("lat", "91");
    assertEquals("lat out of range: 91", scans.parse(scan).reason());
  }
}
