package io.cutover.shell.run;

import io.cutover.shell.lexer.StatementLexer;
import io.cutover.shell.spi.CommandException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Set;

/**
 * psql's {@code \if \elif \else \endif} of one input (each file has its own): which branch is
 * taken, and whether what is read now runs. An expression is evaluated only where it could
 * matter, as psql does not evaluate one inside a branch that is not taken.
 */
final class Conditionals {

  /** The commands this handles instead of the command registry. */
  static final Set<String> COMMANDS = Set.of("if", "elif", "else", "endif");

  /** psql's IFSTATE_*: where one {@code \if} block is. */
  private enum Branch {
    /** In a true branch. */
    TRUE,
    /** In a false branch; a later {@code \elif} or {@code \else} may be taken. */
    FALSE,
    /** Not taken and none later will be: a branch was taken before, or the enclosing one is not. */
    IGNORED,
    ELSE_TRUE,
    ELSE_FALSE
  }

  /** An expression's value; an expression that is not a boolean is an error, and the branch is not taken. */
  @FunctionalInterface
  interface Condition {
    boolean evaluate() throws CommandException;
  }

  /** The query buffer as long as it was where a branch not taken began: what it reads is discarded. */
  interface QueryText {
    StatementLexer.BufferMark mark();

    void restore(StatementLexer.BufferMark mark);
  }

  private final Deque<Branch> stack = new ArrayDeque<>();
  private final Deque<StatementLexer.BufferMark> queryMarks = new ArrayDeque<>();
  private final QueryText query;

  Conditionals(QueryText query) {
    this.query = query;
  }

  /** Whether statements and commands read now run. */
  boolean isActive() {
    return stack.isEmpty() || isTaken(stack.peek());
  }

  private static boolean isTaken(Branch b) {
    return b == Branch.TRUE || b == Branch.ELSE_TRUE;
  }

  boolean isOpen() {
    return !stack.isEmpty();
  }

  /**
   * Applies {@code \\name}; {@code condition} evaluates its expression when needed.
   *
   * @throws CommandException a misplaced branch, or an expression that is not a boolean (taken as false)
   */
  void apply(String name, Condition condition) throws CommandException {
    switch (name) {
      case "if" -> {
        if (!isActive()) {
          push(Branch.IGNORED);
          return;
        }
        push(Branch.FALSE);
        replaceTop(condition.evaluate() ? Branch.TRUE : Branch.FALSE);
      }
      case "elif" -> {
        Branch top = current();
        if (top == Branch.ELSE_TRUE || top == Branch.ELSE_FALSE) {
          throw new CommandException("cannot occur after \\else");
        }
        if (top == Branch.TRUE) {
          replaceTop(Branch.IGNORED);
        } else if (top == Branch.FALSE) {
          replaceTop(condition.evaluate() ? Branch.TRUE : Branch.FALSE);
        }
      }
      case "else" -> {
        Branch top = current();
        if (top == Branch.ELSE_TRUE || top == Branch.ELSE_FALSE) {
          throw new CommandException("cannot occur after \\else");
        }
        replaceTop(top == Branch.FALSE ? Branch.ELSE_TRUE : Branch.ELSE_FALSE);
      }
      default -> {
        current();
        leave(stack.pop());
        queryMarks.pop();
      }
    }
  }

  private Branch current() throws CommandException {
    if (stack.isEmpty()) {
      throw new CommandException("no matching \\if");
    }
    return stack.peek();
  }

  private void push(Branch branch) {
    stack.push(branch);
    queryMarks.push(query.mark());
  }

  /** Moves from the top branch to {@code branch}, discarding what a branch not taken read. */
  private void replaceTop(Branch branch) {
    leave(stack.pop());
    stack.push(branch);
    queryMarks.pop();
    queryMarks.push(query.mark());
  }

  private void leave(Branch branch) {
    if (!isTaken(branch)) {
      query.restore(queryMarks.peek());
    }
  }
}
