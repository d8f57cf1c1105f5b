package io.cutover.shell.plugin;

import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.MetaCommand;
import io.cutover.shell.spi.ResultTable;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/** The README's example extension: {@code \greet NAME} asks the server to greet someone. */
public final class GreetCommand implements MetaCommand {

  @Override
  public List<String> names() {
    return List.of("greet");
  }

  @Override
  public String summary() {
    return "say hello from the server";
  }

  @Override
  public String usage() {
    return "\\greet NAME [--times N]";
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    var args = arguments.parse(java.util.Set.of("--times"), java.util.Set.of(), usage()).atMost(1);
    String name = args.positional(0).orElseThrow(() -> new CommandException("missing NAME", "usage: " + usage()));
    long times = args.number("--times", 1, 1, 10);
    if (name.equals("break-me")) {
      throw new IllegalStateException("the greeting broke");
    }
    if (name.equals("confirm-me")) {
      context.confirm("greet everyone?", "yes");
    }
    try (var ps = context.connection().prepareStatement("select 'hello, ' || ? as greeting from generate_series(1, ?)")) {
      ps.setString(1, name);
      ps.setLong(2, times);
      try (ResultSet rs = ps.executeQuery()) {
        java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
        while (rs.next()) {
          rows.add(java.util.List.of(rs.getString(1)));
        }
        context.printer().table(ResultTable.of(List.of(ResultTable.Column.text("greeting")), rows));
      }
    }
  }
}
