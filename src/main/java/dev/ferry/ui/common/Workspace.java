package dev.ferry.ui.common;

import dev.ferry.app.DemoEnvironment;
import dev.ferry.app.FerrySession;
import dev.ferry.app.RejectPolicy;
import dev.ferry.tunnel.HostKeyPrompt;
import dev.ferry.ui.fx.UiExecutor;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * State shared by the screens: the open session, the running demo, the status line, the reject
 * policy of the desktop app's runs, and the error and host-key hooks the shell provides.
 *
 * <p>Contract: properties are read and written on the UI thread only. Replacing the session closes
 * the previous one in the background. {@link #close()} closes the session and stops the demo in the
 * background (called on exit).
 */
public final class Workspace {
  private static final Logger LOG = LoggerFactory.getLogger(Workspace.class);

  private final UiExecutor ui;
  private final int demoOrders;
  private final ObjectProperty<FerrySession> session = new SimpleObjectProperty<>(this, "session");
  private final ObjectProperty<DemoEnvironment> demo = new SimpleObjectProperty<>(this, "demo");
  private final StringProperty status = new SimpleStringProperty(this, "status", "Not connected");
  private final List<Consumer<ErrorInfo>> errorListeners = new CopyOnWriteArrayList<>();
  private volatile HostKeyPrompt hostKeyPrompt = HostKeyPrompt.REFUSE;
  private RejectPolicy rejectPolicy = RejectPolicy.COLLECT;

  /**
   * A workspace whose background work goes through {@code ui}; the demo makes {@code demoOrders}.
   */
  public Workspace(UiExecutor ui, int demoOrders) {
    this.ui = Objects.requireNonNull(ui, "ui");
    this.demoOrders = demoOrders;
  }

  /** The hand-over to the background and back. */
  public UiExecutor ui() {
    return ui;
  }

  /** Orders the demo database gets. */
  public int demoOrders() {
    return demoOrders;
  }

  /** The open session, or null. */
  public ObjectProperty<FerrySession> sessionProperty() {
    return session;
  }

  /** The open session, or null. */
  public FerrySession session() {
    return session.get();
  }

  /** True while a session is open. */
  public BooleanBinding connected() {
    return Bindings.isNotNull(session);
  }

  /** Replaces the session, closing the previous one in the background. */
  public void replaceSession(FerrySession next) {
    FerrySession previous = session.get();
    session.set(next);
    if (previous != null && previous != next) {
      ui.submit(
          () -> {
            previous.close();
            return null;
          },
          done -> {},
          error -> LOG.warn("closing the previous session failed: {}", error.toString()));
    }
  }

  /** The running demo environment, or null. */
  public ObjectProperty<DemoEnvironment> demoProperty() {
    return demo;
  }

  /** The one-line status shown at the bottom of the window. */
  public StringProperty statusProperty() {
    return status;
  }

  /** Shows {@code error} to the user (the shell opens a dialog). */
  public void reportError(ErrorInfo error) {
    LOG.info("{}: {} {}", error.title(), error.cause(), error.action());
    for (Consumer<ErrorInfo> listener : errorListeners) {
      listener.accept(error);
    }
  }

  /** Registers who shows errors. */
  public void addErrorListener(Consumer<ErrorInfo> listener) {
    errorListeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** How unknown SSH host keys are decided (the shell installs a dialog). */
  public HostKeyPrompt hostKeyPrompt() {
    return hostKeyPrompt;
  }

  /** Installs how unknown SSH host keys are decided. */
  public void setHostKeyPrompt(HostKeyPrompt prompt) {
    this.hostKeyPrompt = Objects.requireNonNull(prompt, "prompt");
  }

  /** What runs started from the desktop app do with rejects (the mapping editor sets it). */
  public RejectPolicy rejectPolicy() {
    return rejectPolicy;
  }

  /** Sets what runs started from the desktop app do with rejects. */
  public void setRejectPolicy(RejectPolicy policy) {
    this.rejectPolicy = Objects.requireNonNull(policy, "policy");
  }

  /** Closes the session and stops the demo, in the background. */
  public void close() {
    FerrySession open = session.get();
    DemoEnvironment running = demo.get();
    session.set(null);
    demo.set(null);
    ui.submit(
        () -> {
          if (open != null) {
            open.close();
          }
          if (running != null) {
            running.close();
          }
          return null;
        },
        done -> {},
        error -> LOG.warn("shutting down failed: {}", error.toString()));
  }
}
