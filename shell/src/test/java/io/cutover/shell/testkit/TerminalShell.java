package io.cutover.shell.testkit;

import io.cutover.shell.cli.Main;
import io.cutover.shell.run.ShellEnvironment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/**
 * The interactive shell on an emulated terminal (120 x 40, xterm), in this JVM: keys typed with
 * {@link #type}, the screen read with {@link #screen} (escape sequences removed) and waited on
 * with {@link #await}.
 */
public class TerminalShell implements AutoCloseable {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  public final Keyboard keyboard = new Keyboard();
  public final ByteArrayOutputStream display = new ByteArrayOutputStream();
  public final CompletableFuture<Integer> status;
  public final CompletableFuture<Terminal> terminal = new CompletableFuture<>();

  /** Starts {@code cutover -X OPTIONS CONNINFO} on {@code db}, with {@code home} as its home and working directory. */
  public TerminalShell(TestDatabase db, Path home, String... options) throws IOException {
    this(db, home, home, options);
  }

  /** As above, in {@code directory} (the repository's root, for a test that names its example files). */
  public TerminalShell(TestDatabase db, Path home, Path directory, String... options) throws IOException {
    OutputStream screenOut = display;
    ShellEnvironment env = new ShellEnvironment(new ByteArrayInputStream(new byte[0]),
        new PrintStream(screenOut, true, StandardCharsets.UTF_8), new PrintStream(screenOut, true, StandardCharsets.UTF_8),
        db.environment(), home, directory);
    Main main = new Main(env, Optional.of(() -> {
      Terminal t = TerminalBuilder.builder().system(false).streams(keyboard, screenOut).type("xterm")
          .size(new Size(120, 40)).build();
      terminal.complete(t);
      return t;
    }), prompt -> Optional.empty());
    List<String> args = new ArrayList<>(List.of(options));
    args.addAll(List.of("-X", db.conninfo()));
    status = CompletableFuture.supplyAsync(() -> main.run(args.toArray(String[]::new)));
  }

  public void type(String keys) {
    keyboard.type(keys);
  }

  public String screen() {
    synchronized (display) {
      return display.toString(StandardCharsets.UTF_8).replaceAll("\u001B\\[[0-9;?]*[ -/]*[@-~]", "")
          .replaceAll("\u001B[()][A-Z0-9]", "").replaceAll("\u001B[=>]", "").replace("\r", "");
    }
  }

  /** Waits until the screen holds {@code text} after position {@code from}; returns where it ends. */
  public int await(String text, int from) {
    waitFor(() -> screen().indexOf(text, from) >= 0, "screen to show \"" + text + "\"");
    return screen().indexOf(text, from) + text.length();
  }

  public void waitFor(BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; screen:\n" + screen());
      }
      Thread.onSpinWait();
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  @Override
  public void close() throws Exception {
    if (!status.isDone()) {
      type("\\q\r");
    }
    status.get(30, TimeUnit.SECONDS);
  }
}
