package dev.ferry.ui.connections;

import dev.ferry.app.DemoEnvironment;
import dev.ferry.app.FerryDirectories;
import dev.ferry.ui.common.Workspace;
import java.util.Objects;

/**
 * The Demo profile: starts the embedded PostgreSQL and MongoDB (once per window), fills the forms
 * for them and connects.
 *
 * <p>Contract: starting the databases runs in the background; a demo already running is reused.
 */
public final class DemoViewModel {
  private final ConnectionTasks tasks;
  private final PostgresFormViewModel postgres;
  private final MongoFormViewModel mongo;
  private final SshFormViewModel ssh;
  private final Runnable connect;
  private Runnable onFilled = () -> {};

  DemoViewModel(
      ConnectionTasks tasks,
      PostgresFormViewModel postgres,
      MongoFormViewModel mongo,
      SshFormViewModel ssh,
      Runnable connect) {
    this.tasks = Objects.requireNonNull(tasks, "tasks");
    this.postgres = Objects.requireNonNull(postgres, "postgres");
    this.mongo = Objects.requireNonNull(mongo, "mongo");
    this.ssh = Objects.requireNonNull(ssh, "ssh");
    this.connect = Objects.requireNonNull(connect, "connect");
  }

  /** What else happens once the forms are filled (the profile box shows "Demo"). */
  void setOnFilled(Runnable action) {
    this.onFilled = Objects.requireNonNull(action, "action");
  }

  /** Starts the embedded demo (PostgreSQL + MongoDB), fills the forms and connects. */
  public void start() {
    Workspace workspace = tasks.workspace();
    DemoEnvironment running = workspace.demoProperty().get();
    if (running != null) {
      fill(running);
      connect.run();
      return;
    }
    workspace.statusProperty().set("Starting the demo databases…");
    tasks.messageProperty().set("Starting the demo databases (a few seconds)…");
    int orders = workspace.demoOrders();
    tasks.run(
        () -> DemoEnvironment.start(FerryDirectories.data(), orders),
        demo -> {
          workspace.demoProperty().set(demo);
          fill(demo);
          connect.run();
        },
        "Start the demo");
  }

  private void fill(DemoEnvironment demo) {
    postgres.fillDemo(demo.postgresJdbcUrl(), DemoEnvironment.READER);
    mongo.fillDemo(demo.mongoConnectionString(), DemoEnvironment.TARGET_DATABASE);
    ssh.enabledProperty().set(false);
    onFilled.run();
    tasks.messageProperty().set("Demo databases started: " + demo.counts().orders() + " orders.");
  }
}
