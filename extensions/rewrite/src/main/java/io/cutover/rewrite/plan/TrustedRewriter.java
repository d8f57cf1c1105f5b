package io.cutover.rewrite.plan;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.lineage.QueryRewriter;
import io.cutover.rewrite.lineage.TableColumns;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import io.cutover.shell.spi.SqlScript;
import io.cutover.shell.spi.Variables;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * The rewriter for the dimensions whose data is verified now (or all of them, forced). The
 * rewriter and its cache live as long as the plan and the set of trusted dimensions stay the same.
 */
public final class TrustedRewriter {

  private static final Map<String, Cached> REWRITERS = new ConcurrentHashMap<>();

  /** A rewriter reads the catalog and lookup ids through the pool it was made with: a new pool, a new rewriter. */
  private record Cached(DataSource pool, QueryRewriter rewriter, CatalogColumns catalog) {
  }

  /**
   * Bind: the table's name quoted, the table qualified. Whether the name alone finds the table, and
   * whether string literals are standard (backslash an ordinary character), as the rewrite reads them.
   */
  private static final String SESSION = """
      SELECT coalesce(to_regclass(?) = to_regclass(?), false), current_setting('standard_conforming_strings') = 'on'
      """;

  /** Why a session with standard_conforming_strings off is answered with its query as typed. */
  static final String NONSTANDARD_STRINGS = "standard_conforming_strings is off in this session: its string literals"
      + " read a backslash as an escape, which the rewrite would read differently (another value, or text that runs"
      + " as SQL); SET standard_conforming_strings = on to rewrite";

  private final RewritePlan plan;
  private final Readiness readiness;
  private final boolean forced;
  private final QueryRewriter rewriter;
  private final CatalogColumns catalog;

  private TrustedRewriter(RewritePlan plan, Readiness readiness, boolean forced, Cached cached) {
    this.plan = plan;
    this.readiness = readiness;
    this.forced = forced;
    this.rewriter = cached.rewriter();
    this.catalog = cached.catalog();
  }

  /**
   * Reads the session's plan ({@code variables} name it) and its verification state (small queries
   * on a pooled connection).
   */
  public static TrustedRewriter open(DataSource pool, Variables variables, boolean force)
      throws SQLException, CommandException {
    try (Connection c = pool.getConnection()) {
      RewritePlan plan = RewritePlan.load(c, variables);
      Readiness readiness = Readiness.read(c, plan);
      if (force) {
        refuseUnmigrated(plan, readiness, new CatalogColumns(pool).on(c));
      }
      Set<String> trusted = new HashSet<>();
      for (DimensionColumn d : plan.dimensions()) {
        if (force || readiness.isTrusted(d.column())) {
          trusted.add(d.column());
        }
      }
      String key = c.getMetaData().getURL() + "#" + plan.id() + "#" + new java.util.TreeSet<>(trusted);
      Cached rewriter = REWRITERS.compute(key, (k, cached) -> cached != null && cached.pool() == pool ? cached
          : new Cached(pool, new QueryRewriter(plan, trusted, new LookupRowIds(pool)), new CatalogColumns(pool)));
      return new TrustedRewriter(plan, readiness, force, rewriter);
    }
  }

  /**
   * --force trusts FKs that are not verified, never FKs that do not exist: before {@code \migrate}
   * the rewrite would read a column that is not there, or ids where names belong.
   */
  private static void refuseUnmigrated(RewritePlan plan, Readiness readiness, TableColumns catalog)
      throws CommandException {
    List<String> table = catalog.of(List.of(plan.schema(), plan.table())).orElse(List.of());
    List<String> missing = new ArrayList<>();
    for (DimensionColumn d : plan.dimensions()) {
      if (readiness.isTrusted(d.column())) {
        continue;
      }
      List<String> lookup = catalog.of(List.of(d.lookupSchema(), d.lookup())).orElse(List.of());
      if (!table.contains(d.fk()) || !lookup.contains("id") || !lookup.contains(d.valueColumn())) {
        missing.add(d.column());
      }
    }
    if (!missing.isEmpty()) {
      throw new CommandException("--force cannot rewrite " + String.join(", ", missing) + " of " + plan.table()
          + ": the FK column or the lookup table does not exist yet",
          "Run \\migrate first; --force only skips the exact check of the FKs' values.");
    }
  }

  /**
   * Rewrites {@code sql} as {@code session} would read it: its search_path decides whether the
   * plan's table name unqualified is the plan's table and which table each other name is (its temp
   * tables too), and a session whose string literals are not standard is not rewritten (small
   * queries on the catalog, no lock).
   */
  public Rewrite rewrite(String sql, Connection session) throws SQLException {
    try (PreparedStatement ps = session.prepareStatement(SESSION)) {
      ps.setString(1, Quoting.identifier(plan.table()));
      ps.setString(2, Quoting.qualified(plan.schema(), plan.table()));
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(2) ? rewriter.rewrite(sql, rs.getBoolean(1), catalog.on(session)) : new Rewrite.Unchanged(sql, NONSTANDARD_STRINGS);
      }
    }
  }

  /**
   * The warning for a query that names dimensions whose data is not verified (they are left as
   * strings), or null. Forced: the warning that results may differ.
   */
  public String warning(String sql) {
    Set<String> words = new HashSet<>();
    for (SqlScript.Token t : SqlScript.lex(sql)) {
      words.add(t.text(sql).toLowerCase(Locale.ROOT).replace("\"", ""));
    }
    List<String> named = new ArrayList<>();
    for (Map.Entry<String, String> e : readiness.untrusted().entrySet()) {
      if (words.contains(e.getKey())) {
        named.add(e.getKey() + ": " + e.getValue());
      }
    }
    if (named.isEmpty()) {
      return null;
    }
    String list = named.stream().collect(Collectors.joining("; "));
    return forced
        ? "rewriting unverified dimensions anyway (--force); results may differ. " + list
        : "not rewritten, their ids are not verified, results would differ: " + list
            + ". Add --force to rewrite them anyway.";
  }

  public RewritePlan plan() {
    return plan;
  }
}
