package io.cutover.migration.plan;

import io.cutover.migration.state.SqlValues;
import io.cutover.migration.state.Transactions;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.Suggestions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
    if (t.kind() == TableShape.PARTITIONED) {
      // Its FKs cannot be added NOT VALID (PostgreSQL refuses), so the expand step would stop halfway.
      throw new InvalidPlanException(List.of(new PlanProblem("table", "\"" + plan.schema() + "." + plan.table()
          + "\" is a partitioned table, which the expand step cannot migrate online (PostgreSQL adds no NOT VALID"
          + " foreign key to a partitioned table); plan one of its partitions, or a table that is not partitioned")));
    }
    String inheritors = SqlValues.one(c, String.class, CatalogSql.INHERITORS, t.oid());
    if (inheritors != null) {
      throw new InvalidPlanException(List.of(new PlanProblem("table", "\"" + plan.schema() + "." + plan.table()
          + "\" has inheritance children (" + inheritors + "): rows written straight into them skip its dual-write"
          + " trigger, yet reads of it return them, so the read cutover would miss them; detach them first"
          + " (ALTER TABLE child NO INHERIT parent), or plan each child on its own")));
    }
    Optional<TableShape.Column> key = column(t, plan.key(), "key", problems);
    key.ifPresent(k -> {
      if (!KEY_TYPES.contains(k.type().replaceAll("\\(.*\\)", ""))) {
        problems.add(new PlanProblem("key", "column \"" + k.name() + "\" is " + k.type()
            + "; a key must be an integer, uuid or text column to walk the table in key order"));
      } else if (!t.hasUniqueKey(List.of(k.name()))) {
        problems.add(new PlanProblem("key", "column \"" + k.name() + "\" has no primary key or unique index of its own;"
            + " batches walk the table by a unique key"));
      } else if (!k.notNull()) {
        problems.add(new PlanProblem("key", "column \"" + k.name() + "\" may be NULL (a unique index allows many"
            + " NULLs), and rows with a NULL key are never reached by a walk in key order; use the primary key, or"
            + " make the column NOT NULL (ALTER TABLE ... ADD CONSTRAINT ... CHECK (" + k.name()
            + " IS NOT NULL) NOT VALID, VALIDATE CONSTRAINT, then SET NOT NULL)"));
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
        // One lookup row per equal value would keep one spelling of each and lose the others.
        col.caseInsensitivity().ifPresent(why -> problems.add(new PlanProblem(path + ".column", "column \"" + col.name()
            + "\" cannot move to a lookup table without losing spellings: " + why + ", so 'Ruby', 'ruby' and 'RUBY'"
            + " would become one lookup row; leave this column out of the plan")));
      });
      for (int j = 0; j < d.scope().size(); j++) {
        column(t, d.scope().get(j), path + ".scope[" + j + "]", problems);
      }
      Optional<TableShape.Column> fk = t.column(d.fk());
      if (fk.isPresent()) {
        checkExistingFk(c, plan, d, path, t, fk.get(), problems, remarks);
      }
      checkLookup(c, plan, d, path, t, problems, remarks);
    }
    plan.rawColumn().ifPresent(r -> column(t, r, "raw_column", problems));
    if (!problems.isEmpty()) {
      throw new InvalidPlanException(problems);
    }
    return new Report(t, remarks);
  }

  /**
   * An FK column that exists already is the one an earlier expand step made (an FK to the lookup,
   * or no value yet); any other column would have its values overwritten by the backfill.
   */
  private static void checkExistingFk(Connection c, MigrationPlan plan, Dimension d, String path, TableShape t,
                                      TableShape.Column fk, List<PlanProblem> problems, List<String> remarks)
      throws SQLException {
    if (!ID_TYPES.contains(fk.type())) {
      problems.add(new PlanProblem(path + ".fk", "column \"" + d.fk() + "\" already exists as " + fk.type()
          + "; the fk must be a new column or a bigint one"));
      return;
    }
    Optional<TableShape> lookup = TableShape.read(c, plan.schema(), d.lookup());
    if (lookup.isPresent() && referencesLookup(c, t, d.fk(), lookup.get())) {
      remarks.add("fk column " + d.fk() + " exists already, with its FK to " + d.lookup());
      return;
    }
    if (SqlValues.one(c, Boolean.class, CatalogSql.anyValue(Quoting.qualified(plan.schema(), plan.table()),
        Quoting.identifier(d.fk())))) {
      problems.add(new PlanProblem(path + ".fk", "column \"" + d.fk() + "\" exists already and holds values that are"
          + " not ids of " + d.lookup() + " (it has no FK to it): the backfill would overwrite them; choose a new"
          + " column name for \"fk\""));
    } else {
      remarks.add("fk column " + d.fk() + " exists already, empty");
    }
  }

  private static List<String> interference(Connection c, TableShape lookup) throws SQLException {
    List<String> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(CatalogSql.LOOKUP_INTERFERENCE)) {
      for (int i = 1; i <= 3; i++) {
        ps.setLong(i, lookup.oid());
      }
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getString(1));
        }
      }
    }
    return out;
  }

  private static boolean hasDigestKey(Connection c, TableShape lookup, Dimension d) throws SQLException {
    return SqlValues.one(c, Boolean.class, CatalogSql.DIGEST_KEY, lookup.oid(), c.createArrayOf("text", d.scope().toArray()),
        d.valueColumn());
  }

  private static boolean referencesLookup(Connection c, TableShape t, String fk, TableShape lookup) throws SQLException {
    return SqlValues.one(c, Boolean.class, CatalogSql.FK_TO_LOOKUP, t.oid(), fk, lookup.oid());
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
    boolean digestKey = hasDigestKey(c, l, d);
    if (!l.hasUniqueKey(unique) && !digestKey) {
      missing.add("a unique key on (" + String.join(", ", unique) + ")");
    } else if (!digestKey && new ActivePlan(plan, table).keysByDigest(d)) {
      remarks.add("lookup table " + d.lookup() + " is unique on its values themselves: a value of " + d.column()
          + " past about 2.7 kB cannot enter it (the expand step now keys such lookups by a digest of the value)");
    }
    List<String> interference = interference(c, l);
    if (missing.isEmpty() && !interference.isEmpty()) {
      problems.add(new PlanProblem(path + ".lookup", "table \"" + d.lookup() + "\" exists, with " + String.join(", ",
          interference) + ": it could refuse or change a value the dual-write trigger inserts (an application INSERT"
          + " would fail, or a row get the id of another spelling); drop them, or choose another lookup name"));
    } else if (missing.isEmpty()) {
      Optional<String> refused = probeInsert(c, plan, d);
      if (refused.isPresent()) {
        problems.add(new PlanProblem(path + ".lookup", "table \"" + d.lookup() + "\" exists, but a new value cannot be"
            + " inserted into it as the dual-write trigger does (" + refused.get() + "): with dual-write on, every"
            + " application INSERT of a new value would fail; fix the table (a default for each other NOT NULL column,"
            + " an identity or default on \"id\", a unique key that is not DEFERRABLE) or choose another lookup name"));
      } else {
        remarks.add("lookup table " + d.lookup() + " exists and matches");
      }
    } else {
      problems.add(new PlanProblem(path + ".lookup", "table \"" + d.lookup() + "\" exists but does not match: it needs "
          + String.join(", ", missing) + "; choose another name or fix the table"));
    }
  }

  /**
   * Proves that the dual-write trigger's INSERT of a new value works on an existing lookup, by
   * doing it, twice (the second must meet ON CONFLICT DO NOTHING, which a DEFERRABLE unique key
   * does not serve), in a transaction rolled back, under a short lock_timeout. The scope values
   * come from a row of the table. Returns why it failed, or empty.
   */
  private static Optional<String> probeInsert(Connection c, MigrationPlan plan, Dimension d) throws SQLException {
    List<String> columns = new ArrayList<>();
    List<String> values = new ArrayList<>();
    for (String scope : d.scope()) {
      columns.add(Quoting.identifier(scope));
      values.add("t." + Quoting.identifier(scope));
    }
    columns.add(Quoting.identifier(d.valueColumn()));
    values.add("?");
    String insert = "INSERT INTO " + Quoting.qualified(plan.schema(), d.lookup()) + " (" + String.join(", ", columns)
        + ") SELECT " + String.join(", ", values) + (d.isScoped()
            ? " FROM (SELECT * FROM " + Quoting.qualified(plan.schema(), plan.table()) + " LIMIT 1) t" : "")
        + " ON CONFLICT DO NOTHING";
    // A short value: it must fit a varchar(n) too, and meet no existing row's.
    String probe = java.util.concurrent.ThreadLocalRandom.current().ints(6, 'a', 'z' + 1)
        .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    try {
      return Transactions.rolledBack(c, () -> {
        Transactions.setLocal(c, "lock_timeout", "2s");
        for (int i = 0; i < 2; i++) {
          try (PreparedStatement ps = c.prepareStatement(insert)) {
            ps.setString(1, probe);
            ps.executeUpdate();
          }
        }
        return Optional.<String>empty();
      });
    } catch (SQLException e) {
      if ("25006".equals(e.getSQLState())) {
        throw e; // A read-only session: nothing to learn about the table, and the command says what to do.
      }
      if ("55P03".equals(e.getSQLState())) {
        return Optional.of("another session held it for 2 s, so it could not be tried; run \\plan again");
      }
      return Optional.of(e.getMessage().replaceFirst("^ERROR: ", "").lines().findFirst().orElse(""));
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
