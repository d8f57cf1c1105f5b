package io.cutover.shell.run;

import io.cutover.shell.render.Pager;
import io.cutover.shell.render.PrintSettings;
import io.cutover.shell.render.TableRenderer;
import io.cutover.shell.spi.Printer;
import io.cutover.shell.spi.Progress;
import io.cutover.shell.spi.ResultTable;

/** The shell's {@link Printer}: results in the {@code \pset} format to the {@code \o} target, through the pager when a person reads them. */
final class ConsolePrinter implements Printer {

  private final Shell shell;

  ConsolePrinter(Shell shell) {
    this.shell = shell;
  }

  @Override
  public void table(ResultTable table) {
    PrintSettings settings = shell.printSettings();
    ResultTable titled = settings.title() != null && table.title() == null ? table.withTitle(settings.title()) : table;
    String text = TableRenderer.of(settings.format()).render(titled, settings);
    shell.beforeOutput();
    boolean toTerminal = shell.isInteractive() && shell.isOutputStandard();
    if (toTerminal && Pager.isWanted(settings.pager(), text, shell.terminalHeight(), settings.width())
        && Pager.show(text, shell.environment().variables())) {
      return;
    }
    shell.out().print(text);
    shell.out().flush();
  }

  @Override
  public void line(String text) {
    shell.beforeOutput();
    shell.out().println(text);
    shell.out().flush();
  }

  @Override
  public String format() {
    return shell.printSettings().format().label();
  }

  @Override
  public void sql(String text) {
    boolean toTerminal = shell.isInteractive() && shell.isOutputStandard();
    line(toTerminal ? shell.sqlStyle().apply(text) : text);
  }

  @Override
  public void info(String text) {
    if (!shell.variables().isQuiet()) {
      shell.beforeOutput();
      shell.environment().out().println(text);
      shell.environment().out().flush();
    }
  }

  @Override
  public void notice(String text) {
    shell.beforeOutput();
    shell.err().println("NOTICE:  " + text);
    shell.err().flush();
  }

  @Override
  public void warning(String text) {
    shell.beforeOutput();
    shell.err().println("WARNING:  " + text);
    shell.err().flush();
  }

  @Override
  public Progress progress(String label, long total) {
    return shell.progressDisplay().start(label, total);
  }
}
