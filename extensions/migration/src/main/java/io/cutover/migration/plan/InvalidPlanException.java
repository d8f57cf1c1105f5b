package io.cutover.migration.plan;

import java.util.List;

/** A plan that cannot be used, with every problem found (not just the first). */
public final class InvalidPlanException extends Exception {

  private final List<PlanProblem> problems;

  public InvalidPlanException(List<PlanProblem> problems) {
    super(problems.size() == 1 ? problems.get(0).toString()
        : problems.size() + " problems:\n  " + String.join("\n  ", problems.stream().map(PlanProblem::toString).toList()));
    this.problems = List.copyOf(problems);
  }

  public List<PlanProblem> problems() {
    return problems;
  }
}
