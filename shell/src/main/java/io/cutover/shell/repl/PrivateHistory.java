package io.cutover.shell.repl;

import io.cutover.shell.connect.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.jline.reader.impl.history.DefaultHistory;

/**
 * The history file: readable by its owner only (0600), and never given a line that holds a
 * password (a URI with one, {@code ALTER ROLE ... PASSWORD}, {@code password=}).
 */
final class PrivateHistory extends DefaultHistory {

  static void prepare(Path file) throws IOException {
    PrivateFiles.directory(file.getParent());
    if (!Files.exists(file)) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    }
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }

  @Override
  public void add(Instant time, String line) {
    if (!SecretFilter.containsSecret(line)) {
      super.add(time, line);
    }
  }
}
