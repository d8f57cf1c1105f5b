package io.cutover.shell.spi;

/** A progress bar handed out by {@link Printer#progress}. Thread-safe; close it when done. */
public interface Progress extends AutoCloseable {

  /** Sets the units done so far and a short detail shown after the bar (rate, batch size, throttling reason). */
  void update(long done, String detail);

  @Override
  void close();
}
