package io.omnitouch.marts;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Every gold mart, in the order a nightly run builds them (later ones may read earlier ones). */
public final class MartCatalog {
  private MartCatalog() {}

  public static List<MartJob> all() {
    List<MartJob> jobs = new ArrayList<>();
    // Each mart group registers its jobs here.
    // sales
    jobs.add(new io.omnitouch.marts.sales.SalesDaily());
    // attribution: paths first, then the window weights they feed, then the credits
    jobs.add(new io.omnitouch.marts.attribution.AttributionPaths());
    jobs.add(new io.omnitouch.marts.attribution.AttributionModelWeights());
    jobs.add(new io.omnitouch.marts.attribution.AttributionOrders());
    jobs.add(new io.omnitouch.marts.attribution.AttributionChannelDaily());
    // conversion
    jobs.add(new io.omnitouch.marts.conversion.ConversionDaily());
    // engagement (reads attribution_paths)
    jobs.add(new io.omnitouch.marts.engagement.GuidePerformanceDaily());
    jobs.add(new io.omnitouch.marts.engagement.GroupPerformanceDaily());
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
