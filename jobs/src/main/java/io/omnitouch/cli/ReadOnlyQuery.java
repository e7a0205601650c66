package io.omnitouch.cli;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.UnresolvedRelation;
import org.apache.spark.sql.catalyst.expressions.CallMethodViaReflection;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.SubqueryExpression;
import org.apache.spark.sql.catalyst.parser.ParseException;
import org.apache.spark.sql.catalyst.plans.logical.Command;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.apache.spark.sql.catalyst.plans.logical.ParsedStatement;
import scala.collection.JavaConverters;

/**
 * Decides whether a SQL text is a query, with Spark's own parser: a statement whose plan holds a
 * command (SET, CREATE, DROP, CACHE, SHOW, DESCRIBE, EXPLAIN...) or a parsed write statement
 * (INSERT, including a multi-insert hidden under a union; UPDATE, DELETE, MERGE; Delta's VACUUM,
 * OPTIMIZE, RESTORE...) is refused, and so is a query that reads a table by path or qualified name
 * ({@code delta.`/x`}, {@code parquet.`/x`}, {@code db.t}): only the names {@code sql} registers
 * are readable, so no query reaches a file, the audit table's included, except through a view. A
 * query that calls Java methods by reflection ({@code reflect}, {@code java_method}), which could
 * do anything, is refused after analysis.
 */
final class ReadOnlyQuery {
  /**
   * Statements of Delta's parser extension that are neither commands nor parsed statements until
   * analysed: those of Delta's own package (DESCRIBE HISTORY, DESCRIBE DETAIL...) and those Delta
   * declares in Spark's logical-plan package (delta-spark 3.3).
   */
  private static final String DELTA_PACKAGE = "org.apache.spark.sql.delta.";

  private static final Set<String> DELTA_STATEMENTS =
      Set.of(
          "RestoreTableStatement",
          "CloneTableStatement",
          "AlterTableAddConstraint",
          "AlterTableDropConstraint",
          "AlterTableDropFeature",
          "AlterColumnSyncIdentity",
          "SyncIdentity",
          "DeltaDelete",
          "DeltaUpdateTable",
          "DeltaMergeInto");

  private ReadOnlyQuery() {}

  /** Thrown for a statement that is not a read-only query; the message says why. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /**
   * Parses {@code sql}; throws {@link Refused} unless it is a query, {@link ParseException} if
   * invalid. Returns the (lower-case) table names the query reads, its own CTE names included.
   */
  static Set<String> checkStatement(SparkSession spark, String sql) throws ParseException {
    LogicalPlan plan = spark.sessionState().sqlParser().parsePlan(sql);
    Set<String> tables = new LinkedHashSet<>();
    for (LogicalPlan node : nodes(plan)) {
      if (node instanceof Command || node instanceof ParsedStatement || isDeltaStatement(node)) {
        throw new Refused(
            "only queries (SELECT, WITH, VALUES, TABLE) are allowed; this statement is a "
                + describe(plan)
                + " and was not run: the sql command never changes the warehouse or the session");
      }
      if (node instanceof UnresolvedRelation r && r.multipartIdentifier().size() > 1) {
        throw new Refused(
            "only the registered table names can be read (SHOW TABLES lists them); "
                + r.tableName()
                + " is a path-based or qualified table and was not read");
      }
      if (node instanceof UnresolvedRelation r) {
        tables.add(r.tableName().toLowerCase(Locale.ROOT));
      }
    }
    return tables;
  }

  private static boolean isDeltaStatement(LogicalPlan node) {
    Class<?> c = node.getClass();
    return c.getName().startsWith(DELTA_PACKAGE) || DELTA_STATEMENTS.contains(c.getSimpleName());
  }

  /** Refuses an analysed query that calls Java methods by reflection. */
  static void checkAnalysed(LogicalPlan analysed) {
    for (LogicalPlan node : nodes(analysed)) {
      for (Expression e : JavaConverters.seqAsJavaList(node.expressions())) {
        Deque<Expression> todo = new ArrayDeque<>();
        todo.push(e);
        while (!todo.isEmpty()) {
          Expression x = todo.pop();
          if (x instanceof CallMethodViaReflection) {
            throw new Refused("reflect/java_method calls Java code and is not allowed in sql");
          }
          todo.addAll(JavaConverters.seqAsJavaList(x.children()));
        }
      }
    }
  }

  /** Every plan node, subqueries in expressions included. */
  private static Iterable<LogicalPlan> nodes(LogicalPlan root) {
    java.util.List<LogicalPlan> out = new java.util.ArrayList<>();
    Deque<LogicalPlan> todo = new ArrayDeque<>();
    todo.push(root);
    while (!todo.isEmpty()) {
      LogicalPlan p = todo.pop();
      out.add(p);
      todo.addAll(JavaConverters.seqAsJavaList(p.children()));
      // The definitions of a WITH clause are inner children, not children.
      for (Object inner : JavaConverters.seqAsJavaList(p.innerChildren())) {
        if (inner instanceof LogicalPlan q) {
          todo.push(q);
        }
      }
      for (Expression e : JavaConverters.seqAsJavaList(p.expressions())) {
        Deque<Expression> exprs = new ArrayDeque<>();
        exprs.push(e);
        while (!exprs.isEmpty()) {
          Expression x = exprs.pop();
          if (x instanceof SubqueryExpression s) {
            todo.push(s.plan());
          }
          exprs.addAll(JavaConverters.seqAsJavaList(x.children()));
        }
      }
    }
    return out;
  }

  private static String describe(LogicalPlan plan) {
    String name = plan.getClass().getSimpleName();
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
