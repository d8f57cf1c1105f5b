package io.cutover.migration.plan;

import io.cutover.shell.spi.Suggestions;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Compares a plan with the live database: the table, its key and every column exist and have
 * fitting types; each lookup table and FK column is either free or already has the shape the
 * expand migration gives it (so a re-run or a hand-made lookup is accepted).
 */
public final class PlanCatalogCheck {

  private static final Set<String> KEY_TYPES = Set.of("smallint", "integer", "bigint", "uuid", "text",
      "character varying");
  private static final Set<String> ID_TYPES = Set.of("bigint", "integer");

  /** What the check found besides problems: remarks to show ("lookup exists and matches"). */
  public record Report(TableShape table, List<String> remarks) {
  }

  private PlanCatalogCheck() {
  }

  public static Report check(Connection c, MigrationPlan plan) throws SQLException, InvalidPlanException {
    List<PlanProblem> problems = new ArrayList<>();
    List<String> remarks = new ArrayList<>();
    Optional<TableShape> found = TableShape.read(c, plan.schema(), plan.table());
    if (found.isEmpty()) {
      throw new InvalidPlanException(List.of(new PlanProblem("table",
          "no table \"" + plan.schema() + "." + plan.table() + "\" in database; check the name (case counts) and \"schema\"")));
    }
    TableShape t = found.get();
    Optional<TableShape.Column> key = column(t, plan.key(), "key", problems);
    key.ifPresent(k -> {
      if (!KEY_TYPES.contains(k.type().replaceAll("\\(.*\\)", ""))) {
        problems.add(new PlanProblem("key", "column \"" + k.name() + "\" is " + k.type()
            + "; a key must be an integer, uuid or text column to walk the table in key order"));
      } else if (!t.hasUniqueKey(List.of(k.name()))) {
        problems.add(new PlanProblem("key", "column \"" + k.name() + "\" has no primary key or unique index of its own;"
            + " batches walk the table by a unique key"));
      }
    });
    for (int i = 0; i < plan.dimensions().size(); i++) {
      Dimension d = plan.dimensions().get(i);
      String path = "dimensions[" + i + "]";
      column(t, d.column(), path + ".column", problems).ifPresent(col -> {
        if (!col.isString()) {
          problems.add(new PlanProblem(path + ".column", "column \"" + col.name() + "\" is " + col.type()
              + "; a dimension is a string column (text, varchar)"));
        }
      });
      for (int j = 0; j < d.scope().size(); j++) {
        column(t, d.scope().get(j), path + ".scope[" + j + "]", problems);
      }
      t.column(d.fk()).ifPresent(fk -> {
        if (!ID_TYPES.contains(fk.type())) {
          problems.add(new PlanProblem(path + ".fk", "column \"" + d.fk() + "\" already exists as " + fk.type()
              + "; the fk must be a new column or a bigint one"));
        } else {
          remarks.add("fk column " + d.fk() + " exists already");
        }
      });
      checkLookup(c, plan, d, path, t, problems, remarks);
    }
    plan.rawColumn().ifPresent(r -> column(t, r, "raw_column", problems));
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    return new Report(t, remarks);
  }

  private static void checkLookup(Connection c, MigrationPlan plan, Dimension d, String path, TableShape table,
                                  List<PlanProblem> problems, List<String> remarks) throws SQLException {
    Optional<TableShape> existing = TableShape.read(c, plan.schema(), d.lookup());
    if (existing.isEmpty()) {
      return;
    }
    TableShape l = existing.get();
    List<String> missing = new ArrayList<>();
    if (l.column("id").filter(col -> ID_TYPES.contains(col.type())).isEmpty()) {
      missing.add("an integer \"id\" column");
    }
    Optional<TableShape.Column> value = l.column(d.valueColumn());
    if (value.isEmpty() || !value.get().isString()) {
      missing.add("a string column \"" + d.valueColumn() + "\"");
    } else {
      table.column(d.column()).filter(src -> !src.typeWithCollation().equals(value.get().typeWithCollation()))
          .ifPresent(src -> missing.add("\"" + d.valueColumn() + "\" of the same type and collation as "
              + d.column() + " (" + src.typeWithCollation() + ", not " + value.get().typeWithCollation() + ")"));
    }
    d.scope().stream().filter(s -> l.column(s).isEmpty()).forEach(s -> missing.add("the scope column \"" + s + "\""));
    List<String> unique = new ArrayList<>(d.scope());
    unique.add(d.valueColumn());
    if (!l.hasUniqueKey(unique)) {
      missing.add("a unique key on (" + String.join(", ", unique) + ")");
    }
    if (missing.isEmpty()) {
      remarks.add("lookup table " + d.lookup() + " exists and matches");
    } else {
      problems.add(new PlanProblem(path + ".lookup", "table \"" + d.lookup() + "\" exists but does not match: it needs "
          + String.join(", ", missing) + "; choose another name or fix the table"));
    }
  }

  private static Optional<TableShape.Column> column(TableShape t, String name, String path, List<PlanProblem> problems) {
    Optional<TableShape.Column> c = t.column(name);
    if (c.isEmpty()) {
      String hint = Suggestions.closest(name, t.columns().keySet()).map(s -> "; did you mean \"" + s + "\"?").orElse("");
      problems.add(new PlanProblem(path, "no column \"" + name + "\" in " + t.name() + hint));
    }
    return c;
  }
}
