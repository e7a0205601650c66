package io.omnitouch.ingest;

import io.omnitouch.run.InputContractException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The input tree of inputs.md: {@code <input>/<source>/dt=YYYY-MM-DD/*.csv[.gz]}. */
public final class InputFiles {
  private final String root;
  private final Configuration hadoop;

  public InputFiles(String root, Configuration hadoop) {
    this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    this.hadoop = hadoop;
  }

  /** Files of a source for some dates; a missing dt= folder fails naming it. */
  public List<String> eventFiles(String source, Collection<LocalDate> dates) {
    List<String> files = new ArrayList<>();
    for (LocalDate d : dates) {
      Path dir = new Path(root + "/" + source + "/dt=" + d);
      try {
        FileSystem fs = dir.getFileSystem(hadoop);
        if (!fs.exists(dir)) {
          throw new InputContractException(
              "Missing input partition "
                  + dir
                  + " (source "
                  + source
                  + ", dt "
                  + d
                  + "): upstream has not delivered it yet");
        }
        for (FileStatus f : fs.listStatus(dir)) {
          String n = f.getPath().getName();
          // Names starting with _ or . are markers, not data (the _control.csv of completeness).
          boolean hidden = n.startsWith("_") || n.startsWith(".");
          if (f.isFile() && !hidden && (n.endsWith(".csv") || n.endsWith(".csv.gz"))) {
            files.add(f.getPath().toString());
          }
        }
      } catch (IOException e) {
        throw new InputContractException("Cannot list input partition " + dir + ": " + e, e);
      }
    }
    files.sort(String::compareTo);
    return files;
  }

  /** The reference file of a name, or null when it does not exist. */
  public String referenceFile(String name) {
    Path p = new Path(root + "/reference/" + name + ".csv");
    try {
      return p.getFileSystem(hadoop).exists(p) ? p.toString() : null;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public InputStream open(String file) {
    Path p = new Path(file);
    try {
      return p.getFileSystem(hadoop).open(p);
    } catch (IOException e) {
      throw new InputContractException("Cannot read input file " + file + ": " + e.getMessage(), e);
    }
  }

  /** A file's name relative to the input root ({@code orders/dt=2026-11-22/part-0.csv}). */
  public static String relative(String file) {
    Path p = new Path(file);
    Path parent = p.getParent();
    if (parent.getName().startsWith("dt=")) {
      return parent.getParent().getName() + "/" + parent.getName() + "/" + p.getName();
    }
    return parent.getName() + "/" + p.getName();
  }

  /** The dt of a file from its {@code dt=} folder. */
  public static LocalDate dtOf(String file) {
    int at = file.lastIndexOf("/dt=");
    return LocalDate.parse(file.substring(at + 4, at + 14));
  }
}
