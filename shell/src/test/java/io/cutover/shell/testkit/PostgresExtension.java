package io.cutover.shell.testkit;

import java.util.Locale;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives a test class its own {@link TestDatabase} on the one {@link PostgresServer} of the test
 * JVM: declare a {@code TestDatabase} parameter on a {@code @BeforeAll} method or a test.
 */
public final class PostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestDatabase.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> testClass = context.getRequiredTestClass();
    ExtensionContext classContext = context.getRoot();
    return classContext.getStore(NAMESPACE).getOrComputeIfAbsent(testClass,
        c -> PostgresServer.get().createDatabase(testClass.getSimpleName().toLowerCase(Locale.ROOT)),
        TestDatabase.class);
  }
}
