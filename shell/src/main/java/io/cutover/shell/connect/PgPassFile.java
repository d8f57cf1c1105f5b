package io.cutover.shell.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * libpq's password file: lines of {@code hostname:port:database:username:password}, {@code *}
 * matching anything, {@code \:} and {@code \\} escaped. As libpq does, a file readable by group
 * or others is ignored with a warning.
 */
public final class PgPassFile {

  private PgPassFile() {
  }

  /** The password of the first matching line, or empty. */
  public static Optional<String> lookup(Path file, String host, int port, String database, String user,
                                        List<String> warnings) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
      if (perms.stream().anyMatch(p -> p.name().startsWith("GROUP") || p.name().startsWith("OTHERS"))) {
        warnings.add("password file \"" + file + "\" has group or world access; permissions should be u=rw (0600) or less");
        return Optional.empty();
      }
    } catch (UnsupportedOperationException | IOException e) {
      // Not a POSIX file system: libpq skips the check there too.
    }
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        List<String> f = fields(line);
        if (f.size() < 5) {
          continue;
        }
        if (matches(f.get(0), host) && matches(f.get(1), Integer.toString(port))
            && matches(f.get(2), database) && matches(f.get(3), user)) {
          return Optional.of(f.get(4));
        }
      }
    } catch (IOException e) {
      warnings.add("could not read password file \"" + file + "\": " + e.getMessage());
    }
    return Optional.empty();
  }

  private static boolean matches(String pattern, String value) {
    return pattern.equals("*") || pattern.equals(value)
        || (pattern.equals("localhost") && (value.equals("127.0.0.1") || value.equals("::1")));
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\' && i + 1 < line.length()) {
        cur.append(line.charAt(++i));
      } else if (c == ':' && out.size() < 4) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
