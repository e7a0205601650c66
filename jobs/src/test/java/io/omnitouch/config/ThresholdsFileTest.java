package io.omnitouch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.cli.ExitCodes;
import io.omnitouch.cli.Omnitouch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thresholds file: every key read into the config, and each kind of mistake named. */
class ThresholdsFileTest {
  @TempDir Path dir;

  Path file(String text) throws IOException {
    Path f = dir.resolve("thresholds.properties");
    Files.writeString(f, text);
    return f;
  }

  @Test
  void defaultsAreTheContractsAndEveryKeyIsListed() {
    OmnitouchConfig c = OmnitouchConfig.builder().build();
    assertEquals(
        "defaults: fraud.high_volume.codes_per_day=20 fraud.shared_device.users_per_day=3"
            + " fraud.impossible_travel.kmh=300.0 diversion.confirmed_case.consumer_codes=5"
            + " price_deviation.floor=0.2 alert.campaign_flagged_share=0.2"
            + " uplift.bootstrap.replicates=999 uplift.bootstrap.seed=20260101"
            + " uplift.min_cohort_stores=5 uplift.min_control_stores=5 uplift.pre_trend_alpha=0.05"
            + " uplift.program.pre_days=28 uplift.program.post_days=28"
            + " uplift.doubling.baseline_days=28 uplift.doubling.trailing_days=7",
        c.thresholdsMessage());
    assertEquals(ThresholdsFile.KEYS.size(), c.thresholdsInForce().size());
  }

  @Test
  void everyKeyOfTheFileIsInForce() throws IOException {
    StringBuilder text = new StringBuilder();
    for (ThresholdsFile.Key k : ThresholdsFile.KEYS) {
      text.append(k.name())
          .append('=')
          .append(k.kind() == ThresholdsFile.Kind.DOUBLE ? "0.5" : "9");
      text.append('\n');
    }
    Path f = file(text.toString());
    OmnitouchConfig c = OmnitouchConfig.builder().thresholds(f).build();
    for (ThresholdsFile.Key k : ThresholdsFile.KEYS) {
      double expected = k.kind() == ThresholdsFile.Kind.DOUBLE ? 0.5 : 9;
      assertEquals(expected, c.thresholdsInForce().get(k.name()).doubleValue(), k.name());
    }
    assertTrue(c.thresholdsMessage().startsWith("config file " + f + ":"), c.thresholdsMessage());
  }

  @Test
  void mistakesNameTheKeyAndTheFile() throws IOException {
    Path unknown = file("fraud.high_volume=5\n");
    String m1 =
        assertThrows(IllegalArgumentException.class, () -> ThresholdsFile.read(unknown))
            .getMessage();
    assertTrue(m1.contains("unknown key fraud.high_volume") && m1.contains(unknown.toString()), m1);

    Path wrongType = file(ThresholdsFile.HIGH_VOLUME_CODES + " = five\n");
    String m2 =
        assertThrows(IllegalArgumentException.class, () -> ThresholdsFile.read(wrongType))
            .getMessage();
    assertTrue(
        m2.contains(ThresholdsFile.HIGH_VOLUME_CODES)
            && m2.contains("whole number")
            && m2.contains(wrongType.toString()),
        m2);

    Path range = file(ThresholdsFile.PRICE_FLOOR + " = 1.5\n");
    String m3 =
        assertThrows(IllegalArgumentException.class, () -> ThresholdsFile.read(range)).getMessage();
    assertTrue(m3.contains(ThresholdsFile.PRICE_FLOOR) && m3.contains("out of range"), m3);

    Path zero = file(ThresholdsFile.IMPOSSIBLE_TRAVEL_KMH + " = 0\n");
    assertThrows(IllegalArgumentException.class, () -> ThresholdsFile.read(zero));
  }

  @Test
  void theEnvironmentNamesTheFile() throws IOException {
    Path f = file(ThresholdsFile.CONFIRMING_CODES + "=7\n");
    java.util.Map<String, String> env = java.util.Map.of(ThresholdsFile.ENV, f.toString());
    assertEquals(7, new io.omnitouch.cli.CommonOptions().config(env).diversionConfirmingCodes);
    assertEquals(
        5,
        new io.omnitouch.cli.CommonOptions().config(java.util.Map.of()).diversionConfirmingCodes);
  }

  @Test
  void aBadFileStopsTheCommandWithExitTwoBeforeSparkStarts() throws IOException {
    Path bad = file("alert.campaign_flagged_share = 2\n");
    PrintStream stderr = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    int code;
    try {
      code = Omnitouch.execute("run", "--date", "2026-11-22", "--config", bad.toString(), "--dev");
    } finally {
      System.setErr(stderr);
    }
    assertEquals(ExitCodes.BAD_INPUT, code);
    String msg = err.toString(StandardCharsets.UTF_8);
    assertTrue(msg.contains("alert.campaign_flagged_share") && msg.contains(bad.toString()), msg);
  }
}
