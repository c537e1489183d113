package dev.ferry.ui.connections;

import dev.ferry.app.Failures;
import dev.ferry.tunnel.TunnelFailure;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * What the parts of the Connections screen share: the workspace, the busy flag while background
 * work of the screen runs, the message line under the forms, and how a failure reads here.
 *
 * <p>Contract: {@link #run} hands the work to the workspace's executor and calls back on the UI
 * thread; {@link #busyProperty()} is true from the hand-over until the callback.
 */
final class ConnectionTasks {
  private final Workspace workspace;
  private final BooleanProperty busy = new SimpleBooleanProperty(this, "busy");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");

  ConnectionTasks(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
  }

  Workspace workspace() {
    return workspace;
  }

  BooleanProperty busyProperty() {
    return busy;
  }

  StringProperty messageProperty() {
    return message;
  }

  /** Runs {@code work}; a failure is reported to the user under {@code title}. */
  <T> void run(Callable<T> work, Consumer<? super T> onSuccess, String title) {
    run(
        work,
        onSuccess,
        error -> {
          workspace.statusProperty().set(title + " failed.");
          workspace.reportError(errorInfo(title, error));
        });
  }

  /** Runs {@code work}, then exactly one of the callbacks. */
  <T> void run(
      Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
    busy.set(true);
    workspace
        .ui()
        .submit(
            work,
            value -> {
              busy.set(false);
              onSuccess.accept(value);
            },
            error -> {
              busy.set(false);
              onFailure.accept(error);
            });
  }

  /**
   * The error as this screen shows it. The tunnel's unknown-host message ends with advice for the
   * command line ({@code --ssh-accept-new-host-key}); here the remedy is the trust dialog.
   */
  static ErrorInfo errorInfo(String title, Throwable error) {
    ErrorInfo info = ErrorInfo.of(title, error);
    if (Failures.tunnelFailure(error).equals(Optional.of(TunnelFailure.UNKNOWN_HOST_KEY))) {
      return new ErrorInfo(
          info.title(),
          info.cause(),
          "Verify the fingerprint with the server's administrator, then connect again and choose"
              + " Trust if it matches.",
          info.details());
    }
    return info;
  }
}
