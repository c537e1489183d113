package dev.ferry.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A test that probes a quirk of mongo-java-server (the in-process server, or one in its own process
 * named by {@code FERRY_TEST_MONGO_URI}): it is reported as skipped against any other server.
 * Tagged {@value #TAG}.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(MongoJavaServerOnly.TAG)
@EnabledIf(
    value = "dev.ferry.testing.MongoTestSupport#isMongoJavaServer",
    disabledReason = "probes a quirk of mongo-java-server, and the target is another server")
public @interface MongoJavaServerOnly {
  /** The JUnit tag. */
  String TAG = "mongo-java-server";
}
