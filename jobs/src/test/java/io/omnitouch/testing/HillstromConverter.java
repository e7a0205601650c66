package io.omnitouch.testing;

import io.omnitouch.schema.Schemas;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

/**
 * Maps the Hillstrom MineThatData e-mail experiment (Kevin Hillstrom, MineThatData, 2008; {@code
 * src/test/resources/reference/hillstrom/}, gzipped) onto the silver inputs of {@code
 * UpliftCampaign}: the acceptance data of issue 5.
 *
 * <ul>
 *   <li>Each customer (data line n) is user {@code H00001}...
 *   <li>Each e-mail arm is a campaign ({@link #MENS}, {@link #WOMENS}) whose treatment arm is that
 *       segment; the {@code No E-Mail} customers are the control arm of both.
 *   <li>A customer with {@code conversion = 1} placed one paid order worth {@code spend} inside the
 *       two-week window (dates spread over the window; Hillstrom gives none), one line of sku
 *       {@link #SKU}, quantity 1.
 *   <li>What Hillstrom does not say is notional and only exercises the arithmetic: the campaigns
 *       are {@code guide_push} with a budget of {@link #COST_PER_EMAIL} per e-mail sent, and the
 *       product's unit_cost is 0 (so margin = revenue).
 * </ul>
 *
 * <p>It lives with the test support, not in the jobs: only the acceptance test uses it, the data is
 * a test fixture (its terms are not explicit: it never enters the shipped jar), and the production
 * jar has no use for a 2008 benchmark. After the nightly run lands it can write the same objects as
 * input CSVs and go through ingestion instead.
 */
public final class HillstromConverter {
  /** The publisher's file name; the repository keeps it gzipped ({@code .gz}). */
  public static final String FILE =
      "Kevin_Hillstrom_MineThatData_E-MailAnalytics_DataMiningChallenge_2008.03.20.csv.gz";

  public static final String MENS = "HILLSTROM_MENS";
  public static final String WOMENS = "HILLSTROM_WOMENS";
  public static final String SKU = "HILLSTROM";

  /** Hillstrom tracked purchases for two weeks after the e-mail. */
  public static final int WINDOW_DAYS = 14;

  public static final LocalDate WINDOW_START = LocalDate.parse("2008-03-03");
  public static final LocalDate WINDOW_END = WINDOW_START.plusDays(WINDOW_DAYS - 1);

  /** Notional: Hillstrom publishes no cost. */
  public static final BigDecimal COST_PER_EMAIL = new BigDecimal("0.10");

  private static final String MENS_SEGMENT = "Mens E-Mail";
  private static final String WOMENS_SEGMENT = "Womens E-Mail";
  private static final String NO_EMAIL_SEGMENT = "No E-Mail";

  /** The silver-shaped inputs of {@code UpliftCampaign.build}. */
  public record Inputs(
      Dataset<Row> campaigns,
      Dataset<Row> assignments,
      Dataset<Row> orderLines,
      Dataset<Row> paidOrders,
      Dataset<Row> products,
      Dataset<Row> scans) {}

  private HillstromConverter() {}

  /** The repository's copy of the reference file; a missing one fails the calling test. */
  public static Path location() {
    return ReferenceData.folder("hillstrom", FILE).resolve(FILE);
  }

  public static Inputs convert(SparkSession spark, Path csv) throws IOException {
    List<Row> assignments = new ArrayList<>();
    List<Row> paidOrders = new ArrayList<>();
    List<Row> orderLines = new ArrayList<>();
    long mens = 0;
    long womens = 0;
    try (Reader in =
            new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(csv)), StandardCharsets.UTF_8);
        CSVParser parser =
            CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
      for (CSVRecord r : parser) {
        long n = r.getRecordNumber();
        String user = String.format(Locale.ROOT, "H%05d", n);
        String segment = r.get("segment");
        switch (segment) {
          case MENS_SEGMENT -> {
            assignments.add(RowFactory.create(MENS, user, "treatment"));
            mens++;
          }
          case WOMENS_SEGMENT -> {
            assignments.add(RowFactory.create(WOMENS, user, "treatment"));
            womens++;
          }
          case NO_EMAIL_SEGMENT -> {
            assignments.add(RowFactory.create(MENS, user, "control"));
            assignments.add(RowFactory.create(WOMENS, user, "control"));
          }
          default ->
              throw new IllegalArgumentException(
                  csv + " line " + (n + 1) + ": unknown segment '" + segment + "'");
        }
        if ("1".equals(r.get("conversion"))) {
          BigDecimal spend = new BigDecimal(r.get("spend")).setScale(2);
          LocalDate day = WINDOW_START.plusDays(n % WINDOW_DAYS);
          String orderId = "HO" + user.substring(1);
          paidOrders.add(paidOrder(orderId, user, day, spend));
          orderLines.add(orderLine(orderId, user, day, spend, n));
        }
      }
    }
    Dataset<Row> campaigns =
        spark.createDataFrame(
            List.of(
                campaign(MENS, "Hillstrom: Mens E-Mail", mens),
                campaign(WOMENS, "Hillstrom: Womens E-Mail", womens)),
            Schemas.referenceStruct("reference/campaigns"));
    Dataset<Row> products =
        spark.createDataFrame(
            List.of(
                RowFactory.create(
                    SKU, "Hillstrom merchandise", null, null, BigDecimal.ZERO.setScale(2))),
            Schemas.referenceStruct("reference/products"));
    return new Inputs(
        campaigns,
        spark.createDataFrame(
            assignments, Schemas.referenceStruct("reference/campaign_assignments")),
        spark.createDataFrame(orderLines, Schemas.struct("silver/order_lines")),
        spark.createDataFrame(paidOrders, Schemas.struct("silver/paid_orders")),
        products,
        spark.createDataFrame(List.of(), Schemas.struct("silver/scans")));
  }

  private static Row campaign(String id, String name, long emails) {
    return RowFactory.create(
        id,
        name,
        "guide_push",
        Date.valueOf(WINDOW_START),
        Date.valueOf(WINDOW_END),
        COST_PER_EMAIL.multiply(BigDecimal.valueOf(emails)));
  }

  private static Row paidOrder(String orderId, String user, LocalDate day, BigDecimal spend) {
    return RowFactory.create(
        orderId,
        Date.valueOf(day),
        Timestamp.valueOf(day.atTime(12, 0)),
        user,
        "ecommerce",
        null,
        null,
        null,
        null,
        null,
        spend,
        1L,
        1);
  }

  private static Row orderLine(
      String orderId, String user, LocalDate day, BigDecimal spend, long sourceLine) {
    Timestamp t = Timestamp.valueOf(day.atTime(12, 0));
    return RowFactory.create(
        orderId,
        1,
        t,
        Date.valueOf(day),
        t,
        "paid",
        user,
        "ecommerce",
        null,
        null,
        null,
        null,
        SKU,
        1,
        spend,
        spend,
        null,
        null,
        null,
        Date.valueOf(day),
        FILE,
        sourceLine + 1,
        "hillstrom");
  }
}
