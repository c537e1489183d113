package dev.ferry.ui.view;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Ferry's own save dialog, driven like a user: the name typed is the file saved, a name without an
 * extension gets one, an existing file needs a second Save, Cancel saves nothing.
 */
class SaveDialogGuiTest {
  private static Stage owner;
  private final FxRobot robot = new FxRobot();
  @TempDir Path dir;

  @BeforeAll
  static void showOwner() throws Exception {
    FxToolkit.registerPrimaryStage();
    // A window of its own: the primary stage is the app window the other GUI tests share.
    owner =
        WaitForAsyncUtils.asyncFx(
                () -> {
                  Stage stage = new Stage();
                  stage.setScene(new Scene(new Label("owner"), 400, 300));
                  stage.show();
                  return stage;
                })
            .get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void hideOwner() throws Exception {
    WaitForAsyncUtils.asyncFx(owner::hide).get(30, TimeUnit.SECONDS);
  }

  @AfterEach
  void closeDialogs() throws Exception {
    WaitForAsyncUtils.asyncFx(
            () ->
                Window.getWindows().stream().filter(w -> w != owner).toList().forEach(Window::hide))
        .get(30, TimeUnit.SECONDS);
  }

  /** Opens the dialog; its answer completes the future once the user has answered. */
  private CompletableFuture<Optional<Path>> open(String initialName) {
    CompletableFuture<Optional<Path>> answer = new CompletableFuture<>();
    Platform.runLater(
        () ->
            answer.complete(
                SaveDialog.ask(
                    owner, "Save the job file", initialName, "Job file", "*.yaml", "*.json")));
    WaitForAsyncUtils.waitForFxEvents();
    robot.lookup("#save-name").query();
    return answer;
  }

  private void typeInto(String id, String text) {
    robot.clickOn(id);
    robot.push(KeyCode.CONTROL, KeyCode.A);
    robot.push(KeyCode.BACK_SPACE);
    robot.write(text);
  }

  @Test
  void theNameTypedIsTheFileSavedWithTheDefaultExtensionAdded() throws Exception {
    CompletableFuture<Optional<Path>> answer = open("shop.ferry.yaml");
    typeInto("#save-folder", dir.toString());
    typeInto("#save-name", "typed-name");
    robot.type(KeyCode.ENTER);

    assertThat(answer.get(30, TimeUnit.SECONDS)).contains(dir.resolve("typed-name.yaml"));
  }

  @Test
  void theProposedNameIsSavedAsItIsAndItsBaseIsSelectedForTyping() throws Exception {
    CompletableFuture<Optional<Path>> answer = open("shop.ferry.yaml");
    TextField name = robot.lookup("#save-name").queryAs(TextField.class);
    assertThat(WaitForAsyncUtils.asyncFx(name::getSelectedText).get()).isEqualTo("shop");
    typeInto("#save-folder", dir.toString());
    robot.clickOn("Save");

    assertThat(answer.get(30, TimeUnit.SECONDS)).contains(dir.resolve("shop.ferry.yaml"));
  }

  @Test
  void anExistingFileIsReplacedOnlyAfterASecondSave() throws Exception {
    Files.writeString(dir.resolve("shop.ferry.yaml"), "old");
    CompletableFuture<Optional<Path>> answer = open("shop.ferry.yaml");
    typeInto("#save-folder", dir.toString());
    robot.clickOn("Save");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(answer).isNotDone();
    assertThat(robot.lookup("#save-problem").queryAs(Label.class).getText())
        .isEqualTo("shop.ferry.yaml already exists there; press Save again to replace it.");
    robot.clickOn("Save");
    assertThat(answer.get(30, TimeUnit.SECONDS)).contains(dir.resolve("shop.ferry.yaml"));
  }

  @Test
  void aMissingFolderIsSaidAndCancelSavesNothing() throws Exception {
    CompletableFuture<Optional<Path>> answer = open("shop.ferry.yaml");
    typeInto("#save-folder", dir.resolve("missing").toString());
    robot.clickOn("Save");
    WaitForAsyncUtils.waitForFxEvents();

    assertThat(robot.lookup("#save-problem").queryAs(Label.class).getText())
        .isEqualTo("The folder " + dir.resolve("missing") + " does not exist.");
    robot.clickOn("Cancel");
    assertThat(answer.get(30, TimeUnit.SECONDS)).isEmpty();
  }
}
