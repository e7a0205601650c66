package io.omnitouch.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes rows to {@code <out>/<source>/dt=YYYY-MM-DD/part-NNNNN.csv[.gz]} (RFC 4180, UTF-8, CRLF,
 * header row), streaming: a row goes straight to the file of its dt, so memory does not grow with
 * the scale. Rows whose dt falls outside the window are not written (they would arrive in a file
 * the window does not hold). Files of a dt are closed once the simulation has moved past it.
 */
final class InputFiles implements Closeable {
  private static final CSVFormat FORMAT = CSVFormat.RFC4180;

  private final Path out;
  private final LocalDate first;
  private final LocalDate last;
  private final boolean gzip;
  private final int rowsPerFile;
  private final Map<Source, TreeMap<LocalDate, Part>> open = new EnumMap<>(Source.class);
  private final Map<Source, long[]> written = new EnumMap<>(Source.class);
  private final List<Path> files = new ArrayList<>();
  private boolean closed;

  private static final class Part {
    CSVPrinter printer;
    int index;
    int rows;
  }

  InputFiles(Path out, LocalDate first, LocalDate last, boolean gzip, int rowsPerFile) {
    this.out = out;
    this.first = first;
    this.last = last;
    this.gzip = gzip;
    this.rowsPerFile = rowsPerFile;
    for (Source s : Source.values()) {
      open.put(s, new TreeMap<>());
      written.put(s, new long[1]);
    }
  }

  boolean inWindow(LocalDate dt) {
    return !dt.isBefore(first) && !dt.isAfter(last);
  }

  /**
   * Writes one row (values in the source's declared column order) to the file of dt; false when dt
   * is outside the window and nothing was written.
   */
  boolean emit(Source source, LocalDate dt, String[] values) {
    if (values.length != source.columns.size()) {
      throw new IllegalArgumentException(source + " row has " + values.length + " values");
    }
    if (!inWindow(dt)) {
      return false;
    }
    try {
      Part part = open.get(source).computeIfAbsent(dt, d -> new Part());
      if (part.printer == null || part.rows >= rowsPerFile) {
        if (part.printer != null) {
          part.printer.close();
          part.index++;
        }
        part.printer = newFile(source, dt, part.index);
        part.rows = 0;
      }
      part.printer.printRecord((Object[]) values);
      part.rows++;
      written.get(source)[0]++;
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CSVPrinter newFile(Source source, LocalDate dt, int index) throws IOException {
    Path dir = out.resolve(source.folder).resolve("dt=" + dt);
    Files.createDirectories(dir);
    Path file = dir.resolve(String.format("part-%05d.csv%s", index, gzip ? ".gz" : ""));
    files.add(file);
    OutputStream stream = Files.newOutputStream(file);
    if (gzip) {
      // GZIPOutputStream writes a fixed header (no name, mtime 0): same bytes for the same rows
      stream = new GZIPOutputStream(stream, 1 << 16);
    }
    CSVPrinter printer =
        new CSVPrinter(
            new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16),
            FORMAT);
    printer.printRecord(source.columns);
    return printer;
  }

  /** Closes the files of every dt before the given date: nothing more will be written there. */
  void closeBefore(LocalDate dt) {
    for (TreeMap<LocalDate, Part> parts : open.values()) {
      while (!parts.isEmpty() && parts.firstKey().isBefore(dt)) {
        close(parts.pollFirstEntry().getValue());
      }
    }
  }

  private static void close(Part part) {
    try {
      if (part.printer != null) {
        part.printer.close();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long rows(Source source) {
    return written.get(source)[0];
  }

  List<Path> files() {
    return files;
  }

  /**
   * Closes every file, then gives each source a header-only file on any day of the window that had
   * no row, so that a day's absence always means "not delivered", never "nothing happened".
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (TreeMap<LocalDate, Part> parts : open.values()) {
      parts.values().forEach(InputFiles::close);
      parts.clear();
    }
    try {
      for (Source source : Source.values()) {
        for (LocalDate dt = first; !dt.isAfter(last); dt = dt.plusDays(1)) {
          if (!Files.isDirectory(out.resolve(source.folder).resolve("dt=" + dt))) {
            newFile(source, dt, 0).close();
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
