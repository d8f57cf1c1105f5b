package io.cutover.shell.repl;

import io.cutover.shell.command.CommandRegistry;
import io.cutover.shell.spi.MetaCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;

/**
 * Tab completion: backslash commands (with their summaries) and their own argument candidates;
 * in SQL, keywords, schemas, tables, and after {@code table.} or {@code schema.} the names inside.
 */
final class SqlCompleter implements Completer {

  private final CommandRegistry commands;
  private final CatalogCache catalog;

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
      commands.find(first.substring(1)).ifPresent(c -> c.complete(words.subList(1, line.wordIndex()))
          .forEach(v -> candidates.add(new Candidate(v))));
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
    names.schemas().forEach(s -> candidates.add(plain(s)));
    List<String> tables = new ArrayList<>();
    names.tablesBySchema().values().forEach(tables::addAll);
    tables.forEach(t -> candidates.add(plain(t)));
    names.columnsByTable().values().stream().flatMap(List::stream).distinct().forEach(c -> candidates.add(plain(c)));
  }

  private static Candidate plain(String value) {
    return new Candidate(value, value, null, null, null, null, true);
  }
}
