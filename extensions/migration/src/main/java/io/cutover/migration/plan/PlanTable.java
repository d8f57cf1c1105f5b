package io.cutover.migration.plan;

import io.cutover.shell.spi.Quoting;
import java.util.List;

/**
 * The table a plan migrates, which names the plan and every record the runbook keeps of it: two
 * plans (two tables to normalize in one database) never share a step, a checkpoint or a migration.
 *
 * @param schema the table's schema, as the catalog spells it
 * @param name the table's name, as the catalog spells it
 */
public record PlanTable(String schema, String name) {

  /**
   * The key of the plan's records in schema cutover, and the value of the session variable that
   * selects it: the name always quoted, so no two tables share one ({@code a.b}.{@code c} and
   * {@code a}.{@code b.c}).
   */
  public String key() {
    return Quoting.qualified(schema, name);
  }

  /**
   * An advisory lock key for one purpose on this plan's table: two plans' backfills run side by
   * side, while one plan's runs once at a time.
   */
  public long lockKey(long purpose) {
    return Long.parseUnsignedLong(Names.sha256(purpose + "\0" + key()).substring(0, 16), 16);
  }

  /**
   * Whether {@code typed} names this table as SQL would ({@code events}, {@code public.Events},
   * {@code "Tenant".hb}: bare names folded to lower case, quoted ones exact), as {@code \d} reads it.
   */
  public boolean isNamedBy(String typed) {
    List<String> parts = Quoting.parseName(typed);
    return parts.equals(List.of(name)) || parts.equals(List.of(schema, name));
  }

  @Override
  public String toString() {
    // As quote_ident writes it, so "a.b".c and a."b.c" read apart in every message, and paste into \plan use.
    return shown(schema) + "." + shown(name);
  }

  private static String shown(String part) {
    return Quoting.needsQuotes(part) ? Quoting.identifier(part) : part;
  }
}
