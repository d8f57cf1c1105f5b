package io.cutover.shell.plugin;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.MetaCommand;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Background work for tests of the shell's registry: {@code \linger} logs "started" to table
 * {@code linger_log}, then runs until a row "release" appears there ("finished") or the shell
 * stops it ("stopped").
 */
public final class LingerCommand implements MetaCommand {

  @Override
  public List<String> names() {
    return List.of("linger");
  }

  @Override
  public String summary() {
    return "background work that lingers (tests)";
  }

  @Override
  public String usage() {
    return "\\linger";
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    DataSource pool = context.pool();
    log(pool, "create table if not exists linger_log (event text)");
    context.runInBackground("linger", cancellation -> {
      log(pool, "insert into linger_log values ('started')");
      while (!cancellation.isCancelled()) {
        try (Connection c = pool.getConnection(); Statement st = c.createStatement();
             var rs = st.executeQuery("select count(*) from linger_log where event = 'release'")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            log(pool, "insert into linger_log values ('finished')");
            return;
          }
        }
        Thread.sleep(20); // a poll interval
      }
      log(pool, "insert into linger_log values ('stopped')");
    });
  }

  private static void log(DataSource pool, String sql) throws SQLException {
    try (Connection c = pool.getConnection(); Statement st = c.createStatement()) {
      st.execute(sql);
    }
  }
}
