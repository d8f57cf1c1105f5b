package io.cutover.migration.migrate;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** Flyway's checksum: CRC32 over the lines, so line endings and a BOM do not change it. */
final class Checksums {

  private Checksums() {
  }

  static int of(String script) {
    CRC32 crc = new CRC32();
    String text = script.startsWith("\uFEFF") ? script.substring(1) : script;
    for (String line : text.split("\r\n|\r|\n", -1)) {
      crc.update(line.getBytes(StandardCharsets.UTF_8));
    }
    return (int) crc.getValue();
  }
}
