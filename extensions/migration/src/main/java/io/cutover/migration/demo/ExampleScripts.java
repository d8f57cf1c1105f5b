package io.cutover.migration.demo;

import io.cutover.shell.spi.CommandException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The heartbeats example's files, shipped inside the jar (examples/heartbeats of the repository). */
final class ExampleScripts {

  static final String SCHEMA = "schema.sql";
  static final String USERS = "users.sql";
  static final String GENERATE = "generate.sql";

  private ExampleScripts() {
  }

  static String read(String name) throws CommandException {
    String path = "/examples/heartbeats/" + name;
    try (InputStream in = ExampleScripts.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new CommandException("the example file " + path + " is missing from the jar", "rebuild with ./scripts/cutover");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandException("cannot read " + path + ": " + e.getMessage());
    }
  }
}
