package dev.ferry.ui;

import dev.ferry.app.ConnectionProfiles;
import dev.ferry.ui.analysis.AnalysisView;
import dev.ferry.ui.analysis.AnalysisViewModel;
import dev.ferry.ui.common.Workspace;
import dev.ferry.ui.connections.ConnectionsView;
import dev.ferry.ui.connections.ConnectionsViewModel;
import dev.ferry.ui.connections.ProfilesViewModel;
import dev.ferry.ui.fx.UiExecutor;
import dev.ferry.ui.history.HistoryView;
import dev.ferry.ui.history.HistoryViewModel;
import dev.ferry.ui.preview.PreviewView;
import dev.ferry.ui.preview.PreviewViewModel;
import dev.ferry.ui.run.RunView;
import dev.ferry.ui.run.RunViewModel;
import dev.ferry.ui.schema.SchemaView;
import dev.ferry.ui.schema.SchemaViewModel;
import dev.ferry.ui.shell.MainView;
import dev.ferry.ui.shell.MainViewModel;
import dev.ferry.ui.shell.MainViewModel.Screen;
import dev.ferry.ui.shell.WindowPreferences;
import dev.ferry.ui.view.ErrorDialog;
import dev.ferry.ui.view.HostKeyDialog;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the window: builds the view models and views, wires the error and
 * host-key dialogs, and restores and remembers the window state.
 *
 * <p>Contract: {@link #show} runs on the FX thread and does no I/O (the preferences were loaded
 * before); {@link #shutdown()} cancels a running migration, saves the window state and closes the
 * session and demo, all in the background. Tests build the real window through this class.
 */
public final class FerryUi {
  private static final Logger LOG = LoggerFactory.getLogger(FerryUi.class);

  private final Stage stage;
  private final Path configDirectory;
  private final Workspace workspace;
  private final MainViewModel main;
  private final ConnectionsViewModel connections;
  private final SchemaViewModel schema;
  private final AnalysisViewModel analysis;
  private final PreviewViewModel preview;
  private final RunViewModel run;
  private final HistoryViewModel history;
  private AnalysisView analysisView;

  private FerryUi(Stage stage, UiExecutor ui, Path configDirectory, int demoOrders) {
    this.stage = stage;
    this.configDirectory = configDirectory;
    this.workspace = new Workspace(ui, demoOrders);
    this.main = new MainViewModel(workspace);
    this.connections = new ConnectionsViewModel(workspace, new ConnectionProfiles(configDirectory));
    this.schema = new SchemaViewModel(workspace);
    this.analysis = new AnalysisViewModel(workspace);
    this.preview = new PreviewViewModel(workspace);
    this.run = new RunViewModel(workspace);
    this.history = new HistoryViewModel(workspace);
    run.lastReportProperty().addListener((obs, old, report) -> history.refresh());
    schema.setOnAnalyze(
        () -> {
          main.go(Screen.ANALYSIS);
          analysis.analyze();
        });
  }

  /** Builds the window on {@code stage} and shows it. */
  public static FerryUi show(
      Stage stage,
      UiExecutor ui,
      Path configDirectory,
      WindowPreferences preferences,
      int demoOrders) {
    FerryUi app = new FerryUi(stage, ui, configDirectory, demoOrders);
    app.build(preferences);
    return app;
  }

  private void build(WindowPreferences preferences) {
    Map<Screen, Node> screens = new EnumMap<>(Screen.class);
    screens.put(Screen.CONNECTIONS, new ConnectionsView(connections).root());
    screens.put(Screen.SCHEMA, new SchemaView(schema).root());
    analysisView = new AnalysisView(analysis);
    screens.put(Screen.ANALYSIS, analysisView.root());
    screens.put(Screen.PREVIEW, new PreviewView(preview).root());
    screens.put(Screen.RUN, new RunView(run).root());
    screens.put(Screen.HISTORY, new HistoryView(history).root());
    main.darkProperty().set(preferences.dark());
    MainView view = new MainView(main, screens);
    Scene scene = new Scene(view.root(), preferences.width(), preferences.height());
    view.installShortcuts(scene);
    stage.setScene(scene);
    stage.setTitle("Ferry — PostgreSQL to MongoDB");
    if (!Double.isNaN(preferences.x()) && !Double.isNaN(preferences.y())) {
      stage.setX(preferences.x());
      stage.setY(preferences.y());
    }
    stage.setMaximized(preferences.maximized());
    workspace.addErrorListener(error -> ErrorDialog.show(stage, error));
    workspace.setHostKeyPrompt(key -> workspace.ui().callOnUi(() -> HostKeyDialog.ask(stage, key)));
    connections.profiles().nameProperty().set(preferences.lastProfile());
    connections.profiles().refresh();
    stage.show();
  }

  /** Starts the Demo profile (the {@code --demo} start). */
  public void startDemo() {
    connections.profiles().select(ProfilesViewModel.DEMO_PROFILE);
  }

  /** Cancels a run, saves the window state and closes everything, in the background. */
  public void shutdown() {
    run.cancel();
    WindowPreferences state =
        new WindowPreferences(
            stage.getX(),
            stage.getY(),
            stage.getWidth(),
            stage.getHeight(),
            stage.isMaximized(),
            main.darkProperty().get(),
            connections.profiles().nameProperty().get() == null
                ? ""
                : connections.profiles().nameProperty().get());
    workspace
        .ui()
        .submit(
            () -> {
              state.save(configDirectory);
              return null;
            },
            done -> {},
            error -> LOG.warn("could not save the window state: {}", error.toString()));
    workspace.close();
  }

  /** The shared state. */
  public Workspace workspace() {
    return workspace;
  }

  /** The main window's model. */
  public MainViewModel main() {
    return main;
  }

  /** The Connections screen's model. */
  public ConnectionsViewModel connections() {
    return connections;
  }

  /** The Schema screen's model. */
  public SchemaViewModel schema() {
    return schema;
  }

  /** The Analysis screen's model. */
  public AnalysisViewModel analysis() {
    return analysis;
  }

  /** The Analysis screen (tests replace its file dialog). */
  public AnalysisView analysisView() {
    return analysisView;
  }

  /** The Preview screen's model. */
  public PreviewViewModel preview() {
    return preview;
  }

  /** The Run screen's model. */
  public RunViewModel run() {
    return run;
  }

  /** The History screen's model. */
  public HistoryViewModel history() {
    return history;
  }

  /** The window. */
  public Stage stage() {
    return stage;
  }
}
