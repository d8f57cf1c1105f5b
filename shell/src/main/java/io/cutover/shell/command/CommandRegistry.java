package io.cutover.shell.command;

import io.cutover.shell.spi.MetaCommand;
import io.cutover.shell.spi.Suggestions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The backslash commands by name. Names match exactly (a new command never changes what an
 * existing name means); a name registered twice keeps the first, and the clash is reported.
 */
public final class CommandRegistry {

  private final Map<String, MetaCommand> byName = new LinkedHashMap<>();
  private final List<MetaCommand> commands = new ArrayList<>();
  private final List<String> conflicts = new ArrayList<>();

  public void register(MetaCommand command) {
    boolean added = false;
    for (String name : command.names()) {
      MetaCommand existing = byName.putIfAbsent(name, command);
      if (existing != null && existing != command) {
        conflicts.add("\\" + name + " of " + command.getClass().getName() + " ignored: already defined by "
            + existing.getClass().getName());
      } else {
        added = true;
      }
    }
    if (added) {
      commands.add(command);
    }
  }

  public Optional<MetaCommand> find(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collection<MetaCommand> all() {
    return List.copyOf(commands);
  }

  public Collection<String> names() {
    return byName.keySet();
  }

  /** Names that two commands wanted, to warn about at start-up. */
  public List<String> conflicts() {
    return List.copyOf(conflicts);
  }

  /** The closest known name, if one is close enough to be a typo of {@code name}. */
  public Optional<String> suggest(String name) {
    return Suggestions.closest(name, byName.keySet());
  }
}
