package io.cutover.shell.run;

import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.ResultTable;

/** Where the rows of a query go: printed, or taken by the command that sent it. */
@FunctionalInterface
public interface ResultTarget {

  /** @throws CommandException when the rows cannot be used; its message is printed as psql prints it, without the command's name */
  void accept(ResultTable table) throws CommandException;
}
