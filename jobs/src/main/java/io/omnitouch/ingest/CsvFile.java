package io.omnitouch.ingest;

import io.omnitouch.schema.ColumnSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Serializable;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads one input file (UTF-8, optional BOM, RFC 4180, header row, optionally gzip) into parsed
 * rows of {@link SourceSpec#parsedStruct()}: good rows typed, rejected rows with their physical
 * line (header = 1), raw text (a phone replaced by its key) and reason.
 */
public final class CsvFile implements Serializable {
  private static final CSVFormat FORMAT =
      CSVFormat.RFC4180.builder().setIgnoreEmptyLines(false).get();
  private static final char BOM = '\uFEFF';
  private static final char REPLACEMENT = '\uFFFD';

  private final SourceSpec spec;
  private final RowParser parser;
  private final PhoneKeys phoneKeys;
  private final String runId;

  /** Position of the event-time column among the declared ones (-1 for references). */
  private final int eventTimeIndex;

  public CsvFile(SourceSpec spec, RowParser parser, PhoneKeys phoneKeys, String runId) {
    this.spec = spec;
    this.parser = parser;
    this.phoneKeys = phoneKeys;
    this.runId = runId;
    this.eventTimeIndex =
        spec.columns.stream().map(ColumnSpec::name).toList().indexOf(spec.eventTimeColumn);
  }

  /** The header problems of a file; an empty list when it can be loaded. */
  public record Header(List<String> names, List<String> missingRequired, List<String> unknown) {}

  /** Opens a file's bytes as text; malformed UTF-8 becomes U+FFFD and rejects its row. */
  public static Reader open(InputStream in, String fileName) throws IOException {
    InputStream raw = fileName.endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    return new BufferedReader(
        new InputStreamReader(
            raw,
            StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)),
        1 << 16);
  }

  /** Reads the header row; null when the file is empty. */
  public Header header(Reader reader) throws IOException {
    CSVParser p = FORMAT.parse(reader);
    Iterator<CSVRecord> it = p.iterator();
    if (!it.hasNext()) {
      return null;
    }
    return header(it.next());
  }

  private Header header(CSVRecord first) {
    List<String> names = new ArrayList<>();
    for (String n : first) {
      names.add(
          names.isEmpty() && !n.isEmpty() && n.charAt(0) == BOM
              ? n.substring(1).strip()
              : n.strip());
    }
    List<String> declared = spec.columns.stream().map(ColumnSpec::name).toList();
    List<String> missing = spec.requiredColumns().stream().filter(c -> !names.contains(c)).toList();
    List<String> unknown = names.stream().filter(n -> !declared.contains(n)).toList();
    return new Header(names, missing, unknown);
  }

  /** Parses every record after the header and hands each parsed row to {@code sink}. */
  public void parse(Reader reader, String file, Date dt, Consumer<Object[]> sink)
      throws IOException {
    rows(reader, file, dt).forEachRemaining(sink);
  }

  /**
   * The parsed rows of a file, read lazily (a task holds one row at a time, not the file). The
   * caller has checked the header already.
   */
  public Iterator<Object[]> rows(Reader reader, String file, Date dt) throws IOException {
    CSVParser p = FORMAT.parse(reader);
    Iterator<CSVRecord> it = p.iterator();
    if (!it.hasNext()) {
      return java.util.Collections.emptyIterator();
    }
    List<String> names = header(it.next()).names();
    int phoneIndex = phoneColumnIndex(names);
    return new Iterator<>() {
      private long line = p.getCurrentLineNumber() + 1;
      private Object[] next;
      private boolean done;

      @Override
      public boolean hasNext() {
        while (next == null && !done) {
          CSVRecord r;
          try {
            if (!it.hasNext()) {
              done = true;
              return false;
            }
            r = it.next();
          } catch (UncheckedIOException | IllegalStateException e) {
            done = true;
            next =
                reject(file, dt, line, null, "malformed CSV from this line on: " + e.getMessage());
            return true;
          }
          long start = line;
          line = p.getCurrentLineNumber() + 1;
          if (r.size() == 1 && r.get(0).isEmpty()) {
            continue; // a blank line is not a row
          }
          next = row(r, names, phoneIndex, file, dt, start);
        }
        return next != null;
      }

      @Override
      public Object[] next() {
        if (!hasNext()) {
          throw new java.util.NoSuchElementException();
        }
        Object[] out = next;
        next = null;
        return out;
      }
    };
  }

  private int phoneColumnIndex(List<String> names) {
    for (ColumnSpec c : spec.columns) {
      if ("phone".equals(c.type())) {
        return names.indexOf(c.name());
      }
    }
    return -1;
  }

  private Object[] row(
      CSVRecord r, List<String> names, int phoneIndex, String file, Date dt, long line) {
    if (r.size() != names.size()) {
      return reject(
          file,
          dt,
          line,
          raw(r, phoneIndex),
          "wrong number of fields: " + r.size() + " (header has " + names.size() + ")");
    }
    Map<String, String> text = new HashMap<>(2 * names.size());
    boolean badEncoding = false;
    for (int i = 0; i < names.size(); i++) {
      String v = r.get(i);
      badEncoding |= v.indexOf(REPLACEMENT) >= 0;
      text.put(names.get(i), v);
    }
    if (badEncoding) {
      return reject(file, dt, line, raw(r, phoneIndex), "not valid UTF-8 (is the file UTF-8?)");
    }
    RowParser.Result res = parser.parse(text);
    if (!res.ok()) {
      return reject(file, dt, line, raw(r, phoneIndex), res.reason());
    }
    Object[] out = new Object[spec.width()];
    Object[] v = res.values();
    System.arraycopy(v, 0, out, 0, v.length);
    int i = v.length;
    if (spec.event) {
      out[i++] = parser.businessDate((Timestamp) v[eventTimeIndex]);
    }
    out[i++] = dt;
    out[i++] = file;
    out[i++] = line;
    out[i] = runId;
    return out;
  }

  /** A rejected row: lineage, reason and raw text, no typed values. */
  public Object[] reject(String file, Date dt, Long line, String raw, String reason) {
    Object[] out = new Object[spec.width()];
    int i = spec.columns.size() + (spec.event ? 1 : 0);
    out[i++] = dt;
    out[i++] = file;
    out[i++] = line;
    out[i++] = runId;
    out[i++] = phoneKeys.scrub(reason);
    out[i] = phoneKeys.scrub(raw);
    return out;
  }

  /** The record as CSV text, with the phone field replaced by its key. */
  private String raw(CSVRecord r, int phoneIndex) {
    List<String> values = new ArrayList<>(r.toList());
    if (phoneIndex >= 0 && phoneIndex < values.size()) {
      values.set(phoneIndex, phoneKeys.key(values.get(phoneIndex)));
    }
    StringWriter w = new StringWriter();
    try (CSVPrinter printer =
        new CSVPrinter(w, CSVFormat.RFC4180.builder().setRecordSeparator("").get())) {
      printer.printRecord(values);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w.toString();
  }
}
