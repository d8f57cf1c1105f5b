package io.cutover.shell.plugin;

import io.cutover.shell.spi.MetaCommand;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Stream;

/**
 * Finds the extension commands: {@link ServiceLoader} providers of {@link MetaCommand} on the
 * class path (the bundled extensions) and in jars under {@code ~/.cutover/extensions/}. A broken
 * extension is reported and skipped; it never stops the shell.
 */
public final class ExtensionLoader {

  private final List<String> problems = new ArrayList<>();

  /** What went wrong while loading, one line each, to show as warnings. */
  public List<String> problems() {
    return List.copyOf(problems);
  }

  public List<MetaCommand> load(Path extensionsDirectory) {
    ClassLoader loader = classLoader(extensionsDirectory);
    List<MetaCommand> found = new ArrayList<>();
    var iterator = ServiceLoader.load(MetaCommand.class, loader).stream().iterator();
    while (true) {
      try {
        if (!iterator.hasNext()) {
          break;
        }
        found.add(iterator.next().get());
      } catch (ServiceConfigurationError | LinkageError e) {
        problems.add("could not load an extension command: " + e.getMessage());
      }
    }
    return found;
  }

  private ClassLoader classLoader(Path dir) {
    ClassLoader parent = ExtensionLoader.class.getClassLoader();
    if (!Files.isDirectory(dir)) {
      return parent;
    }
    List<URL> jars = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".jar")).sorted().toList()) {
        try {
          jars.add(p.toUri().toURL());
        } catch (MalformedURLException e) {
          problems.add("skipping extension jar " + p + ": " + e.getMessage());
        }
      }
    } catch (IOException e) {
      problems.add("could not list " + dir + ": " + e.getMessage());
    }
    return jars.isEmpty() ? parent : new URLClassLoader(jars.toArray(URL[]::new), parent);
  }
}
