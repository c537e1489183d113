package dev.ferry.ui;

import static dev.ferry.ui.GuiTesting.await;
import static dev.ferry.ui.GuiTesting.onFx;

import dev.ferry.ui.connections.TestState;
import dev.ferry.ui.fx.FxUiExecutor;
import dev.ferry.ui.shell.MainViewModel.Screen;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import org.slf4j.LoggerFactory;
import org.testfx.api.FxToolkit;

/**
 * Renders every screen at 1280×800 with the demo data into PNG files (run by {@code
 * scripts/screenshots.sh} under Monocle headless): connections, schema, analysis (client report and
 * mapping editor), preview with explanation, run in progress, run finished, history.
 */
public final class ScreenshotRenderer {
  private ScreenshotRenderer() {}

  /** {@code args[0]}: the output directory. */
  public static void main(String[] args) {
    int status = 0;
    try {
      render(args);
    } catch (Exception | AssertionError e) {
      LoggerFactory.getLogger(ScreenshotRenderer.class).error("rendering failed", e);
      status = 1;
    }
    // The demo servers and the executor's threads must not keep the JVM alive.
    System.exit(status);
  }

  private static void render(String[] args) throws Exception {
    Path out = Path.of(args.length > 0 ? args[0] : "screenshots");
    Files.createDirectories(out);
    Path home = Files.createTempDirectory("ferry-shots");
    FxUiExecutor executor = new FxUiExecutor();
    FerryUi ui = GuiTesting.start(home, executor, 20_000);
    onFx(
        () -> {
          ui.stage().setWidth(1280);
          ui.stage().setHeight(800);
          ui.startDemo();
          return null;
        });
    await(300, () -> ui.workspace().session() != null);
    onFx(
        () -> {
          ui.connections().postgres().testResultProperty().set("");
          return null;
        });
    onFx(
        () -> {
          ui.connections().testPostgres();
          ui.connections().testMongo();
          return null;
        });
    await(
        60,
        () ->
            ui.connections().postgres().testStateProperty().get() == TestState.OK
                && ui.connections().mongo().testStateProperty().get() == TestState.OK);
    shoot(ui, out, "connections");

    go(ui, Screen.SCHEMA);
    await(60, () -> ui.schema().snapshotProperty().get() != null);
    onFx(
        () -> {
          var snapshot = ui.schema().snapshotProperty().get();
          snapshot.schemas().stream()
              .flatMap(s -> s.relations().stream())
              .filter(r -> r.name().equals("orders"))
              .findFirst()
              .ifPresent(ui.schema()::select);
          return null;
        });
    await(60, () -> ui.schema().sampleProperty().get() != null);
    shoot(ui, out, "schema");

    go(ui, Screen.ANALYSIS);
    onFx(
        () -> {
          ui.analysis().analyze();
          return null;
        });
    await(300, () -> ui.analysis().analysisProperty().get() != null);
    shoot(ui, out, "analysis");
    onFx(
        () -> {
          ui.analysisView().showMappingEditor();
          return null;
        });
    shoot(ui, out, "analysis-mapping");

    go(ui, Screen.PREVIEW);
    onFx(
        () -> {
          ui.preview().argumentProperty().set("20");
          ui.preview().load();
          return null;
        });
    await(60, () -> ui.preview().entries().size() == 20);
    shoot(ui, out, "preview");

    go(ui, Screen.RUN);
    onFx(
        () -> {
          ui.run().batchSizeProperty().set(200);
          ui.run().start();
          return null;
        });
    await(120, () -> ui.run().progressProperty().get() > 0.45);
    shoot(ui, out, "run-progress");
    await(300, () -> ui.run().lastReport().isPresent() && !ui.run().rejects().isEmpty());
    Thread.sleep(500);
    shoot(ui, out, "run-finished");

    go(ui, Screen.HISTORY);
    await(60, () -> !ui.history().runs().isEmpty());
    // Select the newest run so its settings show; the list may still be refreshed once after the
    // run, which clears the selection, so select until it holds.
    for (int attempt = 0; attempt < 20; attempt++) {
      boolean selected =
          onFx(
              () -> {
                boolean any = false;
                for (var node : ui.stage().getScene().getRoot().lookupAll(".table-view")) {
                  if (node instanceof javafx.scene.control.TableView<?> table
                      && table.getItems() == ui.history().runs()) {
                    table.getSelectionModel().select(0);
                    any = table.getSelectionModel().getSelectedItem() != null;
                  }
                }
                return any;
              });
      Thread.sleep(300);
      if (selected
          && onFx(
              () ->
                  ui.stage().getScene().getRoot().lookupAll(".table-view").stream()
                      .filter(
                          n ->
                              n instanceof javafx.scene.control.TableView<?> t
                                  && t.getItems() == ui.history().runs())
                      .map(n -> (javafx.scene.control.TableView<?>) n)
                      .anyMatch(t -> t.getSelectionModel().getSelectedItem() != null))) {
        break;
      }
    }
    shoot(ui, out, "history");

    onFx(
        () -> {
          ui.main().darkProperty().set(true);
          return null;
        });
    go(ui, Screen.RUN);
    shoot(ui, out, "run-finished-dark");
    GuiTesting.stop(ui, executor);
    FxToolkit.cleanupStages();
  }

  private static void go(FerryUi ui, Screen screen) throws Exception {
    onFx(
        () -> {
          ui.main().go(screen);
          return null;
        });
  }

  private static void shoot(FerryUi ui, Path out, String name) throws Exception {
    Thread.sleep(400);
    WritableImage image = onFx(() -> ui.stage().getScene().snapshot(null));
    File file = out.resolve(name + ".png").toFile();
    ImageIO.write(SwingFXUtils.fromFXImage(image, null), "png", file);
  }
}
