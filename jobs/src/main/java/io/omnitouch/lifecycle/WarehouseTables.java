package io.omnitouch.lifecycle;

import io.omnitouch.storage.Exports;
import io.omnitouch.storage.Warehouse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * What is stored under a warehouse root, found on disk rather than from the catalog, so lifecycle
 * work reaches every table and export that exists (also those of marts no longer registered): Delta
 * tables ({@code quarantine}, {@code <layer>/<table>}) and exports ({@code exports/<mart>}).
 */
public final class WarehouseTables {
  private static final String DELTA_LOG = "_delta_log";
  private static final Pattern DATE_PARTITION =
      Pattern.compile("^([A-Za-z_][A-Za-z0-9_]*)=\\d{4}-\\d{2}-\\d{2}$");

  private final Warehouse wh;
  private final FileSystem fs;

  public WarehouseTables(Warehouse wh) {
    this.wh = wh;
    Path root = new Path(wh.root());
    try {
      this.fs = root.getFileSystem(wh.spark().sparkContext().hadoopConfiguration());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public FileSystem fs() {
    return fs;
  }

  /** Delta table names relative to the root, sorted: {@code bronze/orders}, {@code quarantine}. */
  public List<String> deltaTables() {
    List<String> out = new ArrayList<>();
    try {
      for (FileStatus top : visibleDirs(new Path(wh.root()))) {
        String name = top.getPath().getName();
        if (name.equals(Exports.FOLDER)) {
          continue;
        }
        if (fs.exists(new Path(top.getPath(), DELTA_LOG))) {
          out.add(name);
          continue;
        }
        for (FileStatus t : visibleDirs(top.getPath())) {
          if (fs.exists(new Path(t.getPath(), DELTA_LOG))) {
            out.add(name + "/" + t.getPath().getName());
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the warehouse " + wh.root(), e);
    }
    out.sort(String::compareTo);
    return out;
  }

  /** Exported marts and their date column ({@code dt=} folders), null for a mart exported whole. */
  public Map<String, String> exports() {
    Map<String, String> out = new TreeMap<>();
    Path root = new Path(wh.root() + "/" + Exports.FOLDER);
    try {
      if (!fs.exists(root)) {
        return out;
      }
      for (FileStatus mart : visibleDirs(root)) {
        String dateColumn = null;
        for (FileStatus part : visibleDirs(mart.getPath())) {
          Matcher m = DATE_PARTITION.matcher(part.getPath().getName());
          if (m.matches()) {
            dateColumn = m.group(1);
            break;
          }
        }
        out.put(mart.getPath().getName(), dateColumn);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the exports of " + wh.root(), e);
    }
    return out;
  }

  /** Data files of a table or export folder: every file outside {@code _delta_log}, recursively. */
  public List<FileStatus> dataFiles(String relative) {
    List<FileStatus> out = new ArrayList<>();
    try {
      collect(new Path(wh.root() + "/" + relative), out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private void collect(Path dir, List<FileStatus> out) throws IOException {
    if (!fs.exists(dir)) {
      return;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isDirectory()) {
        if (!n.equals(DELTA_LOG)) {
          collect(s.getPath(), out);
        }
      } else if (!n.endsWith(".crc")) {
        out.add(s);
      }
    }
  }

  /** Sub-folders whose names do not start with {@code _} or {@code .} (Hive's hidden names). */
  List<FileStatus> visibleDirs(Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isDirectory() && !n.startsWith("_") && !n.startsWith(".")) {
        out.add(s);
      }
    }
    return out;
  }

  /** Sub-folders whose names start with {@code _} or {@code .}: staging and moved-aside exports. */
  List<FileStatus> hiddenDirs(Path dir) throws IOException {
    List<FileStatus> out = new ArrayList<>();
    if (!fs.exists(dir)) {
      return out;
    }
    for (FileStatus s : fs.listStatus(dir)) {
      String n = s.getPath().getName();
      if (s.isDirectory() && (n.startsWith("_") || n.startsWith("."))) {
        out.add(s);
      }
    }
    return out;
  }
}
