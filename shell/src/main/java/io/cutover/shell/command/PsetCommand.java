package io.cutover.shell.command;

import io.cutover.shell.render.Expanded;
import io.cutover.shell.render.LineStyle;
import io.cutover.shell.render.OutputFormat;
import io.cutover.shell.render.Pager;
import io.cutover.shell.render.PrintSettings;
import io.cutover.shell.render.PrintSettings.Separator;
import io.cutover.shell.render.UnicodeLine;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.util.List;
import java.util.Locale;

/** {@code \pset [OPTION [VALUE]]}: psql's printing options, with its names, values and messages. */
final class PsetCommand extends CoreCommand {

  /** The options, in the order {@code \pset} alone lists them. */
  private static final List<String> OPTIONS = List.of("border", "columns", "csv_fieldsep", "expanded", "fieldsep",
      "fieldsep_zero", "footer", "format", "linestyle", "null", "numericlocale", "pager", "pager_min_lines",
      "recordsep", "recordsep_zero", "tableattr", "title", "tuples_only", "unicode_border_linestyle",
      "unicode_column_linestyle", "unicode_header_linestyle");

  PsetCommand(Shell shell) {
    super(shell, Groups.FORMATTING, "\\pset [NAME [VALUE]]",
        "set table output option (border|columns|csv_fieldsep|expanded|fieldsep|fieldsep_zero|footer|format|"
            + "linestyle|null|numericlocale|pager|pager_min_lines|recordsep|recordsep_zero|tableattr|title|"
            + "tuples_only|unicode_border_linestyle|unicode_column_linestyle|unicode_header_linestyle)", "pset");
  }

