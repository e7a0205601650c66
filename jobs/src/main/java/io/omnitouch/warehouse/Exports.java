package io.omnitouch.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.functions;

/**
 * Publishes gold marts as plain Parquet under {@code <warehouse>/exports/<mart>/} for readers
 * without Delta. Each partition ({@code dt=YYYY-MM-DD}) is written aside, then swapped in by
 * renames, so a reader sees the old files or the new ones, never a mix. On a local or HDFS file
 * system the swap is two renames of a folder (the partition is absent for that instant); on object
 * stores without atomic rename it is absent for the length of the copy.
 */
public final class Exports {
  public static final String FOLDER = "exports";

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
    rows.filter(
            functions
                .col(dateColumn)
                .geq(functions.lit(java.sql.Date.valueOf(from)))
                .and(functions.col(dateColumn).leq(functions.lit(java.sql.Date.valueOf(to)))))
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(dateColumn)
        .parquet(staging.toString());
    FileSystem fs = fs(staging);
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
    rows.write().mode(SaveMode.Overwrite).parquet(staging.toString());
    FileSystem fs = fs(staging);
    try {
      fs.mkdirs(new Path(warehouse.root() + "/" + FOLDER));
      swap(fs, staging, new Path(path(mart)));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot publish export of " + mart, e);
    }
  }

  private Path stagingPath(String mart) {
    return new Path(
        warehouse.root() + "/" + FOLDER + "/_staging/" + mart + "-" + UUID.randomUUID());
  }

  /** Moves the old folder aside, the new one in, then deletes the old one. */
  private static void swap(FileSystem fs, Path fresh, Path target) throws IOException {
    Path old = new Path(target.getParent(), "." + target.getName() + ".old-" + UUID.randomUUID());
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

  /** Spark's _SUCCESS and .crc files are noise for other readers. */
  private static void removeMarkers(FileSystem fs, Path dir) throws IOException {
    for (FileStatus f : fs.listStatus(dir)) {
      String n = f.getPath().getName();
      if (f.isFile() && (n.startsWith("_") || n.endsWith(".crc"))) {
        fs.delete(f.getPath(), false);
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
