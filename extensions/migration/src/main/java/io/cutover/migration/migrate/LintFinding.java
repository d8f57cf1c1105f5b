package io.cutover.migration.migrate;

/** A rule broken at a line of a migration file. */
public record LintFinding(MigrationFile file, int line, LintRule rule, String subject) {

  public boolean isAllowed() {
    return file.allowed().contains(rule);
  }

  /** {@code V2__x.sql:3: index-concurrently on heartbeats: risk. Safe way. To accept: ...} */
  public String message() {
    return file.name() + ":" + line + ": " + rule.id() + (subject.isEmpty() ? "" : " on " + subject) + ": "
        + rule.risk() + ". Instead, " + rule.alternative() + (rule.acceptance() == LintRule.Acceptance.NEVER ? ""
        : ". To accept the risk, add the line: -- cutover:allow " + rule.id());
  }
}