  @Override
  public List<String> complete(List<String> previous) {
    if (previous.isEmpty()) {
      return OPTIONS;
    }
    return switch (previous.get(0)) {
      case "format" -> List.of("aligned", "asciidoc", "csv", "html", "latex", "latex-longtable", "troff-ms",
          "unaligned", "wrapped", "json");
      case "linestyle" -> List.of("ascii", "old-ascii", "unicode");
      case "unicode_border_linestyle", "unicode_column_linestyle", "unicode_header_linestyle" ->
          List.of("single", "double");
      case "pager" -> List.of("on", "off", "always");
      case "expanded", "x" -> List.of("on", "off", "auto");
      case "tuples_only", "footer", "numericlocale" -> List.of("on", "off");
      default -> List.of();
    };
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws CommandException {
    var words = arguments.words();
    PrintSettings s = shell.printSettings();
    if (words.isEmpty()) {
      for (String o : OPTIONS) {
        context.printer().line(String.format(Locale.ROOT, "%-24s %s", o, value(s, o)));
      }
      return;
    }
    if (words.size() > 2) {
      ignoreExtraArguments(arguments, 2);
    }
    String option = words.get(0);
    PrintSettings next = apply(s, option, words.size() > 1 ? words.get(1) : null);
    shell.setPrintSettings(next);
    context.printer().info(describe(next, option));
  }

  /** {@code settings} with {@code option} set to {@code value}, or toggled or left when null, as psql's do_pset. */
  PrintSettings apply(PrintSettings s, String option, String value) throws CommandException {
    Arguments valueArgs = new Arguments("pset", value == null ? List.of() : List.of(value));
    return switch (option) {
      case "format" -> {
        if (value == null) {
          yield s;
        }
        try {
          OutputFormat f = OutputFormat.byAbbreviation(value);
          yield s.with(b -> b.format = f);
        } catch (OutputFormat.UnknownFormat e) {
          throw new CommandException(e.getMessage());
        }
      }
      case "linestyle" -> {
        if (value == null) {
          yield s;
        }
        LineStyle style = LineStyle.byPrefix(value).orElseThrow(() -> new CommandException(
            "allowed line styles are ascii, old-ascii, unicode"));
        yield s.with(b -> b.lineStyle = style);
      }
      case "unicode_border_linestyle" -> {
        if (value == null) {
          yield s;
        }
        UnicodeLine line = unicodeLine(value, "border");
        yield s.with(b -> b.unicodeBorder = line);
      }
      case "unicode_column_linestyle" -> {
        if (value == null) {
          yield s;
        }
        UnicodeLine line = unicodeLine(value, "column");
        yield s.with(b -> b.unicodeColumn = line);
      }
      case "unicode_header_linestyle" -> {
        if (value == null) {
          yield s;
        }
        UnicodeLine line = unicodeLine(value, "header");
        yield s.with(b -> b.unicodeHeader = line);
      }
      // psql keeps the border in an unsigned short: -1 is 65535, which prints as the widest border.
      case "border" -> value == null ? s : s.with(b -> b.border = atoi(value) & 0xFFFF);
      case "columns" -> value == null ? s : s.with(b -> b.columns = atoi(value));
      case "pager_min_lines" -> value == null ? s : s.with(b -> b.pagerMinLines = atoi(value));
      case "null" -> value == null ? s : s.with(b -> b.nullDisplay = value);
      case "fieldsep" -> value == null ? s : s.with(b -> b.fieldSeparator = Separator.of(value));
      case "fieldsep_zero" -> s.with(b -> b.fieldSeparator = Separator.ZERO);
      case "recordsep" -> value == null ? s : s.with(b -> b.recordSeparator = Separator.of(value));
      case "recordsep_zero" -> s.with(b -> b.recordSeparator = Separator.ZERO);
      case "csv_fieldsep" -> {
        if (value == null) {
          yield s;
        }
        char separator = csvFieldSeparator(value);
        yield s.with(b -> b.csvFieldSeparator = separator);
      }
      case "title", "C" -> s.with(b -> b.title = value);
      case "tableattr", "T" -> s.with(b -> b.tableAttr = value);
      case "tuples_only", "t" -> {
        boolean on = toggle(valueArgs, s.tuplesOnly(), usage());
        yield s.with(b -> b.tuplesOnly = on);
      }
      case "footer" -> {
        boolean on = toggle(valueArgs, s.footer(), usage());
        yield s.with(b -> b.footer = on);
      }
      case "numericlocale" -> {
        boolean on = toggle(valueArgs, s.numericLocale(), usage());
        yield s.with(b -> b.numericLocale = on);
      }
      case "expanded", "x", "vertical" -> {
        Expanded e = ExpandedCommand.parse(valueArgs, s.expanded(), usage());
        yield s.with(b -> b.expanded = e);
      }
      case "pager" -> {
        Pager.Mode mode = value != null && value.equalsIgnoreCase("always") ? Pager.Mode.ALWAYS
            : toggle(valueArgs, s.pager() == Pager.Mode.ON, usage()) ? Pager.Mode.ON : Pager.Mode.OFF;
        yield s.with(b -> b.pager = mode);
      }
      default -> throw new CommandException("unknown option: " + option);
    };
  }

  private static UnicodeLine unicodeLine(String value, String which) throws CommandException {
    String v = value.toLowerCase(Locale.ROOT);
    if ("single".startsWith(v)) {
      return UnicodeLine.SINGLE;
    }
    if ("double".startsWith(v)) {
      return UnicodeLine.DOUBLE;
    }
    throw new CommandException("allowed Unicode " + which + " line styles are single, double");
  }

  /** C's atoi, as psql reads numbers of {@code \pset}: leading digits, 0 when there are none. */
  private static int atoi(String value) {
    String v = value.strip();
    int end = v.startsWith("-") || v.startsWith("+") ? 1 : 0;
    while (end < v.length() && Character.isDigit(v.charAt(end))) {
      end++;
    }
    try {
      return Integer.parseInt(v.substring(0, end));
    } catch (NumberFormatException e) {
      return 0;
    }
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

  /** The value as {@code \pset} alone lists it (psql's pset_value_string). */
  private static String value(PrintSettings s, String option) {
    return switch (option) {
      case "border" -> String.valueOf(s.border());
      case "columns" -> String.valueOf(s.columns());
      case "csv_fieldsep" -> quoted(String.valueOf(s.csvFieldSeparator()));
      case "expanded" -> s.expanded().name().toLowerCase(Locale.ROOT);
      case "fieldsep" -> quoted(s.fieldSeparator().text());
      case "fieldsep_zero" -> onOff(s.fieldSeparator().zero());
      case "footer" -> onOff(s.footer());
      case "format" -> s.format().label();
      case "linestyle" -> s.lineStyle().label();
      case "null" -> quoted(s.nullDisplay());
      case "numericlocale" -> onOff(s.numericLocale());
      case "pager" -> String.valueOf(switch (s.pager()) {
        case OFF -> 0;
        case ON -> 1;
        case ALWAYS -> 2;
      });
      case "pager_min_lines" -> String.valueOf(s.pagerMinLines());
      case "recordsep" -> quoted(s.recordSeparator().text());
      case "recordsep_zero" -> onOff(s.recordSeparator().zero());
      case "tableattr" -> s.tableAttr() == null ? "" : quoted(s.tableAttr());
      case "title" -> s.title() == null ? "" : quoted(s.title());
      case "tuples_only" -> onOff(s.tuplesOnly());
      case "unicode_border_linestyle" -> s.unicodeBorder().label();
      case "unicode_column_linestyle" -> s.unicodeColumn().label();
      default -> s.unicodeHeader().label();
    };
  }

  private static String onOff(boolean on) {
    return on ? "on" : "off";
  }

  /** psql's pset_quoted_string: in single quotes, with quotes and newlines escaped. */
  private static String quoted(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n") + "'";
  }

  /** What psql says after setting {@code option} (its printPsetInfo). */
  private static String describe(PrintSettings s, String option) {
    return switch (option) {
      case "border" -> "Border style is " + s.border() + ".";
      case "columns" -> s.columns() == 0 ? "Target width is unset." : "Target width is " + s.columns() + ".";
      case "format" -> "Output format is " + s.format().label() + ".";
      case "linestyle" -> "Line style is " + s.lineStyle().label() + ".";
      case "null" -> "Null display is \"" + s.nullDisplay() + "\".";
      case "numericlocale" -> "Locale-adjusted numeric output is " + onOff(s.numericLocale()) + ".";
      case "fieldsep", "fieldsep_zero" -> s.fieldSeparator().zero() ? "Field separator is zero byte."
          : "Field separator is \"" + s.fieldSeparator().text() + "\".";
      case "recordsep", "recordsep_zero" -> s.recordSeparator().zero() ? "Record separator is zero byte."
          : s.recordSeparator().text().equals("\n") ? "Record separator is <newline>."
          : "Record separator is \"" + s.recordSeparator().text() + "\".";
      case "csv_fieldsep" -> "Field separator for CSV is \"" + s.csvFieldSeparator() + "\".";
      case "title", "C" -> s.title() == null ? "Title is unset." : "Title is \"" + s.title() + "\".";
      case "tableattr", "T" -> s.tableAttr() == null ? "Table attributes unset."
          : "Table attributes are \"" + s.tableAttr() + "\".";
      case "tuples_only", "t" -> s.tuplesOnly() ? "Tuples only is on." : "Tuples only is off.";
      case "footer" -> s.footer() ? "Default footer is on." : "Default footer is off.";
      case "pager" -> switch (s.pager()) {
        case ON -> "Pager is used for long output.";
        case OFF -> "Pager usage is off.";
        case ALWAYS -> "Pager is always used.";
      };
      case "pager_min_lines" -> s.pagerMinLines() == 1 ? "Pager won't be used for less than 1 line."
          : "Pager won't be used for less than " + s.pagerMinLines() + " lines.";
      case "unicode_border_linestyle" -> "Unicode border line style is \"" + s.unicodeBorder().label() + "\".";
      case "unicode_column_linestyle" -> "Unicode column line style is \"" + s.unicodeColumn().label() + "\".";
      case "unicode_header_linestyle" -> "Unicode header line style is \"" + s.unicodeHeader().label() + "\".";
      default -> ExpandedCommand.message(s.expanded());
    };
  }
}
