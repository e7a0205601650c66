package io.omnitouch.generate;

import io.omnitouch.generate.InputTree.Row;
import io.omnitouch.schema.ColumnSpec;
import io.omnitouch.schema.Schemas;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The row-level rules of inputs.md, read from the declared schemas ({@code schemas/inputs/*.json},
 * {@code schemas/reference/*.json}): required and conditionally required columns, enums, patterns,
 * ranges, and the formats of int, double, money, timestamp, date and phone values.
 */
final class ContractValidator {
  private static final Pattern MONEY = Pattern.compile("[0-9]+(\\.[0-9]{1,2})?");
  private static final Pattern PHONE = Pattern.compile("(\\+?86)?1[3-9][0-9]{9}");

  private ContractValidator() {}

  static List<String> columnNames(String schema) {
    return Schemas.inputColumns(schema).stream().map(ColumnSpec::name).toList();
  }

  /** The problems of one row, empty when it follows the contract. */
  static List<String> violations(Row row, List<ColumnSpec> columns) {
    List<String> out = new ArrayList<>();
    for (ColumnSpec c : columns) {
      String v = row.get(c.name());
      if (v == null) {
        if (c.requiredFor(row::get)) {
          out.add(c.name() + " is required");
        }
        continue;
      }
      if (!v.equals(v.trim())) {
        out.add(c.name() + " has surrounding whitespace");
      }
      if (c.allowed() != null && !c.allowed().contains(v)) {
        out.add(c.name() + " not in enum: " + v);
      }
      if (c.pattern() != null && !v.matches(c.pattern())) {
        out.add(c.name() + " does not match " + c.pattern() + ": " + v);
      }
      try {
        switch (c.type()) {
          case "int" -> check(out, c, Integer.parseInt(v));
          case "double" -> check(out, c, Double.parseDouble(v));
          case "money" -> {
            if (!MONEY.matcher(v).matches()) {
              out.add(c.name() + " is not money (>= 0, at most 2 decimals): " + v);
            }
          }
          case "timestamp" -> InputTree.instant(v);
          case "date" -> LocalDate.parse(v);
          case "phone" -> {
            if (!PHONE.matcher(v).matches()) {
              out.add(c.name() + " is not a mainland mobile number: " + v);
            }
          }
          case "string" -> {}
          default -> out.add("unknown declared type " + c.type());
        }
      } catch (RuntimeException e) {
        out.add(c.name() + " is not a valid " + c.type() + ": " + v);
      }
    }
    return out;
  }

  private static void check(List<String> out, ColumnSpec c, double value) {
    if (c.min() != null && value < c.min()) {
      out.add(c.name() + " below " + c.min() + ": " + value);
    }
    if (c.max() != null && value > c.max()) {
      out.add(c.name() + " above " + c.max() + ": " + value);
    }
  }
}
