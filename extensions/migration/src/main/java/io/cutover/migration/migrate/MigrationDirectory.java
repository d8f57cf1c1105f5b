package io.cutover.migration.migrate;

import io.cutover.shell.spi.CommandException;
import io.cutover.shell.spi.SqlScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The migrations of a directory: {@code V<version>__<description>.sql} files (Flyway's naming,
 * so existing Flyway folders work), schema and data ones in one sequence ordered by version.
 * Files in a {@code data/} sub-folder are data migrations.
 */
public final class MigrationDirectory {

  private static final Pattern NAME = Pattern.compile("V(\\d+(?:[._]\\d+)*)__(.+)\\.sql");
  /** A directive is a whole {@code --} comment, as the lexer reads comments (not text inside a name or literal). */
  private static final Pattern DIRECTIVE = Pattern.compile("--\\s*cutover:([a-z-]+)(.*)");

  /** The files, and remarks about those ignored. */
  public record Scan(List<MigrationFile> files, List<String> ignored) {
  }

  private MigrationDirectory() {
  }

  /**
   * The directory as the file system has it: absolute, symlinks resolved (of the part that exists),
   * so that one directory reached two ways (a symlink, "..") is known as one.
   */
  public static Path real(Path dir) {
    Path absolute = dir.toAbsolutePath().normalize();
    Path existing = absolute;
    while (existing != null && !Files.exists(existing)) {
      existing = existing.getParent();
    }
    if (existing == null) {
      return absolute;
    }
    try {
      return existing.toRealPath().resolve(existing.relativize(absolute));
    } catch (IOException e) {
      return absolute;
    }
  }

  public static Scan scan(Path typed) throws CommandException {
    if (!Files.isDirectory(typed)) {
      throw new CommandException("no migrations directory " + typed,
          "generate one with \\migrate generate, or name another with --dir DIR");
    }
    // Walked from its real path: a symlinked directory is walked too (Files.walk does not follow a link it starts at).
    Path dir = real(typed);
    List<MigrationFile> files = new ArrayList<>();
    List<String> ignored = new ArrayList<>();
    Map<MigrationVersion, Path> seen = new HashMap<>();
    List<Path> candidates;
    try (Stream<Path> s = Files.walk(dir, 2)) {
      candidates = s.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(".sql")).sorted().toList();
    } catch (IOException e) {
      throw new CommandException("cannot read " + dir + ": " + e.getMessage());
    }
    for (Path p : candidates) {
      Path rel = dir.relativize(p);
      boolean inData = rel.getNameCount() == 2 && rel.getName(0).toString().equals("data");
      if (rel.getNameCount() > 1 && !inData) {
        ignored.add(rel + " (only the directory itself and data/ hold migrations)");
        continue;
      }
      Matcher m = NAME.matcher(p.getFileName().toString());
      if (!m.matches()) {
        ignored.add(rel + " (not named V<version>__<description>.sql)");
        continue;
      }
      MigrationVersion version = MigrationVersion.parse(m.group(1));
      Path other = seen.putIfAbsent(version, rel);
      if (other != null) {
        throw new CommandException("two migrations have version " + version + ": " + other + " and " + rel,
            "renumber one of them");
      }
      files.add(read(p, rel, version, m.group(2).replace('_', ' '), inData));
    }
    files.sort((a, b) -> a.version().compareTo(b.version()));
    return new Scan(files, ignored);
  }

  private static MigrationFile read(Path file, Path rel, MigrationVersion version, String description, boolean inData)
      throws CommandException {
    String script;
    try {
      script = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new CommandException("cannot read " + file + ": " + e.getMessage());
    }
    boolean data = inData;
    MigrationFile.TxMode mode = MigrationFile.TxMode.TRANSACTIONAL;
    Set<LintRule> allowed = EnumSet.noneOf(LintRule.class);
    for (String comment : SqlScript.lineComments(script)) {
      Matcher d = DIRECTIVE.matcher(comment);
      if (!d.matches()) {
        continue;
      }
      String arg = d.group(2).strip();
      switch (d.group(1)) {
        case "no-transaction" -> mode = MigrationFile.TxMode.NO_TRANSACTION;
        case "data" -> data = true;
        case "allow" -> {
          for (String r : arg.split("[,\\s]+")) {
            if (!r.isEmpty()) {
              LintRule rule = LintRule.byId(r).orElseThrow(() -> new CommandException(rel + ": unknown lint rule \"" + r
                  + "\" in -- cutover:allow", "rules: " + LintRule.ids()));
              if (rule.acceptance() == LintRule.Acceptance.NEVER) {
                throw new CommandException(rel + ": " + r + " cannot be allowed: " + rule.risk(),
                    "remove the -- cutover:allow " + r + " line; " + rule.alternative());
              }
              allowed.add(rule);
            }
          }
        }
        default -> throw new CommandException(rel + ": unknown directive \"-- cutover:" + d.group(1) + "\"",
            "directives: -- cutover:no-transaction, -- cutover:data, -- cutover:allow RULE");
      }
    }
    List<SqlScript.Statement> statements;
    try {
      statements = SqlScript.split(script);
    } catch (IllegalArgumentException e) {
      throw new CommandException(rel + ": " + e.getMessage());
    }
    return new MigrationFile(version, description,
        data ? MigrationFile.Kind.DATA : MigrationFile.Kind.SCHEMA, mode, rel, script, Checksums.of(script), allowed,
        statements);
  }
}
