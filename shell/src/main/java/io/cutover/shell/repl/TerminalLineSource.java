package io.cutover.shell.repl;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.run.LineSource;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.StatementFilter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/** Input typed at the terminal: one accepted buffer (maybe several lines) per read. */
final class TerminalLineSource implements LineSource {

  private final Shell shell;
  private final LineReader reader;
  private final AtomicReference<StatementLexer> current;
  private final CatalogCache catalog;
  private final SqlParser parser;

  TerminalLineSource(Shell shell, LineReader reader, SqlParser parser, AtomicReference<StatementLexer> current,
                     CatalogCache catalog) {
    this.shell = shell;
    this.reader = reader;
    this.parser = parser;
    this.current = current;
    this.catalog = catalog;
  }

  @Override
  public Optional<String> read(StatementLexer state) throws UserInterrupt {
    current.set(state);
    int width = reader.getTerminal().getWidth();
    shell.setPrintSettings(shell.printSettings().with(b -> b.width = width));
    String primary = shell.variables().get(state.open() == StatementLexer.Open.NONE ? "PROMPT1" : "PROMPT2")
        .orElse("");
    String secondary = shell.variables().get("PROMPT2").orElse("");
    String label = shell.statementFilter().flatMap(StatementFilter::promptLabel).map(l -> "(" + l + ") ").orElse("");
    reader.setVariable(LineReader.SECONDARY_PROMPT_PATTERN,
        (label + PromptFormatter.format(secondary.replace("%R", "\u0000"), shell.session(), state.open()))
            .replace("%", "%%").replace("\u0000", "%M"));
    try {
      String line = reader.readLine(label + PromptFormatter.format(primary, shell.session(), state.open()));
      if (changesCatalog(line)) {
        catalog.refresh();
      }
      return Optional.of(line + "\n");
    } catch (UserInterruptException e) {
      throw new UserInterrupt();
    } catch (EndOfFileException e) {
      reader.getTerminal().writer().println("\\q");
      return Optional.empty();
    }
  }

  /** Read raw, so that a quote in the data does not make the parser wait for its closing one. */
  @Override
  public Optional<String> readDataLine(String prompt) throws UserInterrupt {
    parser.setRaw(true);
    try {
      return Optional.of(reader.readLine(prompt));
    } catch (UserInterruptException e) {
      throw new UserInterrupt();
    } catch (EndOfFileException e) {
      return Optional.empty();
    } finally {
      parser.setRaw(false);
    }
  }

  @Override
  public boolean isInteractive() {
    return true;
  }

  private static boolean changesCatalog(String line) {
    String l = line.strip().toLowerCase(java.util.Locale.ROOT);
    return l.startsWith("create") || l.startsWith("alter") || l.startsWith("drop") || l.startsWith("\\c")
        || l.startsWith("\\i") || l.startsWith("\\migrate");
  }
}
