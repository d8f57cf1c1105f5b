package io.cutover.rewrite.lineage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cutover.rewrite.Rewrite;
import io.cutover.rewrite.plan.DimensionColumn;
import io.cutover.rewrite.plan.RewritePlan;
import io.cutover.shell.spi.SqlScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rewriter's output pinned, with no database: the heartbeats plan from {@code plan.json}, the
 * catalog and the lookup ids from the in-memory fakes below, and a golden file per query of
 * {@code examples/heartbeats/queries.sql} (read now, so queries added there are pinned too) and
 * per case of issue 15. A rewrite that fails inside the engine fails here.
 *
 * <p>After a deliberate change of output, rewrite the goldens and review their diff:
 * {@code mvn -B -q -ntp -o verify -pl extensions/rewrite -am -Dtest=RewriteGoldenTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.update=true}
 */
class RewriteGoldenTest {

  private static final Path REPOSITORY = Path.of("../..").toAbsolutePath().normalize();
  private static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  /** The heartbeats example after \migrate: its columns, the FK twins, and the indexes V11 adds. */
  private static final Map<String, List<String>> HEARTBEATS_COLUMNS = Map.of(
      "heartbeats", List.of("id", "user_id", "time", "created_at", "updated_at", "deleted_at", "language", "category",
          "editor", "operating_system", "user_agent", "project", "branch", "machine", "entity", "type", "dependencies",
          "fields_hash", "ip_address", "is_write", "lineno", "lines", "cursorpos", "line_additions", "line_deletions",
          "project_root_count", "source_type", "ysws_program", "raw_data", "language_id", "category_id", "editor_id",
          "operating_system_id", "user_agent_id", "project_id", "branch_id", "machine_id"),
      "users", List.of("id", "timezone", "github_uid", "trust_level", "created_at", "updated_at"));
  private static final List<TableColumns.IndexLead> HEARTBEATS_INDEXES = Stream.concat(
      Stream.of("id", "user_id", "project", "category", "machine").map(c -> new TableColumns.IndexLead(c, false)),
      Stream.of(new TableColumns.IndexLead("fields_hash", true), new TableColumns.IndexLead("user_id", true),
          new TableColumns.IndexLead("language_id", false), new TableColumns.IndexLead("category_id", false),
          new TableColumns.IndexLead("editor_id", false), new TableColumns.IndexLead("operating_system_id", false),
          new TableColumns.IndexLead("user_agent_id", false), new TableColumns.IndexLead("project_id", false),
          new TableColumns.IndexLead("branch_id", false), new TableColumns.IndexLead("machine_id", false))).toList();
  /** Names with a lookup row; any other name has none yet, as a name no row has used. */
  private static final Map<String, Long> KNOWN_IDS = Map.of("Ruby", 1L, "Python", 2L, "VS Code", 3L, "Zed", 4L,
      "vim", 5L, "coding", 6L, "", 7L, "Vi\\m", 8L);

  /** A Prisma/EF-style table whose names hold quotes, semicolons, spaces and letters outside ASCII. */
  private static final String HOSTILE_PLAN = """
      {"table": "Heartbeat", "key": "id", "dimensions": [
        {"column": "languageName", "lookup": "LanguageLookup", "fk": "languageId"},
        {"column": "Editor;Name", "lookup": "editor \\"lookup\\"; drop", "fk": "x)q;CREATE TABLE pwned();--"},
        {"column": "Sprache ü 名前", "lookup": "Sprachen ü", "fk": "Sprache ü id", "value_column": "Wert \\"w\\""},
        {"column": "Project", "lookup": "Project Lookup", "fk": "projectId", "scope": ["userId"]}
      ]}
      """;
  private static final Map<String, List<String>> HOSTILE_COLUMNS = Map.of("Heartbeat", List.of("id", "userId",
      "languageName", "Editor;Name", "Sprache ü 名前", "Project", "Ärger", "languageId", "x)q;CREATE TABLE pwned();--",
      "Sprache ü id", "projectId"));

