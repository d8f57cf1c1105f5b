package io.cutover.shell.run;

import io.cutover.shell.spi.CommandException;

/** A command's error that psql prints without the command's name before it (its variable and {@code \gset} messages). */
public final class BareError extends CommandException {
  public BareError(String message) {
    super(message);
  }
}
