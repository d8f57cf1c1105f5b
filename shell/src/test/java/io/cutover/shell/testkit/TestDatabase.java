package io.cutover.shell.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** A database of the test server, owned by one test class. */
public final class TestDatabase {

  private final PostgresServer server;
  private final String name;

  TestDatabase(PostgresServer server, String name) {
    this.server = server;
    this.name = name;
  }

  public String name() {
    return name;
  }

  /** Another database of the same server, such as one a test created to restore into. */
  public TestDatabase sibling(String otherName) {
    return new TestDatabase(server, otherName);
  }

  /** The conninfo a user would pass to cutover (no password in it; see {@link #environment()}). */
  public String conninfo() {
    return "postgresql://" + server.user() + "@" + server.host() + ":" + server.port() + "/" + name;
  }

  /** Environment a shell needs besides the conninfo: the password, when the server wants one. */
  public java.util.Map<String, String> environment() {
    return server.password() == null ? java.util.Map.of() : java.util.Map.of("PGPASSWORD", server.password());
  }

  public int port() {
    return server.port();
  }

  public String host() {
    return server.host();
  }

  public String user() {
    return server.user();
  }

  public Connection connect() throws SQLException {
    return server.connect(name);
  }

  /** Runs statements on a connection of its own. */
  public void execute(String... sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      for (String s : sql) {
        st.execute(s);
      }
    }
  }

  /** The first column of every row, as text. */
  public List<String> column(String sql) throws SQLException {
    try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
      List<String> out = new ArrayList<>();
      while (rs.next()) {
        out.add(rs.getString(1));
      }
      return out;
    }
  }

  /** The single value of a one-row, one-column query. */
  public String value(String sql) throws SQLException {
    List<String> c = column(sql);
    if (c.size() != 1) {
      throw new AssertionError("expected one row from " + sql + ", got " + c.size());
    }
    return c.get(0);
  }
}