  /** Issue 15's cases, by golden name. */
  private static final Map<String, String> HEARTBEATS_CASES = Map.ofEntries(
      Map.entry("escape-string-literal", "SELECT editor, COUNT(*) FROM heartbeats WHERE user_id = 3 AND editor = E'Vi\\\\m'"
          + " GROUP BY editor"),
      Map.entry("escape-string-absent", "SELECT COUNT(*) FROM heartbeats WHERE editor = E'tab\\there'"),
      Map.entry("literal-with-newline", "SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 2 AND language <> 'a\nb'"
          + " GROUP BY language"),
      Map.entry("extract-hour", "SELECT EXTRACT(hour FROM to_timestamp(time)) AS h, language, COUNT(*) FROM heartbeats"
          + " WHERE user_id = 4 GROUP BY 1, 2 ORDER BY 1, 2"),
      Map.entry("filter-per-user-across-users", "SELECT id, user_id FROM heartbeats WHERE branch = '<<LAST_BRANCH>>'"
          + " ORDER BY id"),
      Map.entry("filter-latest-placeholder", "SELECT id, time FROM heartbeats WHERE project = '<<LAST_PROJECT>>'"
          + " AND branch = '<<LAST_BRANCH>>' ORDER BY time DESC, id DESC LIMIT 1"),
      Map.entry("filter-per-user-one-user", "SELECT id FROM heartbeats WHERE user_id = 4 AND branch LIKE '<<%'"),
      Map.entry("filter-per-user-user-range", "SELECT id FROM heartbeats WHERE user_id < 40 AND branch LIKE '<<%'"),
      Map.entry("filter-equality-user-fixed", "SELECT id FROM heartbeats WHERE user_id = 4 AND project = '<<LAST_PROJECT>>'"),
      Map.entry("filter-global-one-user", "SELECT language, COUNT(*) FROM heartbeats WHERE user_id = 25"
          + " AND language LIKE 'R%' GROUP BY language"),
      Map.entry("order-by-ordinal-distinct", "select distinct project, user_id from heartbeats order by 1, 2"),
      Map.entry("order-by-ordinal-distinct-limit", "select distinct language from heartbeats order by 1 desc limit 3"));

  private static final Map<String, String> HOSTILE_CASES = Map.ofEntries(
      Map.entry("hostile-group", "select \"languageName\", \"Editor;Name\", count(*) from \"Heartbeat\" group by 1, 2"),
      Map.entry("hostile-filter", "select count(*) from \"Heartbeat\" where \"Editor;Name\" in ('a;b', 'Emacs \"x\"')"),
      Map.entry("hostile-value-column", "select \"Sprache ü 名前\" as s, \"languageName\" from \"Heartbeat\""
          + " where \"userId\" = 2 order by \"id\""),
      Map.entry("hostile-per-user", "select \"Project\", count(*) from \"Heartbeat\" where \"userId\" = 3"
          + " group by \"Project\" order by 1"),
      Map.entry("hostile-unquoted-unicode", "select Ärger, \"languageName\" from \"Heartbeat\" where \"languageName\" = 'Go'"));

