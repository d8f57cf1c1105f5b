package io.cutover.shell.command;

import io.cutover.shell.render.Expanded;
import io.cutover.shell.render.OutputFormat;
import io.cutover.shell.render.Pager;
import io.cutover.shell.render.PrintSettings;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.util.List;
import java.util.Locale;

/** {@code \pset [OPTION [VALUE]]}: format, null, fieldsep, csv_fieldsep, tuples_only, footer, pager, expanded, title. */
final class PsetCommand extends CoreCommand {

  private static final List<String> OPTIONS =
      List.of("format", "null", "fieldsep", "csv_fieldsep", "tuples_only", "footer", "pager", "expanded", "title");

  PsetCommand(Shell shell) {
    super(shell, Groups.FORMATTING, "\\pset [NAME [VALUE]]",
        "set table output option (format, null, fieldsep, tuples_only, footer, pager, expanded)", "pset");
  }

  @Override
  public List<String> complete(List<String> previous) {
    if (previous.isEmpty()) {
      return OPTIONS;
    }
    return switch (previous.get(0)) {
      case "format" -> List.of("aligned", "unaligned", "csv", "json");
      case "pager" -> List.of("on", "off", "always");
      case "expanded", "x" -> List.of("on", "off", "auto");
      case "tuples_only", "footer" -> List.of("on", "off");
      default -> List.of();
    };
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    var words = arguments.words();
    PrintSettings s = shell.printSettings();
    if (words.isEmpty()) {
      for (String o : OPTIONS) {
        context.printer().line(String.format(Locale.ROOT, "%-12s %s", o, value(s, o)));
      }
      return;
    }
    if (words.size() > 2) {
      throw new CommandException("too many arguments", "usage: " + usage());
    }
    String option = words.get(0).toLowerCase(Locale.ROOT);
    PrintSettings next = apply(s, option, words.size() > 1 ? words.get(1) : null);
    shell.setPrintSettings(next);
    context.printer().info(describe(next, option));
  }

  /** {@code settings} with {@code option} (lower case) set to {@code value}, or toggled or reset when null. */
  PrintSettings apply(PrintSettings s, String option, String value) throws CommandException {
    Arguments valueArgs = new Arguments("pset", value == null ? List.of() : List.of(value));
    return switch (option) {
      case "format" -> {
        if (value == null) {
          yield s;
        }
        OutputFormat f = OutputFormat.byPrefix(value).orElseThrow(() -> new CommandException(
            "allowed formats are aligned, unaligned, csv, json"));
        yield s.withFormat(f);
      }
      case "null" -> s.withNullDisplay(value == null ? "" : value);
      case "fieldsep" -> s.withFieldSeparator(value == null ? "|" : value);
      case "csv_fieldsep" -> value == null ? s : s.withCsvFieldSeparator(csvFieldSeparator(value));
      case "title" -> s.withTitle(value);
      case "tuples_only", "t" -> s.withTuplesOnly(toggle(valueArgs, s.tuplesOnly(), usage()));
      case "footer" -> s.withFooter(toggle(valueArgs, s.footer(), usage()));
      case "expanded", "x" -> s.withExpanded(ExpandedCommand.parse(valueArgs, s.expanded(), usage()));
      case "pager" -> {
        if (value != null && value.equalsIgnoreCase("always")) {
          yield s.withPager(Pager.Mode.ALWAYS);
        }
        yield s.withPager(toggle(valueArgs, s.pager() != Pager.Mode.OFF, usage()) ? Pager.Mode.ON : Pager.Mode.OFF);
      }
      default -> throw new CommandException("unknown option: " + option,
          "options are " + String.join(", ", OPTIONS));
    };
  }

  /** psql's rules and messages: one byte, and nothing that would make the CSV ambiguous. */
  private static char csvFieldSeparator(String value) throws CommandException {
    if (value.length() != 1 || value.charAt(0) == '\0' || value.charAt(0) > 127) {
      throw new CommandException("csv_fieldsep must be a single one-byte character");
    }
    char c = value.charAt(0);
    if (c == '"' || c == '\n' || c == '\r') {
      throw new CommandException("csv_fieldsep cannot be a double quote, a newline, or a carriage return");
    }
    return c;
  }

  private static String value(PrintSettings s, String option) {
    return switch (option) {
      case "format" -> s.format().label();
      case "null" -> "'" + s.nullDisplay() + "'";
      case "fieldsep" -> "'" + s.fieldSeparator() + "'";
      case "csv_fieldsep" -> "'" + s.csvFieldSeparator() + "'";
      case "title" -> s.title() == null ? "" : s.title();
      case "tuples_only", "t" -> s.tuplesOnly() ? "on" : "off";
      case "footer" -> s.footer() ? "on" : "off";
      case "pager" -> s.pager().name().toLowerCase(Locale.ROOT);
      default -> s.expanded().name().toLowerCase(Locale.ROOT);
    };
  }

  private static String describe(PrintSettings s, String option) {
    return switch (option) {
      case "format" -> "Output format is " + s.format().label() + ".";
      case "null" -> "Null display is \"" + s.nullDisplay() + "\".";
      case "fieldsep" -> "Field separator is \"" + s.fieldSeparator() + "\".";
      case "csv_fieldsep" -> "Field separator for CSV is \"" + s.csvFieldSeparator() + "\".";
      case "title" -> s.title() == null ? "Title is unset." : "Title is \"" + s.title() + "\".";
      case "tuples_only", "t" -> s.tuplesOnly() ? "Tuples only is on." : "Tuples only is off.";
      case "footer" -> s.footer() ? "Default footer is on." : "Default footer is off.";
      case "pager" -> switch (s.pager()) {
        case ON -> "Pager is used for long output.";
        case OFF -> "Pager usage is off.";
        case ALWAYS -> "Pager is always used.";
      };
      default -> ExpandedCommand.message(s.expanded() == null ? Expanded.OFF : s.expanded());
    };
  }
}
