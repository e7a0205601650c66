package io.omnitouch.report;

import static io.omnitouch.report.ReportFixtures.d;
import static io.omnitouch.report.ReportFixtures.dim;
import static io.omnitouch.report.ReportFixtures.mart;
import static io.omnitouch.report.ReportFixtures.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.report.ChannelControlSection.Batch;
import io.omnitouch.report.ChannelControlSection.ChannelControl;
import io.omnitouch.report.ChannelControlSection.PriceCity;
import io.omnitouch.report.Messages.Lang;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Channel control from hand-made code_scan_rate and price_deviation_daily rows, D = 2026-11-22: the
 * latest snapshot on or before D, batches under 20 codes shipped left out, lowest and highest scan
 * rates without overlap, and the 乱价 cities of D over the units that have a list price.
 */
class ChannelControlSectionTest {
  static final LocalDate D = LocalDate.parse("2026-11-22");

  @Test
  void batchRankingLeavesOutSmallBatchesAndPriceCitiesRankByShareBelowTheFloor() {
    ReportFixtures f = new ReportFixtures();
    f.distributors = dim("distributors", "distributor_id, name", row("D1", "<b>杭州</b>批发"));
    f.regions =
        dim(
            "regions",
            "region_code, name",
            row("330100", "杭州市"),
            row("330200", "<script>宁波</script>"));
    String cols = "dt, sku, batch_id, distributor_id, codes_shipped, codes_scanned, scan_rate";
    f.codeScanRate =
        mart(
            "code_scan_rate",
            cols,
            row(d("2026-11-21"), "P1", "B1", "D1", 100L, 10L, 0.10),
            row(d("2026-11-21"), "P1", "B2", "D1", 50L, 5L, 0.10), // tie: fewer codes, after B1
            row(d("2026-11-21"), "P1", null, "D2", 40L, 30L, 0.75),
            row(d("2026-11-21"), "P2", "B4", "D1", 20L, 20L, 1.0), // exactly 20: ranked
            row(d("2026-11-21"), "P2", "B5", "D2", 200L, 100L, 0.50),
            row(d("2026-11-21"), "P3", "B7", "D2", 80L, 20L, 0.25),
            row(d("2026-11-21"), "P3", "B8", "D1", 60L, 48L, 0.80),
            row(d("2026-11-21"), "P2", "B3", "D2", 19L, 0L, 0.0), // too few codes
            row(d("2026-11-21"), "P3", "B6", "D1", 5L, 5L, 1.0), // too few codes
            row(d("2026-11-20"), "P9", "B9", "D1", 900L, 0L, 0.0), // an older snapshot
            row(d("2026-11-23"), "P9", "B9", "D1", 900L, 0L, 0.0)); // after D
    String priceCols = "dt, sku, city_code, channel, units, below_floor_units";
    f.priceDeviationDaily =
        mart(
            "price_deviation_daily",
            priceCols,
            row(d("2026-11-22"), "P1", "3301", "guide", 100L, 30L),
            row(d("2026-11-22"), "P2", "3301", "store", 50L, 0L), // 3301: 30 / 150 = 20%
            row(d("2026-11-22"), "P1", "3201", "guide", 10L, 5L),
            row(d("2026-11-22"), "P3", "3201", "guide", 40L, null), // no list price: not judged
            row(d("2026-11-22"), "P1", "3302", "guide", 20L, 10L), // 50%, more units below
            row(d("2026-11-22"), "P1", "3101", "guide", 200L, 0L), // nothing below the floor
            row(d("2026-11-22"), "P1", null, "ecommerce", 100L, 100L), // no city
            row(d("2026-11-21"), "P1", "3401", "guide", 10L, 10L)); // another day

    ChannelControl c = ReportModelBuilder.build(f.inputs(), D).channelControl();

    assertEquals(LocalDate.parse("2026-11-21"), c.snapshotDate());
    assertEquals(7, c.ranked());
    assertEquals(2, c.tooSmall());
    String d1 = "<b>杭州</b>批发";
    assertEquals(
        List.of(
            new Batch("P1", "B1", d1, 100, 10, 0.10),
            new Batch("P1", "B2", d1, 50, 5, 0.10),
            new Batch("P3", "B7", "D2", 80, 20, 0.25),
            new Batch("P2", "B5", "D2", 200, 100, 0.50),
            new Batch("P1", null, "D2", 40, 30, 0.75)),
        c.lowest());
    // Only the two ranked rows the lowest five did not take, highest first.
    assertEquals(
        List.of(new Batch("P2", "B4", d1, 20, 20, 1.0), new Batch("P3", "B8", d1, 60, 48, 0.80)),
        c.highest());
    assertEquals(
        List.of(
            new PriceCity("<script>宁波</script>", 10, 20),
            new PriceCity("3201", 5, 10),
            new PriceCity("杭州市", 30, 150)),
        c.priceCities());
    assertEquals(0.2, c.priceCities().get(2).belowFloorShare(), 1e-12);

    String zh = ChannelControlSection.render(c, Messages.of(Lang.zh), D);
    assertTrue(zh.contains("出货少于 20 码的批次不参与排名(本期 2 个)。 快照日期 2026-11-21。"), zh);
    assertTrue(
        zh.contains(
            "<td class=\"name\">P1 · 无批次</td><td class=\"num\">75.0%</td>"
                + "<td class=\"num\">40</td><td class=\"num\">30</td><td class=\"name\">D2</td>"),
        zh);
    assertTrue(zh.contains("<td class=\"name\">&lt;script&gt;宁波&lt;/script&gt;</td>"), zh);
    assertTrue(zh.contains("&lt;b&gt;杭州&lt;/b&gt;批发"), zh);
    String en = ChannelControlSection.render(c, Messages.of(Lang.en), D);
    assertTrue(en.contains("<td class=\"num\">50.0%</td>"), en);
  }

  @Test
  void withoutEitherMartThereIsNoCardAndPricesAloneStillShow() {
    ReportFixtures f = new ReportFixtures();
    assertNull(ReportModelBuilder.build(f.inputs(), D).channelControl());

    f.priceDeviationDaily =
        mart(
            "price_deviation_daily",
            "dt, sku, city_code, channel, units, below_floor_units",
            row(d("2026-11-22"), "P1", "3301", "guide", 4L, 1L));
    ChannelControl c = ReportModelBuilder.build(f.inputs(), D).channelControl();
    assertNull(c.snapshotDate());
    assertEquals(List.of(new PriceCity("3301", 1, 4)), c.priceCities());
    assertTrue(c.lowest().isEmpty() && c.highest().isEmpty());
  }
}
