package io.omnitouch.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.util.Progressable;
import org.apache.spark.sql.SparkSession;

/**
 * The local file system under the scheme {@code faulty://}, with faults injected on paths matching
 * regular expressions (tests run as root, so chmod cannot make anything unwritable). Faults are JVM
 * system properties, read on every call, so a test can switch them on and off:
 *
 * <ul>
 *   <li>{@code faulty.readonly}: creating, renaming, deleting or making folders fails with
 *       "Read-only file system" (EROFS);
 *   <li>{@code faulty.unreadable}: opening fails with "Permission denied";
 *   <li>{@code faulty.full.pattern} + {@code faulty.full.bytes}: once that many bytes were written
 *       to matching files (in this JVM), writes fail with "No space left on device" (ENOSPC);
 *   <li>{@code faulty.pause.create} / {@code faulty.pause.rename}: creating a matching file, or
 *       renaming from a matching path, prints {@code faulty: paused <op> <path>} on stderr and
 *       sleeps {@code faulty.pause.millis} (default 10 min) first: a test watching the console
 *       kills the process at that exact point, or lets it go on after the pause.
 * </ul>
 *
 * Registered with {@code fs.faulty.impl} (and {@link FaultyFs} for Delta's FileContext);
 * create-if-absent is atomic here ({@code O_EXCL}) as on HDFS.
 */
public class FaultyFileSystem extends RawLocalFileSystem {
  public static final String SCHEME = "faulty";
  private static final URI NAME = URI.create(SCHEME + ":///");
  private static final AtomicLong WRITTEN = new AtomicLong();
  private static final long DEFAULT_PAUSE_MILLIS = 600_000;

  /** Hadoop and Spark settings that route the {@code faulty} scheme here. */
  public static java.util.Map<String, String> hadoopSettings() {
    return java.util.Map.of(
        "fs.faulty.impl", FaultyFileSystem.class.getName(),
        "fs.faulty.impl.disable.cache", "false",
        "fs.AbstractFileSystem.faulty.impl", FaultyFs.class.getName());
  }

  /** Makes {@code faulty:///...} paths usable in a running session. */
  public static void register(SparkSession spark) {
    hadoopSettings().forEach((k, v) -> spark.sparkContext().hadoopConfiguration().set(k, v));
  }

  /** Clears every fault and the bytes-written counter. */
  public static void reset() {
    for (String k :
        new String[] {
          "faulty.readonly",
          "faulty.unreadable",
          "faulty.full.pattern",
          "faulty.full.bytes",
          "faulty.pause.create",
          "faulty.pause.rename",
          "faulty.pause.millis"
        }) {
      System.clearProperty(k);
    }
    WRITTEN.set(0);
  }

  @Override
  public URI getUri() {
    return NAME;
  }

  @Override
  public String getScheme() {
    return SCHEME;
  }

  private static boolean matches(String property, Path p) {
    String re = System.getProperty(property);
    return re != null && p.toUri().getPath().matches(re);
  }

  private static void checkWritable(Path p) throws IOException {
    if (matches("faulty.readonly", p)) {
      throw new IOException(p.toUri().getPath() + " (Read-only file system)");
    }
  }

  private static void maybePause(String op, Path p) {
    if (!matches("faulty.pause." + op, p)) {
      return;
    }
    System.err.println("faulty: paused " + op + " " + p.toUri().getPath());
    System.err.flush();
    try {
      Thread.sleep(Long.getLong("faulty.pause.millis", DEFAULT_PAUSE_MILLIS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  protected OutputStream createOutputStreamWithMode(Path f, boolean append, FsPermission permission)
      throws IOException {
    checkWritable(f);
    maybePause("create", f);
    OutputStream os = super.createOutputStreamWithMode(f, append, permission);
    if (!matches("faulty.full.pattern", f)) {
      return os;
    }
    long budget = Long.getLong("faulty.full.bytes", 0L);
    return new FilterOutputStream(os) {
      private void charge(long n) throws IOException {
        if (WRITTEN.addAndGet(n) > budget) {
          throw new IOException("No space left on device");
        }
      }

      @Override
      public void write(int b) throws IOException {
        charge(1);
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        charge(len);
        out.write(b, off, len);
      }
    };
  }

  /** Create-if-absent with O_EXCL, as atomic as HDFS's (Hadoop's local FS checks, then creates). */
  private void createExclusively(Path f) throws IOException {
    checkWritable(f);
    if (f.getParent() != null) {
      mkdirs(f.getParent());
    }
    try {
      Files.createFile(pathToFile(f).toPath());
    } catch (java.nio.file.FileAlreadyExistsException e) {
      throw new FileAlreadyExistsException("File already exists: " + f);
    }
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    if (!overwrite) {
      createExclusively(f);
    }
    return super.create(f, true, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataOutputStream create(
      Path f,
      FsPermission permission,
      boolean overwrite,
      int bufferSize,
      short replication,
      long blockSize,
      Progressable progress)
      throws IOException {
    if (!overwrite) {
      createExclusively(f);
    }
    return super.create(f, permission, true, bufferSize, replication, blockSize, progress);
  }

  @Override
  public FSDataInputStream open(Path f, int bufferSize) throws IOException {
    if (matches("faulty.unreadable", f)) {
      throw new AccessDeniedException(f.toUri().getPath(), null, "Permission denied");
    }
    return super.open(f, bufferSize);
  }

  @Override
  public boolean rename(Path src, Path dst) throws IOException {
    checkWritable(src);
    checkWritable(dst);
    maybePause("rename", src);
    return super.rename(src, dst);
  }

  @Override
  public boolean delete(Path p, boolean recursive) throws IOException {
    checkWritable(p);
    return super.delete(p, recursive);
  }

  @Override
  public boolean mkdirs(Path p, FsPermission permission) throws IOException {
    if (!exists(p)) {
      checkWritable(p);
    }
    return super.mkdirs(p, permission);
  }

  @Override
  public boolean mkdirs(Path p) throws IOException {
    if (!exists(p)) {
      checkWritable(p);
    }
    return super.mkdirs(p);
  }
}
