package io.omnitouch.marts.uplift;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import io.omnitouch.marts.MartRunner;
import io.omnitouch.run.RunContext;
import io.omnitouch.storage.Warehouse;
import io.omnitouch.testing.SharedSpark;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * The uplift group through the mart runner and Delta: registered in {@link MartCatalog}, rows as of
 * each restated date, a rerun of uplift_program (bootstrap included) identical,
 * campaign_assignments optional.
 */
class UpliftJobsIntegrationTest {
  static final LocalDate RUN = UpliftProgramTest.RUN;

  @Test
  void estimatesAreAsOfTheRunDateAndRerunsAreIdentical() {
    List<MartJob> jobs =
        MartCatalog.all().stream().filter(j -> j.group().equals("uplift")).toList();
    assertEquals(
        List.of(
            "uplift_program",
            "uplift_campaign",
            "store_doubling_daily",
            "uplift_event_study",
            "uplift_power"),
        jobs.stream().map(MartJob::name).toList());

    Warehouse wh = SharedSpark.tempWarehouse("uplift");
    wh.overwrite("silver/paid_orders", UpliftProgramTest.orders());
    wh.overwrite("silver/program_rollouts", UpliftProgramTest.rolloutsFixture());
    wh.overwrite("silver/stores", UpliftProgramTest.storesFixture());
    // No campaigns and no campaign_assignments loaded: uplift_campaign is simply empty.
    OmnitouchConfig config =
        SharedSpark.config(Path.of("unused"), Path.of(wh.root())).toBuilder()
            .uplift(UpliftProgramTest.NO_PRETREND_ALPHA)
            .build();
    RunContext ctx = new RunContext("run-1", RUN, RUN.minusDays(1), config, wh);
    MartRunner runner = new MartRunner(ctx);
    jobs.forEach(runner::build);

    // Estimates are as of the run date: late events (restateFrom = yesterday) do not rewrite
    // yesterday's estimate.
    Dataset<Row> program = wh.read("gold/uplift_program");
    assertEquals(List.of(RUN), dates(program));
    Dataset<Row> expected =
        UpliftProgram.build(
            UpliftProgramTest.orders(),
            UpliftProgramTest.rolloutsFixture(),
            UpliftProgramTest.storesFixture(),
            RUN,
            UpliftProgramTest.NO_PRETREND_ALPHA);
    SharedSpark.assertDataFrameEquals(UpliftFixtures.withSchema(expected, program), program);
    assertEquals(0, wh.read("gold/uplift_campaign").count());
    assertEquals(List.of(RUN), dates(wh.read("gold/store_doubling_daily")));

    List<Row> first = program.orderBy("dt", "program", "cohort_start").collectAsList();
    new MartRunner(new RunContext("run-2", RUN, RUN, config, wh)).build(jobs.get(0));
    assertEquals(
        first,
        wh.read("gold/uplift_program").orderBy("dt", "program", "cohort_start").collectAsList());
    assertEquals(5, first.size()); // 5 rows a date (UpliftProgramTest)
  }

  private static List<LocalDate> dates(Dataset<Row> mart) {
    return mart.select("dt").distinct().orderBy("dt").collectAsList().stream()
        .map(r -> r.getDate(0).toLocalDate())
        .toList();
  }
}
