package io.omnitouch.pipeline;

import io.omnitouch.run.LockHeldException;
import java.io.IOException;
import java.io.PrintStream;
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
 * longer than the stale threshold (a killed process) is taken over with a message.
 *
 * <p>Two runs started together: the owner file is created exclusively ({@code O_EXCL} on a local
 * file system, the NameNode's create-if-absent on HDFS), so exactly one wins and the other fails
 * naming it. Two runs taking over the same stale lock together: only the one that creates the
 * takeover marker named after that stale owner deletes it, so a fresh lock is never deleted.
 */
public final class RunLock implements AutoCloseable {
  /** Default stale threshold ({@link io.omnitouch.config.OmnitouchConfig#lockStale}). */
  public static final Duration STALE = Duration.ofSeconds(90);

  private static final Duration MAX_BEAT = Duration.ofSeconds(10);
  private static final int BEATS_PER_STALE = 3;
  private static final int ATTEMPTS = 10;
  private static final long RETRY_MILLIS = 200;

  private final FileSystem fs;
  private final List<Path> holders = new ArrayList<>();
  private final List<Path> dirs = new ArrayList<>();
  private final String runId;
  private final Duration stale;
  private final PrintStream log;
  private final ScheduledExecutorService heart;

  private RunLock(FileSystem fs, String runId, Duration stale, PrintStream log) {
    this.fs = fs;
    this.runId = runId;
    this.stale = stale;
    this.log = log;
    this.heart =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "omnitouch-lock-heartbeat");
              t.setDaemon(true);
              return t;
            });
  }

  /** Locks every date with the default stale threshold, messages on stderr. */
  public static RunLock acquire(
      String warehouse, Configuration hadoop, String runId, List<LocalDate> dates) {
    return acquire(warehouse, hadoop, runId, dates, STALE, System.err);
  }

  /** Locks every date (in order, so two overlapping ranges cannot deadlock). */
  public static RunLock acquire(
      String warehouse,
      Configuration hadoop,
      String runId,
      List<LocalDate> dates,
      Duration stale,
      PrintStream log) {
    Path root = new Path(warehouse + "/_locks");
    try {
      RunLock lock = new RunLock(root.getFileSystem(hadoop), runId, stale, log);
      try {
        for (LocalDate d : dates.stream().sorted().distinct().toList()) {
          lock.acquireDate(new Path(root, d.toString()), d);
        }
      } catch (RuntimeException e) {
        lock.close();
        throw e;
      }
      long beat = Math.min(MAX_BEAT.toMillis(), stale.toMillis() / BEATS_PER_STALE);
      lock.heart.scheduleAtFixedRate(lock::beat, beat, beat, TimeUnit.MILLISECONDS);
      return lock;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot use the lock folder " + root, e);
    }
  }

  /** The owner file's run id and modification time, which identify one taking of the lock. */
  private record Owner(String runId, long modified) {}

  private void acquireDate(Path dir, LocalDate date) throws IOException {
    Path owner = new Path(dir, "owner");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (createExclusive(owner, runId)) {
        join(dir);
        return;
      }
      Owner other = owner(owner);
      if (other == null || other.runId().isEmpty()) {
        pause(); // released between our two calls, or its owner is still writing it
        continue;
      }
      if (other.runId().equals(runId)) {
        join(dir);
        return;
      }
      Instant last = lastBeat(dir, other);
      if (last.isAfter(Instant.now().minus(stale))) {
        throw new LockHeldException(
            "Another run holds the lock of "
                + date
                + ": run "
                + other.runId()
                + " (last heartbeat "
                + last
                + ", lock "
                + owner
                + "). Wait for it to finish, or rerun with the same --run-id to join it; a lock"
                + " without heartbeat for "
                + stale.toSeconds()
                + " s is taken over.");
      }
      // Only the contender that creates the marker of this stale owner may delete the lock.
      Path marker = new Path(dir, "takeover-" + other.modified());
      if (!createExclusive(marker, runId)) {
        deleteIfOlder(marker); // a taker that died holding the marker must not block for ever
        pause();
        continue;
      }
      if (!other.equals(owner(owner))) {
        fs.delete(marker, false); // someone else took it over meanwhile: look again
        pause();
        continue;
      }
      log.println(
          "omnitouch: taking over the stale lock of "
              + date
              + " left by run "
              + other.runId()
              + " (no heartbeat since "
              + last
              + ", over "
              + stale.toSeconds()
              + " s ago: its process is presumed dead)");
      // Moved aside in one rename, then deleted: a recursive delete in place could remove the
      // owner file that a contender creates while the delete is under way.
      Path aside = new Path(dir.getParent(), "." + dir.getName() + ".stale-" + UUID.randomUUID());
      if (!fs.rename(dir, aside)) {
        throw new IOException("Cannot move the stale lock " + dir + " aside");
      }
      fs.delete(aside, true);
    }
    throw new LockHeldException(
        "Could not take the lock of "
            + date
            + " at "
            + owner
            + ": other runs keep taking it. Retry when they are done.");
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LockHeldException("interrupted while waiting for a lock");
    }
  }

  private void join(Path dir) throws IOException {
    pruneDeadHolders(dir);
    Path holder =
        new Path(dir, "holders/" + ProcessHandle.current().pid() + "-" + UUID.randomUUID());
    write(holder, describe());
    holders.add(holder);
    dirs.add(dir);
  }

  /** Holders of our run whose process died (no heartbeat) would keep the lock forever. */
  private void pruneDeadHolders(Path dir) throws IOException {
    Path hs = new Path(dir, "holders");
    if (!fs.exists(hs)) {
      return;
    }
    long oldest = Instant.now().minus(stale).toEpochMilli();
    for (FileStatus s : fs.listStatus(hs)) {
      if (s.getModificationTime() < oldest) {
        fs.delete(s.getPath(), false);
      }
    }
  }

  private void deleteIfOlder(Path p) throws IOException {
    try {
      if (fs.getFileStatus(p).getModificationTime() < Instant.now().minus(stale).toEpochMilli()) {
        fs.delete(p, false);
      }
    } catch (java.io.FileNotFoundException e) {
      // gone already
    }
  }

  private String describe() {
    return runId
        + " pid "
        + ProcessHandle.current().pid()
        + " on "
        + ManagementFactory.getRuntimeMXBean().getName();
  }

  /** The newest heartbeat of a lock: the owner file's or any holder's modification time. */
  private Instant lastBeat(Path dir, Owner owner) throws IOException {
    long newest = owner.modified();
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
        log.println("omnitouch: lock heartbeat failed: " + e.getMessage());
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
        log.println("omnitouch: could not release lock " + dirs.get(i) + ": " + e.getMessage());
      }
    }
    holders.clear();
  }

  /**
   * Creates a file only if it does not exist, atomically: Hadoop's local file system checks and
   * then creates (two runs could both "win"), so local paths go through {@code O_EXCL}.
   */
  private boolean createExclusive(Path p, String content) throws IOException {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    Path qualified = fs.makeQualified(p);
    if ("file".equals(qualified.toUri().getScheme())) {
      java.nio.file.Path local = java.nio.file.Paths.get(qualified.toUri());
      try {
        java.nio.file.Files.createDirectories(local.getParent());
        java.nio.file.Files.write(
            local,
            bytes,
            java.nio.file.StandardOpenOption.CREATE_NEW,
            java.nio.file.StandardOpenOption.WRITE);
        return true;
      } catch (java.nio.file.FileAlreadyExistsException e) {
        return false;
      } catch (java.nio.file.NoSuchFileException e) {
        return false; // a takeover moved the folder meanwhile: the caller looks again
      }
    }
    try (FSDataOutputStream out = fs.create(p, false)) {
      out.write(bytes);
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

  /** The owner of a lock, or null when there is none. */
  private Owner owner(Path p) throws IOException {
    try (FSDataInputStream in = fs.open(p)) {
      String id = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      return new Owner(id, fs.getFileStatus(p).getModificationTime());
    } catch (java.io.FileNotFoundException e) {
      return null;
    }
  }
}
