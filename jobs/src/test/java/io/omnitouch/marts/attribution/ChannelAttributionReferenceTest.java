package io.omnitouch.marts.attribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.marts.attribution.HeuristicModels.Credit;
import io.omnitouch.marts.attribution.HeuristicModels.Heuristic;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model cores against the ChannelAttribution sample paths (GPL-3; a test fixture in
 * src/test/resources/reference/channelattribution, never in the shipped jar): the published
 * first/last/linear figures exactly (to the printed decimals), and the exact first-order Markov
 * removal effects to 1e-4 relative.
 */
class ChannelAttributionReferenceTest {
  static final double RELATIVE = 1e-4;

  static Path dir;
  static List<PathStat> rows;

  @BeforeAll
  static void load() throws IOException {
    dir = SharedReference.folder("channelattribution", "Data.csv");
    rows = new ArrayList<>();
    CSVFormat semicolons = CSVFormat.RFC4180.builder().setDelimiter(';').setHeader().get();
    try (Reader in = Files.newBufferedReader(dir.resolve("Data.csv"), StandardCharsets.UTF_8)) {
      for (CSVRecord r : semicolons.parse(in)) {
        rows.add(
            PathStat.of(
                r.get("path"),
                Double.parseDouble(r.get("total_conversions")),
                Double.parseDouble(r.get("total_conversion_value")),
                Double.parseDouble(r.get("total_null"))));
      }
    }
    assertEquals(10_000, rows.size(), "Data.csv has 10,000 rows");
  }

  static List<CSVRecord> expected(String file) throws IOException {
    try (Reader in = Files.newBufferedReader(dir.resolve(file), StandardCharsets.UTF_8)) {
      return CSVFormat.RFC4180.builder().setHeader().get().parse(in).getRecords();
    }
  }

  /**
   * Equal once rounded to as many decimals as the published figure prints, rounding the double's
   * exact binary value as R's printf does (305.74325 is stored as 305.74324999... and prints
   * 305.7432).
   */
  static void assertPrinted(String printed, double actual, String what) {
    BigDecimal want = new BigDecimal(printed);
    BigDecimal got = new BigDecimal(actual).setScale(want.scale(), RoundingMode.HALF_EVEN);
    assertEquals(want, got, what);
  }

  @Test
  void heuristicModelsReproduceThePublishedFigures() throws IOException {
    Map<String, Credit> first = HeuristicModels.attribute(Heuristic.FIRST_TOUCH, rows);
    Map<String, Credit> last = HeuristicModels.attribute(Heuristic.LAST_TOUCH, rows);
    Map<String, Credit> linear = HeuristicModels.attribute(Heuristic.LINEAR, rows);
    List<CSVRecord> expected = expected("expected_heuristic_models.csv");
    assertEquals(12, expected.size());
    for (CSVRecord e : expected) {
      String c = e.get("channel_name");
      assertPrinted(e.get("first_touch_conversions"), first.get(c).conversions(), c + " first");
      assertPrinted(e.get("first_touch_value"), first.get(c).value(), c + " first value");
      assertPrinted(e.get("last_touch_conversions"), last.get(c).conversions(), c + " last");
      assertPrinted(e.get("last_touch_value"), last.get(c).value(), c + " last value");
      assertPrinted(e.get("linear_touch_conversions"), linear.get(c).conversions(), c + " linear");
      assertPrinted(e.get("linear_touch_value"), linear.get(c).value(), c + " linear value");
    }
    assertEquals(12, first.size() + 0 * last.size(), "12 channels");
  }

  @Test
  void markovRemovalEffectsMatchTheExactSolution() throws IOException {
    List<PathStat> withoutNulls =
        rows.stream().map(p -> new PathStat(p.channels(), p.conversions(), p.value(), 0)).toList();
    MarkovModel.Result none = MarkovModel.fit(withoutNulls);
    MarkovModel.Result totalNull = MarkovModel.fit(rows);
    assertEquals(1.0, none.conversionProbability(), 1e-12);
    assertEquals(0.223845, totalNull.conversionProbability(), 5e-7);
    int checked = 0;
    for (CSVRecord e : expected("expected_markov_order1_exact.csv")) {
      MarkovModel.Result r = e.get("var_null").equals("none") ? none : totalNull;
      String c = e.get("channel_name");
      int k = r.channels().indexOf(c);
      assertTrue(k >= 0, "channel " + c);
      assertClose(e.get("removal_effect"), r.removalEffect()[k], c + " RE");
      assertClose(e.get("removal_effect_value"), r.removalEffectValue()[k], c + " RE value");
      assertClose(e.get("total_conversions"), r.attributedConversions().get(c), c + " conv");
      assertClose(
          e.get("total_conversion_value"), r.attributedValue().get(c), c + " conversion value");
      checked++;
    }
    assertEquals(24, checked);
  }

  /**
   * 1e-4 relative, or the rounding of the printed figure when that is coarser (0.000180 carries
   * only 3 significant digits).
   */
  static void assertClose(String printed, double actual, String what) {
    BigDecimal want = new BigDecimal(printed);
    double halfUlp = 0.5 * Math.pow(10, -want.scale());
    double tolerance = Math.max(RELATIVE * Math.abs(want.doubleValue()), halfUlp);
    assertEquals(want.doubleValue(), actual, tolerance, what);
  }

  @Test
  void markovWhitePaperExample() {
    List<PathStat> paths =
        List.of(
            PathStat.of("A > B > A > B > B > A", 1, 1, 0),
            PathStat.of("A > B > B > A > A", 1, 1, 0),
            PathStat.of("A > A", 1, 1, 0));
    MarkovModel.Result r = MarkovModel.fit(paths);
    assertEquals(1.0, r.effects().get("A"), 1e-12);
    assertEquals(0.5, r.effects().get("B"), 1e-12);
    assertEquals(2.0, r.attributedConversions().get("A"), 1e-12);
    assertEquals(1.0, r.attributedConversions().get("B"), 1e-12);
  }
}
