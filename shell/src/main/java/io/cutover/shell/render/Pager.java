package io.cutover.shell.render;

import io.cutover.shell.connect.ConninfoParser;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Shows long output through {@code $PAGER} (default {@code less -SFX}), as psql does, only when
 * a person is at the terminal.
 */
public final class Pager {

  /** {@code \pset pager}: on (when longer than the screen), off, always. */
  public enum Mode { ON, OFF, ALWAYS }

  private Pager() {
  }

  /** Whether {@code text} should go through the pager on a terminal of {@code height} rows. */
  public static boolean isWanted(Mode mode, String text, int height, int width) {
    if (mode == Mode.OFF) {
      return false;
    }
    if (mode == Mode.ALWAYS) {
      return true;
    }
    if (height <= 0) {
      return false;
    }
    int lines = 0;
    int longest = 0;
    int start = 0;
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == '\n') {
        lines++;
        longest = Math.max(longest, i - start);
        start = i + 1;
      }
    }
    return lines >= height - 1 || (width > 0 && longest > width);
  }

  /**
   * Pipes {@code text} through the pager and waits for the user to leave it. Returns false
   * when the pager could not be started, so the caller prints the text itself.
   */
  public static boolean show(String text, Map<String, String> environment) {
    String command = environment.getOrDefault("PAGER", "").isBlank() ? "less -SFX" : environment.get("PAGER");
    ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", command).redirectOutput(ProcessBuilder.Redirect.INHERIT)
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    pb.environment().putIfAbsent("LESS", "-SRFX");
    pb.environment().remove(ConninfoParser.LAUNCHER_VARIABLE);
    try {
      Process p = pb.start();
      try (OutputStream in = p.getOutputStream()) {
        in.write(text.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // The user left the pager before reading everything: not an error.
      }
      p.waitFor();
      return true;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }
}
