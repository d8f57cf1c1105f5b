package io.cutover.rewrite.compare;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.TableIndexes;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Why a rewrite is slower than its original, from both plans ({@code EXPLAIN}) and the table's
 * indexes and row layout, and what would make it as fast.
 *
 * @param cause the kind and the facts ("the original reads heartbeats through index ..., the rewrite by Seq Scan ...")
 */
public record Slowdown(Kind kind, String cause, String fix) {

  public enum Kind {
    /** The original read the table through an index that the rewrite (nor the index's FK twin) does not use. */
    LOST_INDEX_PATH("lost index path"),
    /** Same indexes, another way through them or another aggregation. */
    PLAN_CHANGE("plan change"),
    /** Same plan: the FK columns are stored far behind the strings, and each row read steps over the columns between. */
    COLUMN_POSITION("column position"),
    NOT_FOUND("cause not found");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One line: kind, facts, fix. */
  public String describe() {
    return kind.label() + ": " + cause + ". Fix: " + fix;
  }

  /**
   * @param layout the row layout's note ({@code RowLayout.note}), when the FKs are stored far behind the strings
   */
  public static Slowdown diagnose(Connection c, Rewrite r, TableIndexes indexes, Optional<String> layout)
      throws SQLException {
    return of(PlanNodes.explain(c, r.original()), PlanNodes.explain(c, r.sql()), indexes, layout);
  }

  /** The diagnosis from both plans, the table's indexes and its row layout's note (no database: tested alone). */
  static Slowdown of(PlanNodes original, PlanNodes rewritten, TableIndexes indexes, Optional<String> layout) {
    String table = indexes.plan().table();
    List<String> before = original.indexes().stream().filter(indexes::isOfTable).toList();
    List<String> after = rewritten.indexes().stream().filter(indexes::isOfTable).toList();
    String now = list(rewritten.reading(table, after));
    for (String index : before) {
      Optional<String> twin = indexes.twin(index);
      if (after.contains(index) || twin.filter(after::contains).isPresent()) {
        continue;
      }
      String cause = "the original reads " + table + " through index " + index + ", the rewrite by " + now;
      if (indexes.readsDimension(index) && twin.isEmpty()) {
        return new Slowdown(Kind.LOST_INDEX_PATH, cause, "the index's twin on the FK columns, CREATE INDEX CONCURRENTLY ON "
            + Quoting.qualified(indexes.plan().schema(), table) + " (" + indexes.twinColumns(index).stream()
            .map(column -> column == null ? "(its expression)" : Quoting.identifier(column)).collect(Collectors.joining(", "))
            + ") with " + index + "'s WHERE if it has one (\\migrate generate writes the twins of the indexes that read a"
            + " dimension)");
      }
      return new Slowdown(Kind.LOST_INDEX_PATH, cause, "a filter " + twin.orElse(index) + " can answer: the rewrite tests a"
          + " dimension on each row (or runs a subquery per row) where a test of the FK against the ids of the names would"
          + " keep the index path; \\rewrite shows the filter. Until the rewrite writes it so, leave this query on its strings");
    }
    // As sets of described nodes: a bitmap AND may list its two indexes in either order.
    Set<String> was = original.reading(table, before).stream().map(PlanNodes.Node::describe).collect(Collectors.toSet());
    Set<String> is = rewritten.reading(table, after).stream().map(n -> twinsAsOriginals(n, before, indexes).describe())
        .collect(Collectors.toSet());
    if (!was.equals(is)) {
      return new Slowdown(Kind.PLAN_CHANGE, "the original reads " + table + " by " + list(original.reading(table, before))
          + ", the rewrite by " + now, "\\compare --explain QUERY shows both plans; if the FK columns' statistics predate"
          + " the backfill, ANALYZE " + Quoting.qualified(indexes.plan().schema(), table) + " first");
    }
    List<String> aggregation = aggregation(original);
    if (!aggregation.equals(aggregation(rewritten))) {
      return new Slowdown(Kind.PLAN_CHANGE, "both read " + table + " by " + now + ", but the original groups by "
          + list(aggregation) + " and the rewrite by " + list(aggregation(rewritten)),
          "\\compare --explain QUERY shows both plans");
    }
    if (layout.isPresent()) {
      return new Slowdown(Kind.COLUMN_POSITION, "both read " + table + " by " + now + ", but each row read steps over the"
          + " columns between the strings and the FKs stored after them (the row layout note)",
          "\\rebuild, which moves the FK columns up ahead of the strings, online");
    }
    return new Slowdown(Kind.NOT_FOUND, "both read " + table + " by " + now + " and group alike; the time is in the"
        + " lookups' joins, or in the noise of a short query", "\\compare --runs 21 QUERY measures again, \\compare --explain"
        + " QUERY shows both plans");
  }

  /** A node read through an FK twin, named as it would be through the index it is the twin of. */
  private static PlanNodes.Node twinsAsOriginals(PlanNodes.Node node, List<String> originals, TableIndexes indexes) {
    for (String index : originals) {
      if (node.index().isPresent() && indexes.twin(index).equals(node.index())) {
        return new PlanNodes.Node(node.type(), node.relation(), Optional.of(index));
      }
    }
    return node;
  }

  private static List<String> aggregation(PlanNodes plan) {
    return plan.types().stream().filter(t -> t.endsWith("Aggregate") || t.endsWith("Sort") || t.equals("Unique")
        || t.equals("WindowAgg")).toList();
  }

  private static String list(List<?> nodes) {
    return nodes.isEmpty() ? "no node of its own"
        : nodes.stream().map(n -> n instanceof PlanNodes.Node node ? node.describe() : n.toString())
            .collect(Collectors.joining(", "));
  }
}
