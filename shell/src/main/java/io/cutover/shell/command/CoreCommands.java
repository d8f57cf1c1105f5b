package io.cutover.shell.command;

import io.cutover.shell.run.Shell;
import java.util.ArrayList;
import java.util.List;
import io.cutover.shell.spi.MetaCommand;

/** The built-in commands, listed explicitly (no reflection), in the order {@code \?} shows them. */
public final class CoreCommands {

  private CoreCommands() {
  }

  public static List<MetaCommand> create(Shell shell) {
    List<MetaCommand> all = new ArrayList<>(List.of(
        new HelpCommand(shell), new QuitCommand(shell), GoCommand.go(shell), GoCommand.expanded(shell),
        new GdescCommand(shell), new GexecCommand(shell), new GsetCommand(shell), new CrosstabCommand(shell),
        new WatchCommand(shell),
        new TimingCommand(shell),
        new PrintBufferCommand(shell), new ResetBufferCommand(shell),
        IncludeCommand.include(shell), IncludeCommand.includeRelative(shell), new OutputCommand(shell), new CopyCommand(shell),
        PrintTextCommand.echo(shell), PrintTextCommand.qecho(shell), PrintTextCommand.warn(shell),
        new DescribeCommand(shell)));
    all.addAll(ListRelationsCommand.all(shell));
    all.addAll(List.of(new ListFunctionsCommand(shell), new ListOperatorsCommand(shell), new FunctionSourceCommand(shell), new ListSettingsCommand(shell), new ListSchemasCommand(shell), new ListDatabasesCommand(shell),
        new ExpandedCommand(shell), new PsetCommand(shell),
        new ConnectCommand(shell), new ConninfoCommand(shell),
        new SetCommand(shell), new UnsetCommand(shell), EnvironmentCommand.setenv(shell), EnvironmentCommand.getenv(shell),
        RestrictCommand.restrict(shell), RestrictCommand.unrestrict(shell)));
    return all;
  }
}
