package io.omnitouch.generate;

import io.omnitouch.generate.World.Campaign;
import io.omnitouch.generate.World.Distributor;
import io.omnitouch.generate.World.Group;
import io.omnitouch.generate.World.Guide;
import io.omnitouch.generate.World.Product;
import io.omnitouch.generate.World.Program;
import io.omnitouch.generate.World.Store;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * {@code omnitouch generate}: writes a realistic input tree per the input contract — the four logs
 * under {@code <out>/<source>/dt=YYYY-MM-DD/}, the reference files under {@code <out>/reference/},
 * and {@code planted.json} + {@code PLANTED.md} describing every planted case. Plain Java (no
 * Spark); the same options give byte-identical files.
 */
public final class Generator {
  /** What a run wrote, for the console. */
  public record Summary(Map<String, Long> rows, int files, Path manifest) {}

  private Generator() {}

  public static Summary run(GenerateOptions o) {
    try {
      Files.createDirectories(o.out());
      RegionTable regions = RegionTable.load();
      World world = new World(o.seed(), o.scale(), o.from(), o.days(), regions);
      Manifest manifest = new Manifest();
      describeRun(manifest, o, world);
      Simulation sim;
      try (InputFiles files =
          new InputFiles(o.out(), o.from(), o.last(), o.gzip(), o.rowsPerFile())) {
        sim = new Simulation(world, files, manifest);
        writeReference(o.out().resolve("reference"), world, regions, sim, manifest);
        sim.run();
        // after the simulation: the packing of every unit produced, the planted territory change
        writeChannelReference(o.out().resolve("reference"), world, sim, manifest);
        files.close();
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Source s : Source.values()) {
          rows.put(s.folder, files.rows(s));
        }
        manifest.root.put("rows", rows);
        Path json = o.out().resolve("planted.json");
        manifest.write(json);
        Files.writeString(
            o.out().resolve("PLANTED.md"),
            PlantedReport.markdown(manifest.root),
            StandardCharsets.UTF_8);
        return new Summary(rows, files.files().size(), json);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void describeRun(Manifest manifest, GenerateOptions o, World world) {
    Map<String, Object> run = new LinkedHashMap<>();
    run.put(
        "command",
        String.format(
            Locale.ROOT,
            "omnitouch generate --out DIR --from %s --days %d --scale %s --seed %d%s",
            o.from(),
            o.days(),
            stripZeros(o.scale()),
            o.seed(),
            o.gzip() ? " --gzip" : ""));
    run.put("from", o.from().toString());
    run.put("to", o.last().toString());
    run.put("run_date", o.last().toString());
    run.put("days", o.days());
    run.put("scale", o.scale());
    run.put("seed", o.seed());
    run.put("stores", world.stores.size());
    run.put("users", world.userCount);
    run.put("distributors", world.distributors.size());
    run.put("products", world.products.size());
    manifest.root.put("generator", run);

    Map<String, Object> rollouts = new LinkedHashMap<>();
    rollouts.put(
        "description",
        "Each adopting store's expected daily revenue rises by the programme's true effect from "
            + "its start date (extra orders through the programme's channel); stores that adopt "
            + "nothing get no effect. A store adopts at most one programme.");
    Map<String, Double> effects = new LinkedHashMap<>();
    for (Program p : Program.values()) {
      effects.put(p.id, p.effect);
    }
    rollouts.put("true_effect", effects);
    rollouts.put(
        "reading_the_estimate",
        "The contract's DiD takes as controls every store that had not adopted the programme by "
            + "the run date, including adopters of other programmes (a third of the controls), "
            + "whose own effects raise the control trend: expect uplift_pct about 5 to 8 points "
            + "below the true effect, plus noise of about 5 points per programme at scale 1 "
            + "(two stores per cohort).");
    List<Map<String, Object>> cohorts = new ArrayList<>();
    for (Program p : Program.values()) {
      for (LocalDate start : world.cohorts.get(p)) {
        List<String> stores = new ArrayList<>();
        for (Store s : world.stores) {
          if (start.equals(s.programs().get(p))) {
            stores.add(s.id());
          }
        }
        if (stores.isEmpty()) {
          continue;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("program", p.id);
        c.put("cohort_start", start.toString());
        c.put("pre_days_in_window", Math.min(28, start.toEpochDay() - o.from().toEpochDay()));
        c.put("post_days_in_window", Math.min(28, o.last().toEpochDay() - start.toEpochDay() + 1));
        c.put("stores", stores);
        cohorts.add(c);
      }
    }
    rollouts.put("cohorts", cohorts);
    rollouts.put(
        "never_adopting_stores", world.stores.stream().filter(s -> s.programs().isEmpty()).count());
    manifest.root.put("program_rollouts", rollouts);
  }

  private static String stripZeros(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
  }

  // ---- reference files ----------------------------------------------------------------

  private static CSVPrinter printer(Path file, String... header) throws IOException {
    BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    CSVPrinter p = new CSVPrinter(out, CSVFormat.RFC4180);
    p.printRecord((Object[]) header);
    return p;
  }

  /**
   * Serial of a unit the packing line recorded in two cases (a misprint): far above any serial a
   * run produces, so never shipped nor scanned.
   */
  private static final long MISPRINTED_SERIAL = 999_999_999L;

  /** The distributor whose territory history distributor_territories.csv holds. */
  private static final String TERRITORY_HISTORY_DISTRIBUTOR = Planter.TERRITORY_CHANGE_DISTRIBUTOR;

  /**
   * After the simulation, when every production run is known: code_packing.csv (every unit produced
   * with its case and pallet, plus a misprinted unit listed in two cases, a conflict the ingest
   * quarantines) and distributor_territories.csv (one distributor's history, with the planted
   * change when the window has room for it).
   */
  @SuppressWarnings("unchecked")
  private static void writeChannelReference(Path dir, World w, Simulation sim, Manifest manifest)
      throws IOException {
    List<String> conflictCases = new ArrayList<>();
    try (CSVPrinter p =
        printer(dir.resolve("code_packing.csv"), "code", "case_code", "pallet_code")) {
      sim.chain.forEachPacked(
          (code, caseCode, pallet) -> {
            p.printRecord(code, caseCode, pallet);
            if (conflictCases.size() < 2 && !conflictCases.contains(caseCode)) {
              conflictCases.add(caseCode);
            }
          });
      String misprint = Ids.code(w.seed, MISPRINTED_SERIAL);
      for (String caseCode : conflictCases) {
        p.printRecord(misprint, caseCode, null);
      }
      Map<String, Object> packing = new LinkedHashMap<>();
      packing.put(
          "description",
          "code_packing.csv lists every unit produced with its case, and its pallet when"
              + " palletised (the full cases of a production run go on pallets of "
              + CodeChain.PALLET_CASES
              + " cases, the rest stay loose). factory_out scans whole pallets by pallet code and"
              + " loose cases by case code; dealer_out and store_in scan cases by case code; only"
              + " the planted channel diversion scans its units one by one. channel_scans counts"
              + " the channel scan rows by the level of the code scanned; a case or pallet scan"
              + " stands for every unit in it");
      packing.putAll(sim.chain.packed());
      packing.put("channel_scans", sim.chain.channelScansByLevel());
      manifest.root.put("code_packing", packing);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(
          "description",
          "unit "
              + misprint
              + " (never shipped) is listed in two cases of code_packing.csv: both rows are"
              + " quarantined (source reference) and the unit is treated as unpacked");
      m.put("code", misprint);
      m.put("case_codes", conflictCases);
      m.put("quarantined_rows", conflictCases.size());
      manifest.root.put("packing_conflict", m);
    }
    Map<String, Object> change = (Map<String, Object>) manifest.root.get("territory_change");
    try (CSVPrinter p =
        printer(
            dir.resolve("distributor_territories.csv"),
            "distributor_id",
            "territory",
            "valid_from",
            "valid_to")) {
      String since = Planter.territoryHistoryFrom(w).toString();
      if (change == null) {
        // a window too short for the change: the contract in force throughout
        p.printRecord(
            TERRITORY_HISTORY_DISTRIBUTOR,
            w.distributorById.get(TERRITORY_HISTORY_DISTRIBUTOR).territory(),
            since,
            null);
      } else {
        p.printRecord(
            change.get("distributor_id"),
            change.get("territory_before"),
            since,
            change.get("valid_from"));
        p.printRecord(
            change.get("distributor_id"),
            change.get("territory_after"),
            change.get("valid_from"),
            null);
      }
    }
  }

  private static void writeReference(
      Path dir, World w, RegionTable regions, Simulation sim, Manifest manifest)
      throws IOException {
    Files.createDirectories(dir);
    try (CSVPrinter p =
            printer(
                dir.resolve("regions.csv"),
                "region_code",
                "name",
                "level",
                "parent_code",
                "lat",
                "lon");
        Reader in = new StringReader(regions.csvText())) {
      for (CSVRecord r :
          CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in)) {
        p.printRecord(r.values());
      }
    }
    try (CSVPrinter p =
        printer(
            dir.resolve("distributors.csv"), "distributor_id", "name", "channel", "territory")) {
      for (Distributor d : w.distributors) {
        p.printRecord(d.id(), d.name(), d.channel(), d.territory());
      }
    }
    try (CSVPrinter p =
        printer(
            dir.resolve("stores.csv"),
            "store_id",
            "name",
            "region_code",
            "distributor_id",
            "format",
            "open_date")) {
      for (Store s : w.stores) {
        p.printRecord(
            s.id(), s.name(), s.region().code(), s.distributor().id(), s.format(), s.openDate());
      }
    }
    try (CSVPrinter p =
        printer(
            dir.resolve("products.csv"), "sku", "name", "category", "list_price", "unit_cost")) {
      for (Product x : w.products) {
        p.printRecord(
            x.sku(), x.name(), x.category(), Fmt.money(x.listCents()), Fmt.money(x.costCents()));
      }
    }
    try (CSVPrinter p =
        printer(dir.resolve("guides.csv"), "guide_id", "store_id", "name", "hired_date")) {
      for (Store s : w.stores) {
        for (Guide g : s.guides()) {
          p.printRecord(g.id(), g.storeId(), g.name(), g.hired());
        }
      }
    }
    try (CSVPrinter p =
        printer(
            dir.resolve("groups.csv"),
            "group_id",
            "store_id",
            "owner_guide_id",
            "name",
            "created_date")) {
      for (Store s : w.stores) {
        for (Group g : s.groups()) {
          p.printRecord(g.id(), g.storeId(), g.owner().id(), g.name(), g.created());
        }
      }
    }
    try (CSVPrinter p =
        printer(
            dir.resolve("campaigns.csv"),
            "campaign_id",
            "name",
            "type",
            "start_date",
            "end_date",
            "budget")) {
      for (Campaign c : w.campaigns) {
        p.printRecord(c.id(), c.name(), c.type(), c.start(), c.end(), Fmt.money(c.budgetCents()));
      }
    }
    try (CSVPrinter p =
        printer(dir.resolve("program_rollouts.csv"), "store_id", "program", "start_date")) {
      for (Store s : w.stores) {
        for (Map.Entry<Program, LocalDate> e : new EnumMap<>(s.programs()).entrySet()) {
          p.printRecord(s.id(), e.getKey().id, e.getValue());
        }
      }
    }
    long treatment = 0;
    long control = 0;
    Campaign h = w.holdoutCampaign;
    try (CSVPrinter p =
        printer(dir.resolve("campaign_assignments.csv"), "campaign_id", "user_id", "arm")) {
      for (int u = 0; u < w.userCount; u++) {
        if (sim.inAudience(u)) {
          boolean t = sim.treated(u);
          p.printRecord(h.id(), Ids.user(w.seed, u), t ? "treatment" : "control");
          if (t) {
            treatment++;
          } else {
            control++;
          }
        }
      }
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(
        "description",
        "Randomised holdout: users are assigned 50/50 by a hash of the seed; on the first day "
            + "treated users get a coupon_send from their guide, and over the window each treated "
            + "user has an extra chance to place a mini_program order with coupon CPN-HOLDOUT-30. "
            + "Control users get nothing. Both arms order as usual otherwise.");
    m.put("campaign_id", h.id());
    m.put("window_start", h.start().toString());
    m.put("window_end", h.end().toString());
    m.put("treatment_users", treatment);
    m.put("control_users", control);
    m.put("extra_order_probability", Simulation.HOLDOUT_EXTRA_ORDER);
    manifest.root.put("campaign_holdout", m);
  }
}
