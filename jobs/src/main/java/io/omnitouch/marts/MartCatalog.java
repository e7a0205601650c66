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
