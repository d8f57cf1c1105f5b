package io.cutover.rewrite.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The nodes of a query's plan, in EXPLAIN's order (depth first), as {@code EXPLAIN (FORMAT JSON)} gives them. */
record PlanNodes(List<Node> nodes) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param type as EXPLAIN's text names it (HashAggregate, not Aggregate with a strategy)
   * @param relation the table a scan reads
   * @param index the index a scan reads
   */
  record Node(String type, Optional<String> relation, Optional<String> index) {

    /** "Index Scan using idx on heartbeats", as EXPLAIN's text writes a node. */
    String describe() {
      return type + index.map(i -> " using " + i).orElse("") + relation.map(r -> " on " + r).orElse("");
    }
  }

  static PlanNodes explain(Connection c, String sql) throws SQLException {
    String json = QueryRun.of(c, "EXPLAIN (COSTS false, FORMAT JSON) " + sql).rows().get(0).get(0);
    try {
      return parse(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new SQLException("EXPLAIN gave no plan to read: " + e.getOriginalMessage(), e);
    }
  }

  /** {@code EXPLAIN (FORMAT JSON)}'s output. */
  static PlanNodes parse(String json) throws com.fasterxml.jackson.core.JsonProcessingException {
    List<Node> nodes = new ArrayList<>();
    walk(JSON.readTree(json).path(0).path("Plan"), nodes);
    return new PlanNodes(List.copyOf(nodes));
  }

  private static void walk(JsonNode plan, List<Node> out) {
    String type = plan.path("Node Type").asText();
    if (type.equals("Aggregate")) {
      type = switch (plan.path("Strategy").asText()) {
        case "Hashed" -> "HashAggregate";
        case "Sorted" -> "GroupAggregate";
        case "Mixed" -> "MixedAggregate";
        default -> type;
      };
    }
    out.add(new Node(type, text(plan, "Relation Name"), text(plan, "Index Name")));
    plan.path("Plans").forEach(child -> walk(child, out));
  }

  private static Optional<String> text(JsonNode plan, String field) {
    return plan.hasNonNull(field) ? Optional.of(plan.get(field).asText()) : Optional.empty();
  }

  /** The indexes read, by name. */
  List<String> indexes() {
    return nodes.stream().flatMap(n -> n.index().stream()).distinct().toList();
  }

  /** The node types, in order: what a plan change compares. */
  List<String> types() {
    return nodes.stream().map(Node::type).toList();
  }

  /** The nodes that read {@code relation} or one of {@code indexes}. */
  List<Node> reading(String relation, List<String> indexes) {
    return nodes.stream().filter(n -> n.relation().equals(Optional.of(relation))
        || n.index().filter(indexes::contains).isPresent()).distinct().toList();
  }
}
