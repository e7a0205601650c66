package io.omnitouch.run;

import io.omnitouch.config.OmnitouchConfig;
import io.omnitouch.storage.Warehouse;
import java.time.LocalDate;
import java.util.Objects;

/**
 * What one stage of one run knows: the run id, the business date, the earliest date this run
 * restates (late events pull it back, at most {@link OmnitouchConfig#lateHorizonDays} days), the
 * configuration and the warehouse.
 *
 * @param restateFrom earliest event date whose silver rows changed in this run (= runDate when no
 *     late events arrived); marts restate at least {@code restateFrom .. runDate}
 */
public record RunContext(
    String runId,
    LocalDate runDate,
    LocalDate restateFrom,
    OmnitouchConfig config,
    Warehouse warehouse) {
  public RunContext {
    Objects.requireNonNull(runId);
    Objects.requireNonNull(runDate);
    Objects.requireNonNull(restateFrom);
    if (restateFrom.isAfter(runDate)) {
      throw new IllegalArgumentException("restateFrom " + restateFrom + " after " + runDate);
    }
  }

  /** The earlier of {@link #restateFrom} and {@code runDate - days}: a mart's restated window. */
  public LocalDate restateFromAtLeast(int days) {
    LocalDate window = runDate.minusDays(days);
    return window.isBefore(restateFrom) ? window : restateFrom;
  }
}
