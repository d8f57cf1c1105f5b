package io.cutover.shell.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** libpq's connection service file: INI sections of {@code keyword=value} lines. */
public final class ServiceFile {

  private ServiceFile() {
  }

  /** The keywords of {@code [service]}, or empty when the file or section is missing. */
  public static Optional<Map<String, String>> section(Path file, String service) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Map<String, String> found = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        if (found != null) {
          break;
        }
        if (line.substring(1, line.length() - 1).strip().equals(service)) {
          found = new LinkedHashMap<>();
        }
      } else if (found != null) {
        int eq = line.indexOf('=');
        if (eq > 0) {
          found.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
        }
      }
    }
    return Optional.ofNullable(found);
  }
}
