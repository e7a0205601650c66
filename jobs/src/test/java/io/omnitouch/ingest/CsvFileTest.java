package io.omnitouch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** File-level rules: header, BOM, physical line numbers, field counts, encoding, PII in raw. */
class CsvFileTest {
  private static final Date DT = Date.valueOf("2026-11-22");
  private final SourceSpec groupEvents = SourceSpec.event("group_events");
  private final PhoneKeys keys = new PhoneKeys("k");

  private List<Object[]> parse(SourceSpec spec, byte[] bytes) throws IOException {
    CsvFile csv =
        new CsvFile(spec, new RowParser(spec, ZoneId.of("Asia/Shanghai"), keys), keys, "r1");
    List<Object[]> out = new ArrayList<>();
    try (Reader r = CsvFile.open(new ByteArrayInputStream(bytes), "f.csv")) {
      csv.parse(r, "group_events/dt=2026-11-22/f.csv", DT, out::add);
    }
    return out;
  }

  private static String reason(Object[] row) {
    return (String) row[row.length - 2];
  }

  private static Long line(Object[] row) {
    return (Long) row[row.length - 4];
  }

  @Test
  void lineNumbersArePhysicalLinesAcrossQuotedNewlinesAndBlankLines() throws IOException {
    String text =
        "\uFEFFevent_id,event_time,group_id,event_type,user_id,sku\n"
            + "E1,2026-11-22 10:00:00,G1,message,U1,\"multi\nline\"\n"
            + "\n"
            + "E2,2026-11-22 10:00:00,G1,not_an_event,U1,\n"
            + "E3,2026-11-22 10:00:00,G1,join,U1\n";
    List<Object[]> rows = parse(groupEvents, text.getBytes(StandardCharsets.UTF_8));
    assertEquals(3, rows.size());
    assertNull(reason(rows.get(0)), "BOM in the header is accepted");
    assertEquals(2L, line(rows.get(0)));
    assertEquals(5L, line(rows.get(1)));
    assertTrue(reason(rows.get(1)).startsWith("bad event_type 'not_an_event'"));
    assertEquals(6L, line(rows.get(2)));
    assertEquals("wrong number of fields: 5 (header has 6)", reason(rows.get(2)));
    assertEquals("E3,2026-11-22 10:00:00,G1,join,U1", rows.get(2)[rows.get(2).length - 1]);
  }

  @Test
  void rowsThatAreNotUtf8AreQuarantinedAndOthersLoad() throws IOException {
    String header = "event_id,event_time,group_id,event_type,user_id,sku\n";
    byte[] ascii =
        (header + "E1,2026-11-22 10:00:00,G1,join,U1,P1\n").getBytes(StandardCharsets.UTF_8);
    byte[] gbk = "E2,2026-11-22 10:00:00,G1,join,U1,西湖\n".getBytes(Charset.forName("GBK"));
    byte[] all = new byte[ascii.length + gbk.length];
    System.arraycopy(ascii, 0, all, 0, ascii.length);
    System.arraycopy(gbk, 0, all, ascii.length, gbk.length);
    List<Object[]> rows = parse(groupEvents, all);
    assertNull(reason(rows.get(0)));
    assertEquals("not valid UTF-8 (is the file UTF-8?)", reason(rows.get(1)));
    assertEquals(3L, line(rows.get(1)));
  }

  @Test
  void headerReportsMissingRequiredAndUnknownColumns() throws IOException {
    CsvFile csv =
        new CsvFile(groupEvents, new RowParser(groupEvents, ZoneId.of("UTC"), keys), keys, "r1");
    byte[] text = "event_id,event_time,event_type,user_id,mood\n".getBytes(StandardCharsets.UTF_8);
    CsvFile.Header h = csv.header(CsvFile.open(new ByteArrayInputStream(text), "f.csv"));
    assertEquals(List.of("group_id"), h.missingRequired());
    assertEquals(List.of("mood"), h.unknown());
    assertNull(csv.header(CsvFile.open(new ByteArrayInputStream(new byte[0]), "f.csv")));
  }

  @Test
  void rejectedRawTextNeverHoldsAClearPhone() throws IOException {
    SourceSpec orders = SourceSpec.event("orders");
    String text =
        "order_id,line_no,order_time,updated_time,status,channel,sku,quantity,unit_price,paid_amount,buyer_phone\n"
            + "O1,1,2026-11-22 10:00:00,2026-11-22 10:00:00,paid,guide,P1,0,1.00,1.00,+86 138 0013 8000\n"
            + "O2,1,2026-11-22 10:00:00,2026-11-22 10:00:00,paid,guide,P1,1,1.00,13800138000\n";
    List<Object[]> rows = parse(orders, text.getBytes(StandardCharsets.UTF_8));
    for (Object[] r : rows) {
      String raw = (String) r[r.length - 1];
      assertFalse(raw.contains("13800138000") || raw.contains("138 0013 8000"), raw);
      assertTrue(raw.contains(keys.key("13800138000")), raw);
    }
  }
}
