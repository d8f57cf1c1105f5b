package io.cutover.shell.spi;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A backslash command's arguments, split as psql splits them (quotes removed, variables
 * interpolated). {@link #parse} reads {@code --name value}, {@code --name=value} and flags.
 */
public final class Arguments {

  private final String command;
  private final List<String> words;
  private final String text;

  public Arguments(String command, List<String> words) {
    this(command, words, String.join(" ", words));
  }

  /** @param text the rest of the line exactly as typed, for commands that take SQL */
  public Arguments(String command, List<String> words, String text) {
    this.command = command;
    this.words = List.copyOf(words);
    this.text = text.strip();
  }

  /** The command name as typed, without the backslash. */
  public String command() {
    return command;
  }

  public List<String> words() {
    return words;
  }

  public boolean isEmpty() {
    return words.isEmpty();
  }

  /**
   * The rest of the line as typed: quotes kept, psql variables not interpolated. Commands that
   * take SQL read this ({@code \rewrite select ... where editor = 'vim'}).
   */
  public String text() {
    return text;
  }

  /** The words joined by single spaces: the rest of the line, for commands that take free text. */
  public String rest() {
    return String.join(" ", words);
  }

  /**
   * What an option that is neither valued nor a flag means: {@link HelpRequested} for
   * {@code --help}, else an error naming the known option it is closest to, for commands that read
   * their options themselves.
   */
  public static CommandException unknownOption(String name, Set<String> valued, Set<String> flags, String usage) {
    if (name.equals(HelpRequested.OPTION)) {
      return new HelpRequested();
    }
    Set<String> known = new java.util.TreeSet<>(valued);
    known.addAll(flags);
    known.add(HelpRequested.OPTION);
    String guess = Suggestions.closest(name, known).map(g -> "did you mean " + g + "? ").orElse("");
    return new CommandException("unknown option " + name, guess + "usage: " + usage + " (--help describes each)");
  }

  /**
   * Splits the words into options and positionals.
   *
   * @param valued options that take a value ({@code --batch-size})
   * @param flags options that take none ({@code --background})
   * @throws CommandException naming an unknown option (and the known one it is closest to) or a
   *     missing value, with the usage; {@link HelpRequested} for {@code --help}
   */
  public Parsed parse(Set<String> valued, Set<String> flags, String usage) throws CommandException {
    Map<String, String> options = new HashMap<>();
    List<String> positionals = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (!w.startsWith("-") || w.equals("-") || isNumber(w)) {
        positionals.add(w);
        continue;
      }
      int eq = w.indexOf('=');
      String name = eq > 0 ? w.substring(0, eq) : w;
      if (flags.contains(name) && eq < 0) {
        options.put(name, "");
      } else if (valued.contains(name)) {
        if (eq > 0) {
          options.put(name, w.substring(eq + 1));
        } else if (i + 1 < words.size()) {
          options.put(name, words.get(++i));
        } else {
          throw new CommandException("option " + name + " needs a value", "usage: " + usage);
        }
      } else {
        throw unknownOption(name, valued, flags, usage);
      }
    }
    return new Parsed(options, positionals, usage);
  }

  private static boolean isNumber(String w) {
    return w.length() > 1 && w.substring(1).chars().allMatch(Character::isDigit);
  }

  /** The result of {@link #parse}. */
  public record Parsed(Map<String, String> options, List<String> positionals, String usage) {

    public boolean has(String option) {
      return options.containsKey(option);
    }

    public Optional<String> option(String name) {
      return Optional.ofNullable(options.get(name));
    }

    /** A whole number option within [min, max], or the default when absent. */
    public long number(String name, long defaultValue, long min, long max) throws CommandException {
      String v = options.get(name);
      if (v == null) {
        return defaultValue;
      }
      try {
        long n = Long.parseLong(v.trim());
        if (n < min || n > max) {
          throw new CommandException(name + " must be between " + min + " and " + max + ", not " + v,
              "usage: " + usage);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new CommandException(name + " expects a whole number, not \"" + v + "\"", "usage: " + usage);
      }
    }

    public Optional<String> positional(int index) {
      return index < positionals.size() ? Optional.of(positionals.get(index)) : Optional.empty();
    }

    /** Refuses more than {@code max} positional arguments, naming the first extra one. */
    public Parsed atMost(int max) throws CommandException {
      if (positionals.size() > max) {
        throw new CommandException("unexpected argument \"" + positionals.get(max) + "\"", "usage: " + usage);
      }
      return this;
    }
  }
}
