package dev.ferry.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * A test of what a real MongoDB adds (authentication, TLS, replica sets, write concerns, size
 * limits): it runs only when {@code FERRY_TEST_MONGO_URI} names a MongoDB server and is reported as
 * skipped elsewhere. Tagged {@value #TAG}, so {@code -Dgroups=real-mongodb} selects these alone.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Tag(RealMongoDbOnly.TAG)
@EnabledIf(
    value = "dev.ferry.testing.MongoTestSupport#isRealMongoDb",
    disabledReason = "needs a real MongoDB: set FERRY_TEST_MONGO_URI=mongodb://…")
public @interface RealMongoDbOnly {
  /** The JUnit tag. */
  String TAG = "real-mongodb";
}
