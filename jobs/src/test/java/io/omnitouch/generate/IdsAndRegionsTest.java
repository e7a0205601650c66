package io.omnitouch.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.generate.RegionTable.Region;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Identifiers never collide; the derived region table is complete and plausible. */
class IdsAndRegionsTest {

  @Test
  void userIdsCodesAndCaseCodesAreUnique() {
    Set<String> users = new HashSet<>();
    Set<String> codes = new HashSet<>();
    Set<String> cases = new HashSet<>();
    for (long i = 0; i < 200_000; i++) {
      users.add(Ids.user(42, i));
      codes.add(Ids.code(42, i));
      cases.add(Ids.caseCode(42, i));
    }
    assertEquals(200_000, users.size());
    assertEquals(200_000, codes.size());
    assertEquals(200_000, cases.size());
    // counterfeit serials (from 2^59 on) never meet a produced one
    assertTrue(!codes.contains(Ids.code(42, (1L << 59))));
    assertEquals("oU", Ids.user(42, 0).substring(0, 2));
    assertEquals(11, Ids.user(42, 0).length());
  }

  @Test
  void phonesAreMainlandMobilesSomeWithCountryCode() {
    int withCountryCode = 0;
    for (long i = 0; i < 1000; i++) {
      String p = Ids.phone(42, i);
      assertTrue(p.matches("(\\+?86)?1[3-9][0-9]{9}"), p);
      if (p.startsWith("86") || p.startsWith("+86")) {
        withCountryCode++;
      }
    }
    assertTrue(withCountryCode > 80 && withCountryCode < 220, "with +86/86: " + withCountryCode);
  }

  @Test
  void regionTableIsCompleteAndInsideChina() {
    RegionTable table = RegionTable.load();
    Map<String, Integer> levels = new HashMap<>();
    List<Region> all = new java.util.ArrayList<>();
    for (String line : table.csvText().split("\n")) {
      if (line.startsWith("region_code") || line.isEmpty()) {
        continue;
      }
      Region r = table.get(line.substring(0, 6));
      all.add(r);
      levels.merge(r.level(), 1, Integer::sum);
    }
    assertEquals(Map.of("province", 31, "city", 342, "district", 1310), levels);
    for (Region r : all) {
      // 三沙市's centroid lies among its South China Sea reefs, far south of Hainan island
      assertTrue(r.lat() > 3 && r.lat() < 54 && r.lon() > 73 && r.lon() < 135, r.toString());
      if (!r.level().equals("province")) {
        Region parent = table.get(r.parentCode());
        assertEquals(r.level().equals("city") ? "province" : "city", parent.level(), r.code());
        assertTrue(
            RegionTable.km(r.lat(), r.lon(), parent.lat(), parent.lon()) < 1500, r.toString());
      }
    }
    // spot checks against well-known places: 杭州市, 北京 东城区, and 海南省 on its island
    Region hainan = table.get("460000");
    assertTrue(hainan.lat() > 18.2 && hainan.lat() < 20.1, hainan.toString());
    Region hangzhou = table.get("330100");
    assertEquals("杭州市", hangzhou.name());
    assertTrue(RegionTable.km(hangzhou.lat(), hangzhou.lon(), 30.27, 120.15) < 80);
    Region dongcheng = table.get("110101");
    assertEquals("东城区", dongcheng.name());
    assertTrue(RegionTable.km(dongcheng.lat(), dongcheng.lon(), 39.93, 116.42) < 10);
  }
}
