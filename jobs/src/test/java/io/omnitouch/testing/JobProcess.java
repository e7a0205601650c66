package io.omnitouch.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The real launcher as a child process: {@code java <Spark's Java 17 flags> -cp omnitouch.jar
 * io.omnitouch.cli.Omnitouch ...}, with the test classes (the fault-injecting file system) and the
 * probe mart on the classpath. Console output goes to files the test watches; {@link #kill9()}
 * sends SIGKILL: no shutdown hook, no finally block, no lock release runs.
 */
public final class JobProcess {
  public static final String PII_KEY = "process-test-key";

  /** Small JVMs start faster on a busy machine: client compiler only, serial GC, 1 GB. */
  private static final List<String> JVM =
      List.of("-Xmx1g", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Dfile.encoding=UTF-8");

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;
  private final Instant started = Instant.now();

  private JobProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  public static Path jar() {
    return SharedSpark.repo().resolve("jobs/target/omnitouch.jar");
  }

  public static boolean jarBuilt() {
    return Files.isRegularFile(jar());
  }

  /** The Java 17 flags Spark needs (the root pom's spark.java17.flags, passed in by surefire). */
  private static List<String> sparkFlags() {
    String flags = System.getProperty("omnitouch.jvmFlags", "");
    List<String> out = new ArrayList<>();
    for (String f : flags.trim().split("\\s+")) {
      if (!f.isEmpty()) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * Starts {@code omnitouch args...} with extra JVM system properties (Spark settings and faults).
   */
  public static JobProcess start(
      String name, Path logs, Map<String, String> properties, String... args) {
    try {
      Files.createDirectories(logs);
      Path tmp = Files.createDirectories(logs.resolve("spark-tmp-" + name));
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      cmd.addAll(sparkFlags());
      cmd.addAll(JVM);
      cmd.add("-Dlog4j2.configurationFile=classpath:omnitouch-log4j2.properties");
      cmd.add("-Dspark.local.dir=" + tmp);
      properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      cmd.add("-cp");
      cmd.add(
          String.join(
              File.pathSeparator,
              jar().toString(),
              SharedSpark.repo().resolve("jobs/target/test-classes").toString(),
              SharedSpark.repo().resolve("jobs/src/test/probe").toString()));
      cmd.add("io.omnitouch.cli.Omnitouch");
      cmd.addAll(List.of(args));
      Path out = logs.resolve(name + ".out");
      Path err = logs.resolve(name + ".err");
      ProcessBuilder pb =
          new ProcessBuilder(cmd)
              .redirectOutput(out.toFile())
              .redirectError(err.toFile())
              .directory(logs.toFile());
      pb.environment().put("OMNITOUCH_PII_KEY", PII_KEY);
      pb.environment().remove("OMNITOUCH_DEV");
      return new JobProcess(name, pb.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean alive() {
    return process.isAlive();
  }

  public String out() {
    return read(stdout);
  }

  public String err() {
    return read(stderr);
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until stdout or stderr contains {@code text}; false when the process ended first. */
  public boolean awaitOutput(String text, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      if (out().contains(text) || err().contains(text)) {
        return true;
      }
      if (!process.isAlive()) {
        return out().contains(text) || err().contains(text);
      }
      sleep(50);
    }
    return false;
  }

  /** The exit code; fails the test when the process does not end in time. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new AssertionError(name + " did not end within " + timeout + "\n" + describe());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code kill -9}: the process gets no chance to clean anything up. */
  public void kill9() {
    try {
      Process kill = new ProcessBuilder("kill", "-9", String.valueOf(process.pid())).start();
      kill.waitFor();
      process.waitFor();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  public Duration elapsed() {
    return Duration.between(started, Instant.now());
  }

  /** Name, output and errors, for assertion messages (progress bars removed). */
  public String describe() {
    return "--- "
        + name
        + " stdout:\n"
        + out()
        + "--- "
        + name
        + " stderr:\n"
        + err().replaceAll("\\[Stage [^\\n\\r]*\\r?", "");
  }

  public static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
