package io.omnitouch.marts;

import io.omnitouch.marts.uplift.StoreDoublingDailyJob;
import io.omnitouch.marts.uplift.UpliftCampaignJob;
import io.omnitouch.marts.uplift.UpliftProgramJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every gold mart, in the order a nightly run builds them (later ones may read earlier ones). */
public final class MartCatalog {
  private MartCatalog() {}

  public static List<MartJob> all() {
    List<MartJob> jobs = new ArrayList<>();
    // Each mart group registers its jobs here.
    // uplift
    jobs.add(new UpliftProgramJob());
    jobs.add(new UpliftCampaignJob());
    jobs.add(new StoreDoublingDailyJob());
    return jobs;
  }

  public static Optional<MartJob> byName(String name) {
    return all().stream().filter(j -> j.name().equals(name)).findFirst();
  }

  /** Names of the {@code --stages} groups, in run order. */
  public static List<String> groups() {
    return all().stream().map(MartJob::group).distinct().toList();
  }
}
