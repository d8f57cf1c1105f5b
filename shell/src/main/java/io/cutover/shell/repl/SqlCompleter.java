package io.cutover.shell.repl;

import io.cutover.shell.command.CommandRegistry;
import io.cutover.shell.spi.ArgumentKind;
import io.cutover.shell.spi.MetaCommand;
import io.cutover.shell.spi.Quoting;
import java.util.List;
import java.util.Locale;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import org.jline.reader.impl.completer.FileNameCompleter;

/**
 * Tab completion: backslash commands (with their summaries), their own argument candidates, and
 * tables or file names where their argument is one ({@link MetaCommand#argumentKind}); in SQL,
 * keywords, schemas, tables, and after {@code table.} or {@code schema.} the names inside.
 */
final class SqlCompleter implements Completer {

  private final CommandRegistry commands;
  private final CatalogCache catalog;
  private final Completer files = new FileNameCompleter();

  SqlCompleter(CommandRegistry commands, CatalogCache catalog) {
    this.commands = commands;
    this.catalog = catalog;
  }

  @Override
  public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
    List<String> words = line.words();
    String first = words.isEmpty() ? "" : words.get(0);
    if (first.startsWith("\\")) {
      if (line.wordIndex() == 0) {
        for (MetaCommand c : commands.all()) {
          for (String name : c.names()) {
            candidates.add(new Candidate("\\" + name, "\\" + name, c.group(), c.summary(), null, null, true));
          }
        }
        return;
      }
      String name = first.substring(1);
      List<String> previous = words.subList(1, line.wordIndex());
      commands.find(name).ifPresent(c -> c.complete(previous).forEach(v -> candidates.add(new Candidate(v))));
      switch (commands.find(name).map(c -> c.argumentKind(previous)).orElse(ArgumentKind.OTHER)) {
        case TABLE -> tables(catalog.names(), candidates);
        case FILE -> files.complete(reader, line, candidates);
        case OTHER -> { }
      }
      return;
    }
    String word = line.word();
    int dot = word.lastIndexOf('.');
    CatalogCache.Names names = catalog.names();
    if (dot > 0) {
      String qualifier = word.substring(0, dot).replace("\"", "");
      String prefix = word.substring(0, dot + 1);
      names.tablesBySchema().getOrDefault(qualifier, List.of()).forEach(t -> candidates.add(plain(prefix + t)));
      names.columnsByTable().getOrDefault(qualifier, List.of()).forEach(c -> candidates.add(plain(prefix + c)));
      return;
    }
    boolean upper = !word.isEmpty() && Character.isUpperCase(word.charAt(0));
    for (String k : SqlKeywords.ALL) {
      candidates.add(plain(upper ? k : k.toLowerCase(Locale.ROOT)));
    }
    tables(names, candidates);
    names.columnsByTable().values().stream().flatMap(List::stream).distinct().forEach(c -> candidates.add(plain(c)));
  }

  /** Schemas and the tables in them, bare and qualified, each quoted where SQL needs it. */
  private static void tables(CatalogCache.Names names, List<Candidate> candidates) {
    names.schemas().forEach(s -> candidates.add(plain(name(s))));
    names.tablesBySchema().forEach((schema, tables) -> tables.forEach(t -> {
      candidates.add(plain(name(t)));
      candidates.add(plain(name(schema) + "." + name(t)));
    }));
  }

  private static String name(String identifier) {
    return Quoting.needsQuotes(identifier) ? Quoting.identifier(identifier) : identifier;
  }

  private static Candidate plain(String value) {
    return new Candidate(value, value, null, null, null, null, true);
  }
}
