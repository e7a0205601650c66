package io.omnitouch.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.omnitouch.run.LockHeldException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/**
 * The per-date run lock on the local file system, without Spark: owners, joins, takeovers, races.
 */
class RunLockTest {
  private static final LocalDate D = LocalDate.parse("2026-11-22");
  private static final Configuration HADOOP = new Configuration();
  private static final Duration STALE = Duration.ofSeconds(2);
  private static final int CONTENDERS = 6;
  private static final int ROUNDS = 15;

  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  private static String warehouse() throws IOException {
    return Files.createTempDirectory("omnitouch-lock").toString();
  }

  private RunLock lock(String wh, String runId, LocalDate... dates) {
    return RunLock.acquire(
        wh,
        HADOOP,
        runId,
        List.of(dates),
        STALE,
        new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  private static Path lockDir(String wh, LocalDate d) {
    return Path.of(wh, "_locks", d.toString());
  }

  @Test
  void theTasksOfOneRunShareTheLockAndAnotherRunIsToldWhoHoldsIt() throws IOException {
    String wh = warehouse();
    RunLock first = lock(wh, "run-A", D);
    RunLock second = lock(wh, "run-A", D); // a parallel Airflow task of the same run joins
    LockHeldException e = assertThrows(LockHeldException.class, () -> lock(wh, "run-B", D));
    assertTrue(
        e.getMessage().startsWith("Another run holds the lock of 2026-11-22: run run-A"),
        e.getMessage());
    first.close();
    assertTrue(Files.exists(lockDir(wh, D)), "still held by the second task");
    assertThrows(LockHeldException.class, () -> lock(wh, "run-B", D));
    second.close();
    assertFalse(Files.exists(lockDir(wh, D)), "the last holder releases the date");
    lock(wh, "run-B", D).close();
  }

  @Test
  void aBackfillOverlappingARunFailsOnTheSharedDateAndKeepsNoOtherDate() throws IOException {
    String wh = warehouse();
    try (RunLock nightly = lock(wh, "nightly", D)) {
      LockHeldException e =
          assertThrows(
              LockHeldException.class,
              () -> lock(wh, "backfill", D.minusDays(1), D, D.plusDays(1)));
      assertTrue(e.getMessage().contains("run nightly"), e.getMessage());
      assertFalse(Files.exists(lockDir(wh, D.minusDays(1))), "the date it had taken is released");
      assertFalse(Files.exists(lockDir(wh, D.plusDays(1))));
    }
  }

  @Test
  void aBeatingLockIsNeverStaleAndADeadOneIsTakenOverWithAMessage() throws Exception {
    String wh = warehouse();
    try (RunLock alive = lock(wh, "alive", D)) {
      Thread.sleep(STALE.multipliedBy(2).toMillis());
      assertThrows(LockHeldException.class, () -> lock(wh, "other", D), "heartbeats keep it");
    }
    plantDeadLock(wh, "killed-run");
    try (RunLock taker = lock(wh, "next-run", D)) {
      String console = log.toString(StandardCharsets.UTF_8);
      assertTrue(
          console.contains("taking over the stale lock of 2026-11-22 left by run killed-run"),
          console);
      assertEquals("next-run", Files.readString(lockDir(wh, D).resolve("owner")).trim());
      assertEquals(1, holders(lockDir(wh, D)), "the dead holder is gone, ours is there");
    }
  }

  @Test
  void ofRunsStartedTogetherExactlyOneWinsAlsoWhenTakingOverADeadLock() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CONTENDERS);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String wh = warehouse();
        if (round % 2 == 1) {
          plantDeadLock(wh, "killed-run");
        }
        CyclicBarrier start = new CyclicBarrier(CONTENDERS);
        List<Future<RunLock>> runs = new ArrayList<>();
        for (int i = 0; i < CONTENDERS; i++) {
          String runId = "run-" + i;
          runs.add(
              pool.submit(
                  () -> {
                    start.await();
                    try {
                      return lock(wh, runId, D);
                    } catch (LockHeldException e) {
                      return null;
                    }
                  }));
        }
        List<RunLock> winners = new ArrayList<>();
        for (Future<RunLock> f : runs) {
          if (f.get() != null) {
            winners.add(f.get());
          }
        }
        assertEquals(1, winners.size(), "round " + round + ": exactly one run owns the date");
        winners.forEach(RunLock::close);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** A lock as a kill -9 leaves it: owner and holder files whose heartbeat stopped long ago. */
  private static void plantDeadLock(String wh, String runId) throws IOException {
    Path dir = lockDir(wh, D);
    Files.createDirectories(dir.resolve("holders"));
    Path owner = Files.writeString(dir.resolve("owner"), runId);
    Path holder = Files.writeString(dir.resolve("holders/4242-dead"), runId + " pid 4242");
    long longAgo = System.currentTimeMillis() - STALE.multipliedBy(5).toMillis();
    assertTrue(owner.toFile().setLastModified(longAgo));
    assertTrue(holder.toFile().setLastModified(longAgo));
  }

  /** Holder files, without Hadoop's checksum files. */
  private static long holders(Path lockDir) throws IOException {
    try (java.util.stream.Stream<Path> files = Files.list(lockDir.resolve("holders"))) {
      return files.filter(p -> !p.getFileName().toString().endsWith(".crc")).count();
    }
  }
}
