package io.cutover.migration.partition;

import io.cutover.migration.plan.PlanTable;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.Quoting;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A table partitioned by range on one time column, with its partitions as the catalog has them
 * now: what {@code \partition maintain}, {@code retain} and {@code status} work on.
 *
 * @param period the span of its partitions, told from their bounds
 */
record PartitionedTable(long oid, PlanTable table, String column, TimeKind kind, List<Partition> partitions,
                        Optional<Period> period) {

  /**
   * A partition; {@code from} and {@code to} in epoch seconds, empty for MINVALUE and MAXVALUE.
   *
   * @param pending a DETACH ... CONCURRENTLY was interrupted: FINALIZE completes it
   */
  record Partition(PlanTable table, Optional<Long> from, Optional<Long> to, boolean pending, boolean isDefault,
                   long estimatedRows, String bound) {

    String qualified() {
      return table.key();
    }

    /** Bounds as people read them, in UTC. */
    String range() {
      if (isDefault) {
        return "DEFAULT";
      }
      return from.map(Period::shown).orElse("MINVALUE") + " .. " + to.map(Period::shown).orElse("MAXVALUE");
    }
  }

  /** The table {@code typed} names, as SQL reads the name; refused unless it is range-partitioned on one time column. */
  static PartitionedTable read(Connection c, String typed) throws SQLException, CommandException {
    String name = Named.regclassText(typed);
    try (PreparedStatement ps = c.prepareStatement(PartitionSql.TABLE)) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw new CommandException("no table " + typed + " (search_path: as SQL would find it)",
              "name it with its schema: \\partition maintain SCHEMA.TABLE");
        }
        PlanTable table = new PlanTable(rs.getString(2), rs.getString(3));
        if (!rs.getString(4).equals("p")) {
          throw new CommandException(table + " is not partitioned",
              "convert it first: \\partition " + table + " by COLUMN every day|week|month (maintain and retain work on"
                  + " a table partitioned by RANGE on a time column)");
        }
        if (!"r".equals(rs.getString(5)) || rs.getInt(6) != 1 || rs.getString(7) == null) {
          throw new CommandException(table + " is partitioned by " + describeKey(c, rs.getLong(1)) + ", not by RANGE on one column",
              "cutover maintains tables partitioned by RANGE (a time column)");
        }
        String column = rs.getString(7);
        String type = rs.getString(8);
        TimeKind kind = TimeKind.of(type).orElseThrow(() -> new CommandException(
            table + " is partitioned on " + Quoting.identifier(column) + ", " + type + ", which is not a time",
            "cutover maintains partitions of timestamptz, timestamp, date and epoch-second (integer or float8) columns"));
        List<Partition> partitions = partitions(c, rs.getLong(1), kind);
        return new PartitionedTable(rs.getLong(1), table, column, kind, partitions, periodOf(partitions));
      }
    }
  }

  private static String describeKey(Connection c, long oid) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.pg_get_partkeydef(?)")) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : "?";
      }
    }
  }

  private static List<Partition> partitions(Connection c, long oid, TimeKind kind) throws SQLException {
    List<Partition> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(
        String.format(Locale.ROOT, PartitionSql.PARTITIONS, kind.toEpoch("u.low"), kind.toEpoch("u.high")))) {
      ps.setLong(1, oid);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(new Partition(new PlanTable(rs.getString(1), rs.getString(2)), epoch(rs.getBigDecimal(6)),
              epoch(rs.getBigDecimal(7)), rs.getBoolean(3), rs.getBoolean(4), rs.getLong(5), rs.getString(8)));
        }
      }
    }
    return out;
  }

  /** A bound in whole seconds; a fractional one (a float key cut between seconds) is kept to its floor. */
  private static Optional<Long> epoch(java.math.BigDecimal value) {
    return Optional.ofNullable(value).map(v -> v.setScale(0, java.math.RoundingMode.FLOOR).longValueExact());
  }

  /** The period every bounded partition spans, if they agree: the newest decides, the others must match it. */
  private static Optional<Period> periodOf(List<Partition> partitions) {
    List<Partition> bounded = partitions.stream().filter(p -> p.from().isPresent() && p.to().isPresent()).toList();
    if (bounded.isEmpty()) {
      return Optional.empty();
    }
    Partition newest = bounded.get(bounded.size() - 1);
    return Period.ofSpan(newest.from().get(), newest.to().get())
        .filter(p -> bounded.stream().allMatch(b -> p.spans(b.from().get(), b.to().get())));
  }

  /** The end of the newest bounded partition: where premade partitions start. */
  Optional<Long> edge() {
    return partitions.stream().flatMap(p -> p.to().stream()).max(Long::compare);
  }

  /** The partition covering up to MAXVALUE, if one exists: new partitions past the edge would overlap it. */
  Optional<Partition> overflow() {
    return partitions.stream().filter(p -> !p.isDefault() && p.from().isPresent() && p.to().isEmpty()).findFirst();
  }

  Optional<Partition> defaultPartition() {
    return partitions.stream().filter(Partition::isDefault).findFirst();
  }

  String qualified() {
    return table.key();
  }
}
