package io.cutover.shell.run;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.util.Optional;

/**
 * The data of a COPY FROM STDIN read from the input it came in (a script, piped input, the
 * terminal): the lines up to one that holds only {@code \.}, or to the end of input, as psql reads
 * them. Closing it consumes what is left of the data, so that no data line is ever run as SQL,
 * even when the server refused the COPY or failed on a row.
 */
final class CopyDataStream extends InputStream {

  /** The next line of input without its newline, or empty at the end of input. */
  @FunctionalInterface
  interface Lines {
    Optional<String> next() throws IOException;
  }

  /** Whether the rest of the data is consumed when the server refused the COPY before reading any. */
  enum Unread { CONSUME, LEAVE }

  private final Lines lines;
  private final Charset charset;
  private final Runnable onFirstRead;
  private final Unread unread;
  private byte[] current = new byte[0];
  private int position;
  private boolean started;
  private boolean ended;

  /**
   * @param onFirstRead runs when the server asks for the first data (psql's "Enter data" hint)
   * @param unread {@link Unread#LEAVE} at a terminal, where nobody typed data for a COPY that never started
   */
  CopyDataStream(Lines lines, Charset charset, Runnable onFirstRead, Unread unread) {
    this.lines = lines;
    this.charset = charset;
    this.onFirstRead = onFirstRead;
    this.unread = unread;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (!started) {
      started = true;
      onFirstRead.run();
    }
    while (position == current.length) {
      Optional<String> line = nextDataLine();
      if (line.isEmpty()) {
        return -1;
      }
      current = (line.get() + "\n").getBytes(charset);
      position = 0;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (started || unread == Unread.CONSUME) {
      while (nextDataLine().isPresent()) {
        // Data the server will not read: consumed, never run as SQL.
      }
    }
  }

  private Optional<String> nextDataLine() throws IOException {
    if (ended) {
      return Optional.empty();
    }
    Optional<String> line;
    try {
      line = lines.next();
    } catch (IOException e) {
      ended = true;
      throw e;
    }
    if (line.isEmpty() || isEndMarker(line.get())) {
      ended = true;
      return Optional.empty();
    }
    return line;
  }

  /** psql ends text data at a line holding only a backslash and a period (a CR before the newline allowed). */
  private static boolean isEndMarker(String line) {
    return line.equals("\\.") || line.equals("\\.\r");
  }
}
