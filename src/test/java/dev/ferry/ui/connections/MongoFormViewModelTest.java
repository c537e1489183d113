package dev.ferry.ui.connections;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.sink.MongoSettings;
import dev.ferry.testing.MongoTestSupport;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The MongoDB form alone: validation in one sentence and its Test button. */
class MongoFormViewModelTest {
  private final ConnectionTasks tasks =
      new ConnectionTasks(new Workspace(new SameThreadUiExecutor(), 10));
  private final MongoFormViewModel form = new MongoFormViewModel(tasks);

  @Test
  void settingsNeedAMongoUriAndADatabaseAndDefaultTheCollection() {
    form.databaseProperty().set("");
    assertThatThrownBy(form::settings).hasMessage("The MongoDB database is required.");
    form.uriProperty().set("postgresql://x");
    form.databaseProperty().set("shop");
    assertThatThrownBy(form::settings)
        .hasMessage("The MongoDB connection string must start with mongodb:// or mongodb+srv://.");
    form.uriProperty().set("mongodb://db:27017");
    form.collectionProperty().set(" ");

    MongoSettings settings = form.settings();

    assertThat(settings.database()).isEqualTo("shop");
    assertThat(settings.collection()).isEqualTo(MongoSettings.DEFAULT_COLLECTION);
  }

  @Test
  void testingAServerThatAnswersSaysSo() {
    form.uriProperty().set(MongoTestSupport.connectionString());
    form.databaseProperty().set(MongoTestSupport.freshDatabase());

    form.test();

    assertThat(form.testStateProperty().get()).isEqualTo(TestState.OK);
    assertThat(form.testResultProperty().get()).startsWith("Connected");
    assertThat(tasks.busyProperty().get()).isFalse();
  }

  @Test
  void testingAPortWhereNothingListensSaysWhatToCheck() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = socket.getLocalPort();
    }
    form.uriProperty().set("mongodb://127.0.0.1:" + closed);
    form.databaseProperty().set("shop");

    form.test();

    assertThat(form.testStateProperty().get()).isEqualTo(TestState.FAILED);
    assertThat(form.testResultProperty().get()).contains("127.0.0.1:" + closed);
  }
}
