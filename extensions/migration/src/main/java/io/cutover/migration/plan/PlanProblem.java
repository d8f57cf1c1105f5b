package io.cutover.migration.plan;

/** One thing wrong with a plan, located by its JSON path ({@code dimensions[3].column}). */
public record PlanProblem(String path, String message) {
  @Override
  public String toString() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
