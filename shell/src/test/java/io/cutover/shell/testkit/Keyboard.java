package io.cutover.shell.testkit;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keys typed by a test, read like a real terminal's input: a read waits for keys and is not
 * broken by a thread interrupt. (A {@code PipedInputStream} throws {@code InterruptedIOException}
 * when JLine pauses its input pump after a line, which the reader then takes for Ctrl-C.)
 */
public final class Keyboard extends InputStream {

  private final StringBuilder pending = new StringBuilder();
  private byte[] buffered = new byte[0];
  private int position;

  public synchronized void type(String keys) {
    pending.append(keys);
    notifyAll();
  }

  @Override
  public synchronized int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    if (len == 0) {
      return 0;
    }
    while (position == buffered.length && pending.length() == 0) {
      try {
        wait();
      } catch (InterruptedException e) {
        // A terminal's read ignores interrupts too; JLine checks its pause flag after the next key.
      }
    }
    if (position == buffered.length) {
      buffered = pending.toString().getBytes(StandardCharsets.UTF_8);
      pending.setLength(0);
      position = 0;
    }
    int n = Math.min(len, buffered.length - position);
    System.arraycopy(buffered, position, b, off, n);
    position += n;
    return n;
  }

  @Override
  public synchronized int available() {
    return buffered.length - position;
  }
}
