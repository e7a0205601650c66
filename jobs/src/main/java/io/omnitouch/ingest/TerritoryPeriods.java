package io.omnitouch.ingest;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The whole-file rule of {@code distributor_territories.csv}: the periods of one distributor
 * ({@code valid_from} inclusive, {@code valid_to} exclusive, null = open) must not overlap. Pure.
 */
public final class TerritoryPeriods {
  private TerritoryPeriods() {}

  /** One row of the file. */
  public record Period(String distributorId, LocalDate validFrom, LocalDate validTo) {
    boolean endsAfter(LocalDate day) {
      return validTo == null || validTo.isAfter(day);
    }

    @Override
    public String toString() {
      return validFrom + ".." + (validTo == null ? "open" : validTo);
    }
  }

  /**
   * The distributors with overlapping periods, each with its first overlapping pair, in distributor
   * order ({@code D7 (2026-01-01..open and 2026-11-01..open)}); empty when the file is valid.
   */
  public static List<String> overlaps(List<Period> periods) {
    Map<String, List<Period>> byDistributor = new TreeMap<>();
    for (Period p : periods) {
      byDistributor.computeIfAbsent(p.distributorId(), k -> new ArrayList<>()).add(p);
    }
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, List<Period>> e : byDistributor.entrySet()) {
      List<Period> sorted = new ArrayList<>(e.getValue());
      sorted.sort(Comparator.comparing(Period::validFrom));
      for (int i = 1; i < sorted.size(); i++) {
        Period previous = sorted.get(i - 1);
        Period next = sorted.get(i);
        if (previous.endsAfter(next.validFrom())) {
          out.add(e.getKey() + " (" + previous + " and " + next + ")");
          break;
        }
      }
    }
    return out;
  }
}
