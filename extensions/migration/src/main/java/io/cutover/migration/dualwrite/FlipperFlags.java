package io.cutover.migration.dualwrite;

import io.cutover.migration.state.SqlValues;
import io.cutover.migration.state.Transactions;
import io.cutover.shell.spi.CommandException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The application's feature flags, stored as flipper-active_record stores them: a
 * {@code flipper_features} row per flag, and for "enabled for everyone" the single gate
 * (key 'boolean', value 'true'); enabling first clears the flag's other gates, disabling clears
 * them all and keeps the feature row. Read back as the application reads it.
 */
public final class FlipperFlags {

  /** How the application would see a flag. */
  public enum State {
    ON, OFF,
    /** Gates other than the boolean one (actors, groups, percentages): on for some. */
    PARTIAL
  }

  private static final String TABLES = "SELECT to_regclass('flipper_features') IS NOT NULL AND to_regclass('flipper_gates') IS NOT NULL";
  private static final String ADD_FEATURE = """
      INSERT INTO flipper_features (key, created_at, updated_at) VALUES (?, now(), now())
      ON CONFLICT (key) DO NOTHING
      """;
  private static final String CLEAR_GATES = "DELETE FROM flipper_gates WHERE feature_key = ?";
  private static final String ENABLE_BOOLEAN = """
      INSERT INTO flipper_gates (feature_key, key, value, created_at, updated_at) VALUES (?, 'boolean', 'true', now(), now())
      """;
  private static final String GATES = "SELECT key, value FROM flipper_gates WHERE feature_key = ?";

  private FlipperFlags() {
  }

  public static boolean isInstalled(Connection c) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(TABLES); ResultSet rs = ps.executeQuery()) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  static void requireInstalled(Connection c) throws SQLException, CommandException {
    if (!isInstalled(c)) {
      throw new CommandException("this database has no Flipper tables (flipper_features, flipper_gates)",
          "use --mode trigger, or create the tables as the flipper-active_record generator does");
    }
  }

  /** Enables the flag for everyone, in one transaction (autocommit restored). */
  public static void enable(Connection c, String flag) throws SQLException, CommandException {
    requireInstalled(c);
    Transactions.run(c, () -> {
      SqlValues.update(c, ADD_FEATURE, flag);
      SqlValues.update(c, CLEAR_GATES, flag);
      SqlValues.update(c, ENABLE_BOOLEAN, flag);
    });
  }

  public static void disable(Connection c, String flag) throws SQLException, CommandException {
    requireInstalled(c);
    Transactions.run(c, () -> {
      SqlValues.update(c, ADD_FEATURE, flag);
      SqlValues.update(c, CLEAR_GATES, flag);
    });
  }

  public static State state(Connection c, String flag) throws SQLException {
    if (!isInstalled(c)) {
      return State.OFF;
    }
    List<String[]> gates = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(GATES)) {
      ps.setString(1, flag);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          gates.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    if (gates.stream().anyMatch(g -> g[0].equals("boolean") && (g[1].equals("true") || g[1].equals("1")))) {
      return State.ON;
    }
    return gates.stream().anyMatch(g -> !g[0].equals("boolean")) ? State.PARTIAL : State.OFF;
  }
}
