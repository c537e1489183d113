package dev.ferry.testing;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Drops the databases a test made with {@link MongoTestSupport#freshDatabase()} when it is done:
 * those made in a test method (or its {@code @BeforeEach}) after the method, those made in
 * {@code @BeforeAll} or while the test instance was built after the class.
 *
 * <p>Registered for every test class through JUnit's extension auto-detection ({@code
 * junit-platform.properties} and {@code META-INF/services}); classes without a database pay
 * nothing. Assumes the suite's sequential execution.
 */
public final class MongoTestDatabases
    implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MongoTestDatabases.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    open(context);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    open(context);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    close(context);
  }

  private static void open(ExtensionContext context) {
    context.getStore(NAMESPACE).put(context.getUniqueId(), MongoTestSupport.openScope());
  }

  private static void close(ExtensionContext context) {
    Optional.ofNullable(context.getStore(NAMESPACE).remove(context.getUniqueId(), List.class))
        .ifPresent(scope -> MongoTestSupport.closeScope(strings(scope)));
  }

  @SuppressWarnings("unchecked")
  private static List<String> strings(List<?> scope) {
    return (List<String>) scope;
  }
}