  static Stream<Arguments> cases() throws Exception {
    List<Arguments> out = new ArrayList<>();
    List<SqlScript.Statement> queries = SqlScript.split(Files.readString(REPOSITORY.resolve("examples/heartbeats/queries.sql")));
    for (int i = 0; i < queries.size(); i++) {
      out.add(Arguments.of(String.format(java.util.Locale.ROOT, "queries-%02d", i + 1), Fixture.HEARTBEATS, queries.get(i).sql()));
    }
    HEARTBEATS_CASES.forEach((name, sql) -> out.add(Arguments.of(name, Fixture.HEARTBEATS, sql)));
    HOSTILE_CASES.forEach((name, sql) -> out.add(Arguments.of(name, Fixture.HOSTILE, sql)));
    return out.stream().sorted((a, b) -> ((String) a.get()[0]).compareTo((String) b.get()[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rewriteIsAsPinned(String name, Fixture fixture, String sql) throws Exception {
    Rewrite r = fixture.rewriter().rewrite(sql, true, fixture.catalog());
    assertFalse(r instanceof Rewrite.Failed, name + ": " + r.reason());
    String actual = render(r);
    Path file = GOLDEN.resolve(name + ".sql");
    if (UPDATE) {
      Files.createDirectories(GOLDEN);
      Files.writeString(file, actual);
      return;
    }
    assertTrue(Files.exists(file), file + " is missing: run this test with -Dgolden.update=true and review it");
    assertEquals(Files.readString(file), actual, name);
  }

  /** A fault inside the engine (here a catalog that throws) is a failure, never a reason the query gave. */
  @Test
  void anInternalErrorIsReportedAsFailed() throws Exception {
    RewritePlan plan = RewritePlan.parse(1, Files.readString(REPOSITORY.resolve("examples/heartbeats/plan.json")));
    TableColumns broken = new TableColumns() {
      @Override
      public Optional<List<String>> of(List<String> qualifiedName) {
        throw new IllegalStateException("a defect");
      }

      @Override
      public List<IndexLead> indexes(List<String> qualifiedName) {
        return List.of();
      }
    };
    Rewrite r = new QueryRewriter(plan, Set.of("language"), (d, name) -> OptionalLong.empty())
        .rewrite("SELECT language, COUNT(*) FROM heartbeats GROUP BY language", true, broken);
    assertTrue(r instanceof Rewrite.Failed, r.toString());
    assertEquals("SELECT language, COUNT(*) FROM heartbeats GROUP BY language", r.sql());
    assertFalse(r.reason().contains("IllegalStateException"), r.reason());
  }

  private static String render(Rewrite r) {
    StringBuilder out = new StringBuilder("-- query\n").append(r.original().strip()).append('\n');
    if (!r.rewritten()) {
      return out.append("-- unchanged: ").append(r.reason()).append('\n').toString();
    }
    out.append("-- rewritten").append(r.ordered() ? " (orders every column)" : "").append('\n').append(r.sql()).append('\n');
    r.changes().forEach(c -> out.append("-- * ").append(c).append('\n'));
    return out.toString();
  }

  /** A plan with its fake catalog and lookups: each case gets a new rewriter, so no cache links them. */
  enum Fixture {
    HEARTBEATS, HOSTILE;

    private RewritePlan plan() throws Exception {
      return this == HEARTBEATS
          ? RewritePlan.parse(1, Files.readString(REPOSITORY.resolve("examples/heartbeats/plan.json")))
          : RewritePlan.parse(2, HOSTILE_PLAN);
    }

    QueryRewriter rewriter() throws Exception {
      RewritePlan plan = plan();
      Set<String> trusted = plan.dimensions().stream().map(DimensionColumn::column).collect(Collectors.toSet());
      LookupIds ids = (d, name) -> KNOWN_IDS.containsKey(name) ? OptionalLong.of(KNOWN_IDS.get(name) * 10
          + plan.dimensions().indexOf(d)) : OptionalLong.empty();
      return new QueryRewriter(plan, trusted, ids);
    }

    TableColumns catalog() throws Exception {
      RewritePlan plan = plan();
      Map<String, List<String>> columns = this == HEARTBEATS ? HEARTBEATS_COLUMNS : HOSTILE_COLUMNS;
      return new TableColumns() {
        @Override
        public Optional<List<String>> of(List<String> qualifiedName) {
          String table = qualifiedName.get(qualifiedName.size() - 1);
          List<String> known = columns.get(table);
          if (known != null) {
            return Optional.of(known);
          }
          return plan.dimensions().stream().filter(d -> d.lookup().equals(table)).findFirst()
              .map(d -> Stream.concat(Stream.of("id", d.valueColumn()), d.scope().stream()).toList());
        }

        @Override
        public List<IndexLead> indexes(List<String> qualifiedName) {
          if (!qualifiedName.get(qualifiedName.size() - 1).equals(plan.table())) {
            return List.of();
          }
          return Fixture.this == HEARTBEATS ? HEARTBEATS_INDEXES
              : plan.dimensions().stream().map(d -> new IndexLead(d.fk(), false)).toList();
        }
      };
    }
  }
}
