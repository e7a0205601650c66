package io.omnitouch.cli;

import io.omnitouch.alert.Alert;
import io.omnitouch.alert.AlertMessage;
import io.omnitouch.alert.AlertSender;
import io.omnitouch.alert.Robot;
import io.omnitouch.calendar.Calendar;
import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.channel.PriceDeviationDaily;
import io.omnitouch.report.ExecutiveReport;
import io.omnitouch.report.Messages;
import io.omnitouch.report.Names;
import io.omnitouch.report.ReportInputs;
import io.omnitouch.spark.SparkSessions;
import io.omnitouch.storage.Warehouse;
import java.io.PrintStream;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code omnitouch alert --date D [--dry-run]} (marts.md, Command line): one message for the date
 * to each webhook of {@value #WEBHOOKS_ENV} (comma-separated WeCom group-robot or DingTalk robot
 * URLs; DingTalk signed with {@value #SECRET_ENV} when set), listing new confirmed 串货 cases,
 * campaigns over the flagged_share threshold, completeness warnings and silent stores, the cities
 * with the highest below_floor_share, and where the report is. Nothing to report: no message. Exit
 * 1 when a post still fails after its retries (the marts are written already), 2 on bad arguments.
 * {@code --dry-run} prints the message instead of sending it.
 */
@Command(
    name = "alert",
    description = "Send the date's alerts to the WeCom / DingTalk group robots.")
public final class AlertCommand implements Callable<Integer> {
  public static final String WEBHOOKS_ENV = "OMNITOUCH_ALERT_WEBHOOKS";
  public static final String SECRET_ENV = "OMNITOUCH_DINGTALK_SECRET";
  static final String PRICE_DEVIATION = "gold/" + PriceDeviationDaily.NAME;

  @Mixin CommonOptions common = new CommonOptions();

  @Option(names = "--date", required = true, description = "Business date, yyyy-MM-dd")
  LocalDate date;

  @Option(names = "--dry-run", description = "Print the message instead of sending it")
  boolean dryRun;

  @Override
  public Integer call() {
    OmnitouchConfig config = common.config();
    List<String> webhooks = webhooks(System.getenv().get(WEBHOOKS_ENV));
    if (webhooks.isEmpty() && !dryRun) {
      throw new IllegalArgumentException(
          "No webhook: set " + WEBHOOKS_ENV + " (comma-separated robot URLs) or use --dry-run");
    }
    webhooks.forEach(Robot::of); // a URL that is neither robot is a bad argument (exit 2)
    SparkSession spark = SparkSessions.create(config, "omnitouch-alert");
    try {
      Alert alert = build(new Warehouse(spark, config.warehouse), date, config);
      AlertSender sender =
          new AlertSender(
              System.getenv().get(SECRET_ENV),
              AlertSender.FIRST_BACKOFF,
              System::currentTimeMillis,
              System.out);
      return deliver(alert, webhooks, dryRun, sender, System.out);
    } finally {
      spark.stop();
    }
  }

  static List<String> webhooks(String env) {
    return env == null
        ? List.of()
        : Arrays.stream(env.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
  }

  /** The alert of a date from the warehouse's marts. */
  public static Alert build(Warehouse wh, LocalDate date, OmnitouchConfig config) {
    ReportInputs in = ReportInputs.read(wh);
    Names names = Names.of(in);
    Map<String, Function<String, String>> byKind =
        Map.of("distributor", names::distributor, "campaign", names::campaign, "city", names::city);
    return Alert.build(
        date,
        Calendar.load(wh).day(date),
        in.diversionCases(),
        in.campaignFraudDaily(),
        in.runMetrics(),
        wh.exists(PRICE_DEVIATION) ? wh.read(PRICE_DEVIATION) : null,
        byKind,
        config.alert,
        ExecutiveReport.defaultDir(wh) + "/" + ExecutiveReport.fileName(date, Messages.Lang.zh));
  }

  /** Sends (or prints) the alert; returns the exit code. */
  public static int deliver(
      Alert alert, List<String> webhooks, boolean dryRun, AlertSender sender, PrintStream out) {
    if (alert.isEmpty()) {
      out.println("omnitouch alert " + alert.date() + ": nothing to report, no message sent");
      return ExitCodes.OK;
    }
    String title = AlertMessage.title(alert);
    String markdown = AlertMessage.markdown(alert);
    if (dryRun) {
      for (String w : webhooks) {
        out.println("--- " + Robot.of(w) + " " + Robot.safe(w));
      }
      out.println(markdown);
      return ExitCodes.OK;
    }
    List<String> failed = sender.send(webhooks, title, markdown);
    if (!failed.isEmpty()) {
      out.println(
          "omnitouch alert "
              + alert.date()
              + ": still failing after "
              + AlertSender.ATTEMPTS
              + " attempts: "
              + String.join(", ", failed));
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}
