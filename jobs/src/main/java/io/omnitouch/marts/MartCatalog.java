package io.omnitouch.marts;

import io.omnitouch.marts.diversion.DistributorScorecard;
import io.omnitouch.marts.diversion.DiversionCases;
import io.omnitouch.marts.diversion.DiversionFlowsWeekly;
import io.omnitouch.marts.diversion.DiversionScans;
import io.omnitouch.marts.fraud.CampaignFraudDaily;
import io.omnitouch.marts.fraud.FraudScanFlags;
import io.omnitouch.marts.fraud.FraudUsersDaily;
import io.omnitouch.marts.uplift.StoreDoublingDaily;
import io.omnitouch.marts.uplift.UpliftCampaign;
import io.omnitouch.marts.uplift.UpliftProgram;
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
    // customers (用户资产): read silver/customer_state and buyer_days
    jobs.add(new io.omnitouch.marts.customers.CustomerAssetsDaily());
    jobs.add(new io.omnitouch.marts.customers.CustomerRepurchaseCohorts());
    jobs.add(new io.omnitouch.marts.customers.CustomerRfm());
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
    // diversion (串货): scans first (from the silver stage's judgement), cases and flows read
    // them, the scorecard reads the cases and the silver code state.
    jobs.add(new DiversionScans());
    jobs.add(new DiversionCases());
    jobs.add(new DiversionFlowsWeekly());
    jobs.add(new DistributorScorecard());
    // fraud (羊毛党): flags first; the user and campaign views read them.
    jobs.add(new FraudScanFlags());
    jobs.add(new FraudUsersDaily());
    jobs.add(new CampaignFraudDaily());
    // channel control (优码)
    jobs.add(new io.omnitouch.marts.channel.PriceDeviationDaily());
    jobs.add(new io.omnitouch.marts.channel.CodeScanRate());
    // uplift
    jobs.add(new UpliftProgram());
    jobs.add(new UpliftCampaign());
    jobs.add(new StoreDoublingDaily());
    jobs.add(new io.omnitouch.marts.uplift.UpliftEventStudy());
    jobs.add(new io.omnitouch.marts.uplift.UpliftPower());

    // Marts of other jars on the classpath (META-INF/services/io.omnitouch.marts.MartJob): only the
    // reliability process tests use it, to crash a run inside a known mart; the jar lists none.
    java.util.ServiceLoader.load(MartJob.class).forEach(jobs::add);
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
