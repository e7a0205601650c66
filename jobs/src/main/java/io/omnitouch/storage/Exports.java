package io.omnitouch.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RuntimeConfig;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;

/**
 * Publishes gold marts as plain Parquet under {@code <warehouse>/exports/<mart>/} for readers
 * without Delta. Each partition ({@code dt=YYYY-MM-DD}) is written aside, then swapped in by
 * renames, so a reader sees the old files or the new ones, never a mix. On a local or HDFS file
 * system the swap is two renames of a folder (the partition is absent for that instant); on object
 * stores without atomic rename it is absent for the length of the copy.
 *
 * <p>Timestamps are written as standard {@code TIMESTAMP_MICROS} Parquet values, not Spark's
 * default INT96 (deprecated by the Parquet format, and misread or refused by some readers).
 * Leftovers of an interrupted publish (staging folders, partitions moved aside) are removed by the
 * next publish of the same mart.
 */
public final class Exports {
  public static final String FOLDER = "exports";

  static final String TIMESTAMP_TYPE_KEY = "spark.sql.parquet.outputTimestampType";
  static final String TIMESTAMP_TYPE = "TIMESTAMP_MICROS";
  private static final String STAGING = "_staging";
  private static final String ASIDE = ".old-";

  private final Warehouse warehouse;

  public Exports(Warehouse warehouse) {
    this.warehouse = warehouse;
  }

  public String path(String mart) {
    return warehouse.root() + "/" + FOLDER + "/" + mart;
  }

  /**
   * Replaces the export partitions {@code from..to} of {@code dateColumn} with {@code rows}; a date
   * in the range without rows loses its partition.
   */
  public void publishDates(
      String mart, Dataset<Row> rows, String dateColumn, LocalDate from, LocalDate to) {
    Path staging = stagingPath(mart);
    FileSystem fs = fs(staging);
    removeLeftovers(fs, mart);
    writeParquet(
        rows.filter(
                functions
                    .col(dateColumn)
                    .geq(functions.lit(java.sql.Date.valueOf(from)))
                    .and(functions.col(dateColumn).leq(functions.lit(java.sql.Date.valueOf(to)))))
            .write()
            .mode(SaveMode.Overwrite)
            .partitionBy(dateColumn),
        staging);
    try {
      Path target = new Path(path(mart));
      fs.mkdirs(target);
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        String part = dateColumn + "=" + d;
        Path fresh = new Path(staging, part);
        swap(fs, fs.exists(fresh) ? fresh : null, new Path(target, part));
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish export of " + mart, e);
    }
  }

  /** Replaces the whole export of a mart without a date partition. */
  public void publishWhole(String mart, Dataset<Row> rows) {
    Path staging = stagingPath(mart);
    FileSystem fs = fs(staging);
    removeLeftovers(fs, mart);
    writeParquet(rows.write().mode(SaveMode.Overwrite), staging);
    try {
      fs.mkdirs(new Path(warehouse.root() + "/" + FOLDER));
      swap(fs, staging, new Path(path(mart)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish export of " + mart, e);
    }
  }

  private Path stagingPath(String mart) {
    return new Path(
        warehouse.root() + "/" + FOLDER + "/" + STAGING + "/" + mart + "-" + UUID.randomUUID());
  }

  /** Writes plain Parquet with standard timestamps; the session setting is restored after. */
  private void writeParquet(DataFrameWriter<Row> writer, Path dir) {
    RuntimeConfig conf = warehouse.spark().conf();
    String before = conf.get(TIMESTAMP_TYPE_KEY, null);
    conf.set(TIMESTAMP_TYPE_KEY, TIMESTAMP_TYPE);
    try {
      writer.parquet(dir.toString());
    } finally {
      if (before == null) {
        conf.unset(TIMESTAMP_TYPE_KEY);
      } else {
        conf.set(TIMESTAMP_TYPE_KEY, before);
      }
    }
  }

  /**
   * Staging folders of this mart and partitions moved aside by a publish that did not finish (this
   * process publishes one mart at a time).
   */
  private void removeLeftovers(FileSystem fs, String mart) {
    try {
      Path staging = new Path(warehouse.root() + "/" + FOLDER + "/" + STAGING);
      if (fs.exists(staging)) {
        for (FileStatus f : fs.listStatus(staging)) {
          if (f.getPath().getName().startsWith(mart + "-")) {
            fs.delete(f.getPath(), true);
          }
        }
      }
      Path target = new Path(path(mart));
      Path parent = target.getParent();
      if (fs.exists(parent)) {
        for (FileStatus f : fs.listStatus(parent)) {
          if (f.getPath().getName().startsWith("." + mart + ASIDE)) {
            fs.delete(f.getPath(), true);
          }
        }
      }
      if (fs.exists(target) && fs.getFileStatus(target).isDirectory()) {
        for (FileStatus f : fs.listStatus(target)) {
          String n = f.getPath().getName();
          if (n.startsWith(".") && n.contains(ASIDE)) {
            fs.delete(f.getPath(), true);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot clean the export of " + mart, e);
    }
  }

  /** Moves the old folder aside, the new one in, then deletes the old one. */
  private static void swap(FileSystem fs, Path fresh, Path target) throws IOException {
    Path old = new Path(target.getParent(), "." + target.getName() + ASIDE + UUID.randomUUID());
    boolean hadOld = fs.exists(target);
    if (hadOld && !fs.rename(target, old)) {
      throw new IOException("Cannot move " + target + " aside");
    }
    if (fresh != null) {
      removeMarkers(fs, fresh);
      if (!fs.rename(fresh, target)) {
        throw new IOException("Cannot move " + fresh + " to " + target);
      }
    }
    if (hadOld) {
      fs.delete(old, true);
    }
  }

  /**
   * Spark's _SUCCESS and .crc files are noise for other readers. The local file system hides .crc
   * files from listings (it is a checksum file system), so they are listed on the raw one.
   */
  private static void removeMarkers(FileSystem fs, Path dir) throws IOException {
    FileSystem raw = fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
    for (FileStatus f : raw.listStatus(dir)) {
      String n = f.getPath().getName();
      if (f.isFile() && (n.startsWith("_") || n.endsWith(".crc"))) {
        raw.delete(f.getPath(), false);
      }
    }
  }

  private FileSystem fs(Path p) {
    Configuration conf = warehouse.spark().sparkContext().hadoopConfiguration();
    try {
      return p.getFileSystem(conf);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
