package io.cutover.shell.connect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Files and directories only their owner can read: created so from the start, never widened later. */
public final class PrivateFiles {

  private static final Set<PosixFilePermission> OWNER_DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_FILE = PosixFilePermissions.fromString("rw-------");

  private PrivateFiles() {
  }

  /** Creates {@code dir} (and its parents) if missing, and makes it 0700 either way (older versions made it 0755). */
  public static Path directory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      Files.createDirectories(dir.getParent());
      try {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(OWNER_DIRECTORY));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        // Made at the same moment by another shell: the chmod below still applies.
      }
    }
    Files.setPosixFilePermissions(dir, OWNER_DIRECTORY);
    return dir;
  }

  /** A new 0600 file in {@code dir} holding {@code content}; the caller deletes it. */
  static Path temporaryFile(Path dir, String content) throws IOException {
    Path file = Files.createTempFile(dir, "cutover", ".tmp", ownerFile());
    Files.writeString(file, content);
    return file;
  }

  /**
   * Replaces {@code file} by a 0600 file holding {@code content}, through a rename, so that no
   * reader sees half of it and no moment exists where it is readable by others.
   */
  static void replace(Path file, String content) throws IOException {
    Path next = Files.createTempFile(file.toAbsolutePath().getParent(), ".cutover", ".tmp", ownerFile());
    try {
      Files.writeString(next, content);
      Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(next);
    }
  }

  private static FileAttribute<Set<PosixFilePermission>> ownerFile() {
    return PosixFilePermissions.asFileAttribute(OWNER_FILE);
  }
}
