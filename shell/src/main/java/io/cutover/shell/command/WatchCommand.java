package io.cutover.shell.command;

import io.cutover.shell.run.FailureReported;
import io.cutover.shell.run.Shell;
import io.cutover.shell.spi.Arguments;
import io.cutover.shell.spi.CommandContext;
import io.cutover.shell.spi.CommandException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** {@code \watch [[i=]SEC] [c=N]}: run the query every SEC seconds until Ctrl-C, or N times. */
final class WatchCommand extends CoreCommand {

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("EEE MMM d HH:mm:ss yyyy", Locale.ROOT);

  WatchCommand(Shell shell) {
    super(shell, Groups.GENERAL, "\\watch [[i=]SEC] [c=N]", "execute query every SEC seconds, up to N times", "watch");
  }

  @Override
  public void execute(CommandContext context, Arguments arguments) throws Exception {
    double seconds = 2;
    long count = Long.MAX_VALUE;
    for (String w : arguments.words()) {
      try {
        if (w.startsWith("c=")) {
          count = Long.parseLong(w.substring(2));
        } else {
          seconds = Double.parseDouble(w.startsWith("i=") ? w.substring(2) : w);
        }
      } catch (NumberFormatException e) {
        throw new CommandException("incorrect interval value \"" + w + "\"", "usage: " + usage());
      }
    }
    if (seconds < 0 || count < 1) {
      throw new CommandException("interval must be 0 or more and count 1 or more", "usage: " + usage());
    }
    String sql = context.takeQueryBuffer().or(context::previousQuery)
        .orElseThrow(() -> new CommandException("no query to watch", "type a query before \\watch"));
    Duration interval = Duration.ofMillis((long) (seconds * 1000));
    for (long run = 0; run < count && !context.cancellation().isCancelled(); run++) {
      context.printer().line(ZonedDateTime.now().format(STAMP) + " (every " + trim(seconds) + "s)\n");
      if (!shell.runner().runSql(sql)) {
        throw new FailureReported();
      }
      if (run + 1 < count) {
        sleep(context, interval);
      }
    }
  }

  private static void sleep(CommandContext context, Duration interval) throws InterruptedException {
    long end = System.nanoTime() + interval.toNanos();
    while (!context.cancellation().isCancelled() && System.nanoTime() < end) {
      Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
    }
  }

  private static String trim(double seconds) {
    return seconds == Math.rint(seconds) ? Long.toString((long) seconds) : Double.toString(seconds);
  }
}
