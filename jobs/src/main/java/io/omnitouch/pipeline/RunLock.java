package io.omnitouch.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The per-date lock of the warehouse: {@code <warehouse>/_locks/<date>/owner} holds the run id that
 * owns the date, {@code holders/} one heartbeat file per process working for that run. The lock
 * belongs to a run id, so the parallel tasks of one Airflow run share it; another run id gets
 * {@link LockHeldException} (exit 3) naming the owner. A lock whose holders stopped beating for
 * longer than {@link #STALE} (a killed process) is taken over with a message.
 */
public final class RunLock implements AutoCloseable {
  public static final Duration STALE = Duration.ofSeconds(90);
  private static final Duration BEAT = Duration.ofSeconds(10);

  private final FileSystem fs;
  private final List<Path> holders = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private final String runId;
  private final ScheduledExecutorService heart;

  private RunLock(FileSystem fs, String runId) {
    this.fs = fs;
    this.runId = runId;
    this.heart =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "omnitouch-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /** Locks every date (in order, so two overlapping ranges cannot deadlock). */
  public static RunLock acquire(
      String warehouse, Configuration hadoop, String runId, List<LocalDate> dates) {
    Path root = new Path(warehouse + "/_locks");
    try {
      RunLock lock = new RunLock(root.getFileSystem(hadoop), runId);
      try {
        for (LocalDate d : dates.stream().sorted().distinct().toList()) {
          lock.acquireDate(new Path(root, d.toString()), d);
        }
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
      lock.heart.scheduleAtFixedRate(
          lock::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
      return lock;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use the lock folder " + root, e);
    }
  }

  private void acquireDate(Path dir, LocalDate date) throws IOException {
    Path owner = new Path(dir, "owner");
    for (int attempt = 0; attempt < 3; attempt++) {
      if (tryCreate(owner, runId)) {
        join(dir);
        return;
      }
      String other = read(owner);
      if (other == null) {
        continue; // released between our two calls
      }
      if (other.equals(runId)) {
        join(dir);
        return;
      }
      Instant last = lastBeat(dir, owner);
      if (last != null && last.isAfter(Instant.now().minus(STALE))) {
        throw new LockHeldException(
            "Another run holds the lock of "
                + date
                + ": run "
                + other
                + " (last heartbeat "
                + last
                + ", lock "
                + owner
                + "). Wait for it to finish, or rerun with the same --run-id to join it.");
      }
      System.err.println(
          "omnitouch: taking over the stale lock of "
              + date
              + " left by run "
              + other
              + " (no heartbeat since "
              + last
              + ", over "
              + STALE.toSeconds()
              + " s ago)");
      fs.delete(dir, true);
    }
    throw new LockHeldException("Could not take the lock of " + date + " at " + owner);
  }

  private void join(Path dir) throws IOException {
    Path holder =
        new Path(dir, "holders/" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    write(holder, describe());
    holders.add(holder);
    dirs.add(dir);
  }

  private String describe() {
    return runId
        + " pid "
        + ProcessHandle.current().pid()
        + " on "
        + ManagementFactory.getRuntimeMXBean().getName();
  }

  /** The newest heartbeat of a lock: the owner file's or any holder's modification time. */
  private Instant lastBeat(Path dir, Path owner) throws IOException {
    long newest = -1;
    try {
      newest = fs.getFileStatus(owner).getModificationTime();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
    Path hs = new Path(dir, "holders");
    if (fs.exists(hs)) {
      for (FileStatus s : fs.listStatus(hs)) {
        newest = Math.max(newest, s.getModificationTime());
      }
    }
    return Instant.ofEpochMilli(newest);
  }

  private void beat() {
    for (Path h : holders) {
      try {
        write(h, describe());
      } catch (IOException e) {
        System.err.println("omnitouch: lock heartbeat failed: " + e.getMessage());
      }
    }
  }

  @Override
  public void close() {
    heart.shutdownNow();
    for (int i = 0; i < holders.size(); i++) {
      try {
        fs.delete(holders.get(i), false);
        Path hs = holders.get(i).getParent();
        if (!fs.exists(hs) || fs.listStatus(hs).length == 0) {
          fs.delete(dirs.get(i), true);
        }
      } catch (IOException e) {
        System.err.println(
            "omnitouch: could not release lock " + dirs.get(i) + ": " + e.getMessage());
      }
    }
    holders.clear();
  }

  private boolean tryCreate(Path p, String content) throws IOException {
    try (FSDataOutputStream out = fs.create(p, false)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } catch (IOException e) {
      if (fs.exists(p)) {
        return false;
      }
      throw e;
    }
  }

  private void write(Path p, String content) throws IOException {
    try (FSDataOutputStream out = fs.create(p, true)) {
      out.write(content.getBytes(StandardCharsets.UTF_8));
    }
  }

  private String read(Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }
}
