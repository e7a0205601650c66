package io.omnitouch.marts.fraud;

import static io.omnitouch.marts.diversion.ScanFixtures.consumer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.config.ThresholdsFile;
import io.omnitouch.marts.diversion.ScanFixtures.Scan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A thresholds file reaches the fraud flags: HIGH_VOLUME from 20 to 5 flags exactly U1's scans. */
class FraudConfigFileTest {
  @Test
  void highVolumeFromTwentyToFiveAddsExactlyTheUsersBetween(@TempDir Path dir) throws IOException {
    List<Scan> scans = new ArrayList<>();
    addScans(scans, "u1-", "U1", 6); // > 5, <= 20: flagged only with the file
    addScans(scans, "u2-", "U2", 5); // = 5: never flagged
    addScans(scans, "u3-", "U3", 21); // > 20: flagged either way
    Path file = dir.resolve("omnitouch.properties");
    Files.writeString(file, "# fewer codes a day\n" + ThresholdsFile.HIGH_VOLUME_CODES + " = 5\n");
    OmnitouchConfig config = OmnitouchConfig.builder().thresholds(file).build();
    assertEquals(5, config.fraud.highVolumeCodesPerDay());
    assertEquals(3, config.fraud.sharedDeviceUsersPerDay(), "keys not in the file keep defaults");

    var input = FraudScanFlagsTest.withShipments(scans);
    Set<String> byDefault = flagged(input, OmnitouchConfig.builder().build());
    Set<String> withFile = flagged(input, config);

    assertEquals(ids("u3-", 21), byDefault);
    Set<String> expected = new TreeSet<>(ids("u3-", 21));
    expected.addAll(ids("u1-", 6));
    assertEquals(expected, withFile);
  }

  private static Set<String> flagged(
      org.apache.spark.sql.Dataset<org.apache.spark.sql.Row> scans, OmnitouchConfig config) {
    return FraudScanFlagsTest.flags(scans, config.fraud).select("scan_id").collectAsList().stream()
        .map(r -> r.getString(0))
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static void addScans(List<Scan> scans, String prefix, String user, int n) {
    for (int i = 1; i <= n; i++) {
      scans.add(
          consumer(
              prefix + i,
              (prefix + i).toUpperCase(java.util.Locale.ROOT),
              "2026-11-04 09:00",
              user,
              "310115"));
    }
  }

  private static Set<String> ids(String prefix, int n) {
    Set<String> out = new TreeSet<>();
    for (int i = 1; i <= n; i++) {
      out.add(prefix + i);
    }
    return out;
  }
}
