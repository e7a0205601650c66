package io.omnitouch.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omnitouch.marts.MartCatalog;
import io.omnitouch.marts.MartJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes the mart dictionary {@code docs/marts.md} of the repository from the declared schemas
 * ({@code schemas/marts}, {@code silver}, {@code reference}, {@code views}, {@code audit}: one
 * table per file, one row per column with its type and definition) and the hand-written business
 * definitions ({@code docs/marts-definitions.md}). A test fails when the committed file differs, so
 * the dictionary cannot drift from the schemas the jobs read. Regenerate with {@link #COMMAND}.
 */
public final class MartDictionary {
  /** The one command that regenerates docs/marts.md (from the repository root). */
  public static final String COMMAND =
      "mvn -B -ntp -o -q -pl jobs test -Dtest=MartDictionaryTest -Ddocs.write=true";

  public static final String OUTPUT = "docs/marts.md";
  public static final String DEFINITIONS = "docs/marts-definitions.md";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Schema folders after the marts, with their heading. */
  private static final Map<String, String> OTHER_LAYERS = new LinkedHashMap<>();

  static {
    OTHER_LAYERS.put("reference", "Dimensions (reference files; sql views under the same names)");
    OTHER_LAYERS.put("views", "Views of sql");
    OTHER_LAYERS.put("silver", "Silver tables (paid_orders and quarantine are sql views)");
    OTHER_LAYERS.put("audit", "Audit");
  }

  private MartDictionary() {}

  /**
   * {@code MartDictionary [REPO]}: writes {@code REPO/docs/marts.md} (default: the working dir).
   */
  public static void main(String[] args) throws IOException {
    Path repo = Path.of(args.length > 0 ? args[0] : ".");
    Files.writeString(repo.resolve(OUTPUT), render(repo), StandardCharsets.UTF_8);
    System.out.println("wrote " + repo.resolve(OUTPUT).normalize());
  }

  /** The dictionary of the repository at {@code repo}. */
  public static String render(Path repo) throws IOException {
    Path schemas = repo.resolve("schemas");
    StringBuilder b = new StringBuilder();
    b.append("# Mart dictionary\n\n")
        .append("<!-- Generated from schemas/ and ")
        .append(DEFINITIONS)
        .append(" by io.omnitouch.schema.MartDictionary: do not edit.\n")
        .append("     Regenerate: ")
        .append(COMMAND)
        .append(" -->\n\n")
        .append("Every table an analyst reads: the business definitions first, then each table")
        .append(" with its grain and\nits columns (type and definition), from the same schema")
        .append(" files the jobs read at runtime.\n")
        .append("In `omnitouch sql`, `SHOW TABLES` and `DESCRIBE <table>` print the same.\n\n")
        .append("- [Business definitions](#business-definitions)\n")
        .append("- [Gold marts](#gold-marts)\n");
    for (String heading : OTHER_LAYERS.values()) {
      b.append("- [").append(heading).append("](#").append(anchor(heading)).append(")\n");
    }
    b.append("\n## Business definitions\n\n");
    String definitions = Files.readString(repo.resolve(DEFINITIONS), StandardCharsets.UTF_8);
    b.append(demote(stripComment(definitions)).strip()).append("\n\n");

    b.append("## Gold marts\n\n");
    List<Path> marts = files(schemas.resolve("marts"));
    Map<String, Path> byName = new LinkedHashMap<>();
    for (Path p : marts) {
      byName.put(tableName(p), p);
    }
    String group = null;
    for (MartJob job : MartCatalog.all()) {
      Path p = byName.remove(job.name());
      if (p == null) {
        continue;
      }
      if (!job.group().equals(group)) {
        group = job.group();
        b.append("### Group `").append(group).append("`\n\n");
      }
      table(b, p, job.dateColumn());
    }
    if (!byName.isEmpty()) {
      b.append("### Run bookkeeping\n\n");
      for (Path p : byName.values()) {
        table(b, p, null);
      }
    }
    for (Map.Entry<String, String> layer : OTHER_LAYERS.entrySet()) {
      b.append("## ").append(layer.getValue()).append("\n\n");
      for (Path p : files(schemas.resolve(layer.getKey()))) {
        table(b, p, null);
      }
    }
    return b.toString().strip() + "\n";
  }

  private static void table(StringBuilder b, Path file, String dateColumn) throws IOException {
    JsonNode t = JSON.readTree(file.toFile());
    b.append("#### `").append(t.get("name").asText()).append("`\n\n");
    if (t.hasNonNull("description")) {
      b.append(t.get("description").asText().strip()).append("\n\n");
    }
    List<String> facts = new ArrayList<>();
    if (t.has("key")) {
      facts.add("key: " + codes(t.get("key")));
    }
    if (t.has("partitionBy")) {
      facts.add("partitioned by: " + codes(t.get("partitionBy")));
    }
    if (dateColumn != null) {
      facts.add("date column: `" + dateColumn + "`");
    }
    if (t.has("path")) {
      facts.add("source: `" + t.get("path").asText() + "`");
    }
    if (!facts.isEmpty()) {
      b.append(String.join("; ", facts)).append("\n\n");
    }
    b.append("| column | type | definition |\n|---|---|---|\n");
    for (JsonNode c : t.get("columns")) {
      b.append("| `")
          .append(c.get("name").asText())
          .append("` | ")
          .append(cell(c.get("type").asText()))
          .append(" | ")
          .append(cell(c.path("description").asText("")))
          .append(" |\n");
    }
    b.append('\n');
  }

  private static String codes(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add("`" + n.asText() + "`"));
    return String.join(", ", out);
  }

  /** A table cell: pipes escaped, one line. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ").strip();
  }

  /** The definitions' own headings become one level deeper, under "Business definitions". */
  private static String demote(String markdown) {
    return markdown.replaceAll("(?m)^(#{2,5}) ", "#$1 ");
  }

  private static String stripComment(String markdown) {
    return markdown.replaceFirst("(?s)^\\s*<!--.*?-->\\s*", "");
  }

  private static String anchor(String heading) {
    return heading
        .toLowerCase(java.util.Locale.ROOT)
        .replaceAll("[^a-z0-9 _-]", "")
        .replace(' ', '-');
  }

  private static String tableName(Path p) {
    String f = p.getFileName().toString();
    return f.substring(0, f.length() - ".json".length());
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
