package io.cutover.migration.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cutover.shell.spi.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a plan document, collecting every problem with its JSON path before failing, so one
 * run of {@code \plan} shows all that is wrong. Shape only: {@link PlanCatalogCheck} compares
 * the plan with the live database.
 */
public final class PlanReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Set<String> PLAN_FIELDS = Set.of("schema", "table", "key", "dimensions", "raw_column", "flags",
      "migrations");
  private static final Set<String> DIMENSION_FIELDS = Set.of("column", "lookup", "fk", "value_column", "scope");
  private static final Set<String> FLAG_FIELDS = Set.of("dual_write", "skip_raw");

  private final List<PlanProblem> problems = new ArrayList<>();

  private PlanReader() {
  }

  public static MigrationPlan read(String json) throws InvalidPlanException {
    return new PlanReader().readPlan(json);
  }

  /** The plan as a JSON document, as {@code \plan} stores and shows it. */
  public static String write(MigrationPlan plan) {
    ObjectNode root = MAPPER.createObjectNode();
    if (!plan.schema().equals(MigrationPlan.DEFAULT_SCHEMA)) {
      root.put("schema", plan.schema());
    }
    root.put("table", plan.table());
    root.put("key", plan.key());
    ArrayNode dims = root.putArray("dimensions");
    for (Dimension d : plan.dimensions()) {
      ObjectNode o = dims.addObject();
      o.put("column", d.column());
      o.put("lookup", d.lookup());
      o.put("fk", d.fk());
      if (!d.valueColumn().equals(Dimension.DEFAULT_VALUE_COLUMN)) {
        o.put("value_column", d.valueColumn());
      }
      if (d.isScoped()) {
        ArrayNode scope = o.putArray("scope");
        d.scope().forEach(scope::add);
      }
    }
    plan.rawColumn().ifPresent(r -> root.put("raw_column", r));
    plan.migrations().ifPresent(m -> root.put("migrations", m));
    if (plan.flags().dualWrite().isPresent() || plan.flags().skipRaw().isPresent()) {
      ObjectNode flags = root.putObject("flags");
      plan.flags().dualWrite().ifPresent(f -> flags.put("dual_write", f));
      plan.flags().skipRaw().ifPresent(f -> flags.put("skip_raw", f));
    }
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private MigrationPlan readPlan(String json) throws InvalidPlanException {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      var loc = e.getLocation();
      throw new InvalidPlanException(List.of(new PlanProblem("", "not valid JSON"
          + (loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr()) + ": "
          + e.getOriginalMessage())));
    }
    if (root == null || !root.isObject()) {
      throw new InvalidPlanException(List.of(new PlanProblem("", "a plan is a JSON object with \"table\", \"key\" and \"dimensions\"")));
    }
    unknownFields(root, "", PLAN_FIELDS);
    String schema = optionalName(root, "schema", "").orElse(MigrationPlan.DEFAULT_SCHEMA);
    String table = requiredName(root, "table", "");
    String key = optionalName(root, "key", "").orElse("id");
    List<Dimension> dimensions = dimensions(root.get("dimensions"));
    Optional<String> raw = optionalName(root, "raw_column", "");
    MigrationPlan.Flags flags = flags(root.get("flags"));
    Optional<String> migrations = directory(root.get("migrations"));
    duplicates(dimensions, key);
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    return new MigrationPlan(schema, table, key, dimensions, raw, flags, migrations);
  }

  private List<Dimension> dimensions(JsonNode node) {
    List<Dimension> out = new ArrayList<>();
    if (node == null) {
      problems.add(new PlanProblem("dimensions", "missing: list the columns to move, e.g. "
          + "[{\"column\": \"language\", \"lookup\": \"heartbeat_languages\", \"fk\": \"language_id\"}]"));
      return out;
    }
    if (!node.isArray() || node.isEmpty()) {
      problems.add(new PlanProblem("dimensions", "expected a non-empty array of dimensions"));
      return out;
    }
    for (int i = 0; i < node.size(); i++) {
      String path = "dimensions[" + i + "]";
      JsonNode d = node.get(i);
      if (!d.isObject()) {
        problems.add(new PlanProblem(path, "expected an object with \"column\", \"lookup\" and \"fk\""));
        continue;
      }
      unknownFields(d, path + ".", DIMENSION_FIELDS);
      String column = requiredName(d, "column", path + ".");
      String lookup = requiredName(d, "lookup", path + ".");
      String fk = requiredName(d, "fk", path + ".");
      String value = optionalName(d, "value_column", path + ".").orElse(Dimension.DEFAULT_VALUE_COLUMN);
      List<String> scope = new ArrayList<>();
      JsonNode s = d.get("scope");
      if (s != null && !s.isNull()) {
        if (!s.isArray()) {
          problems.add(new PlanProblem(path + ".scope", "expected an array of column names, e.g. [\"user_id\"]"));
        } else {
          for (int j = 0; j < s.size(); j++) {
            String sp = path + ".scope[" + j + "]";
            if (!s.get(j).isTextual()) {
              problems.add(new PlanProblem(sp, "expected a column name (a string), got " + kind(s.get(j))));
            } else {
              Names.problem(s.get(j).asText()).ifPresent(p -> problems.add(new PlanProblem(sp, p)));
              scope.add(s.get(j).asText());
            }
          }
        }
      }
      if (column != null && lookup != null && fk != null) {
        out.add(new Dimension(column, lookup, fk, value, scope));
      }
    }
    return out;
  }

  private MigrationPlan.Flags flags(JsonNode node) {
    if (node == null || node.isNull()) {
      return MigrationPlan.Flags.none();
    }
    if (!node.isObject()) {
      problems.add(new PlanProblem("flags", "expected an object such as {\"dual_write\": \"...\", \"skip_raw\": \"...\"}"));
      return MigrationPlan.Flags.none();
    }
    unknownFields(node, "flags.", FLAG_FIELDS);
    return new MigrationPlan.Flags(optionalName(node, "dual_write", "flags."), optionalName(node, "skip_raw", "flags."));
  }

  private Optional<String> directory(JsonNode node) {
    if (node == null || node.isNull()) {
      return Optional.empty();
    }
    if (!node.isTextual() || node.asText().isBlank()) {
      problems.add(new PlanProblem("migrations", "expected a directory (a string), relative to the plan file, e.g."
          + " \"migrations/heartbeats\""));
      return Optional.empty();
    }
    return Optional.of(node.asText());
  }

  private void duplicates(List<Dimension> dimensions, String key) {
    Map<String, Integer> columns = new HashMap<>();
    Map<String, Integer> lookups = new HashMap<>();
    Map<String, Integer> fks = new HashMap<>();
    for (int i = 0; i < dimensions.size(); i++) {
      Dimension d = dimensions.get(i);
      String path = "dimensions[" + i + "]";
      Integer c = columns.putIfAbsent(d.column(), i);
      if (c != null) {
        problems.add(new PlanProblem(path + ".column", "\"" + d.column() + "\" is already dimensions[" + c + "]"));
      }
      Integer l = lookups.putIfAbsent(d.lookup(), i);
      if (l != null) {
        problems.add(new PlanProblem(path + ".lookup", "\"" + d.lookup() + "\" is already the lookup of dimensions[" + l + "]"));
      }
      Integer f = fks.putIfAbsent(d.fk(), i);
      if (f != null) {
        problems.add(new PlanProblem(path + ".fk", "\"" + d.fk() + "\" is already the fk of dimensions[" + f + "]"));
      }
      if (d.fk().equals(d.column()) || d.fk().equals(key)) {
        problems.add(new PlanProblem(path + ".fk", "\"" + d.fk() + "\" must be a new column, not the dimension or the key"));
      }
      if (d.scope().contains(d.column())) {
        problems.add(new PlanProblem(path + ".scope", "a dimension cannot be scoped by itself"));
      }
    }
  }

  private void unknownFields(JsonNode node, String prefix, Set<String> known) {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!known.contains(f)) {
        String hint = Suggestions.closest(f, known).map(s -> "; did you mean \"" + s + "\"?")
            .orElse("; known fields: " + String.join(", ", known.stream().sorted().toList()));
        problems.add(new PlanProblem(prefix + f, "unknown field" + hint));
      }
    }
  }

  private String requiredName(JsonNode node, String field, String prefix) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      problems.add(new PlanProblem(prefix + field, "missing"));
      return null;
    }
    return name(v, prefix + field);
  }

  private Optional<String> optionalName(JsonNode node, String field, String prefix) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() ? Optional.empty() : Optional.ofNullable(name(v, prefix + field));
  }

  private String name(JsonNode v, String path) {
    if (!v.isTextual()) {
      problems.add(new PlanProblem(path, "expected a name (a string), got " + kind(v)));
      return null;
    }
    Optional<String> p = Names.problem(v.asText());
    if (p.isPresent()) {
      problems.add(new PlanProblem(path, p.get()));
      return null;
    }
    return v.asText();
  }

  private static String kind(JsonNode v) {
    return v.isNumber() ? "a number" : v.isBoolean() ? "a boolean" : v.isArray() ? "an array"
        : v.isObject() ? "an object" : "null";
  }
}
