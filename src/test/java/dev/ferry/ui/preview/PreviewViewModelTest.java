package dev.ferry.ui.preview;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.engine.OrderSelection;
import dev.ferry.ui.SameThreadUiExecutor;
import dev.ferry.ui.common.Workspace;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The Preview view model without a robot: order selection and JSON highlighting. */
class PreviewViewModelTest {
  private final PreviewViewModel model =
      new PreviewViewModel(new Workspace(new SameThreadUiExecutor(), 10));

  @Test
  void theFormBecomesASelection() {
    model.argumentProperty().set("7");
    assertThat(model.selection()).isEqualTo(OrderSelection.first(7));
    model.modeProperty().set(PreviewViewModel.Mode.BY_UID);
    model.argumentProperty().set("a, b c");
    assertThat(model.selection()).isEqualTo(OrderSelection.byUids(List.of("a", "b", "c")));
    model.modeProperty().set(PreviewViewModel.Mode.BY_CLIENT);
    model.argumentProperty().set("client-9");
    assertThat(model.selection().clientUid()).contains("client-9");
    assertThat(model.selection().limit()).isEqualTo(OptionalInt.of(50));
    model.modeProperty().set(PreviewViewModel.Mode.FIRST);
    model.argumentProperty().set("0");
    assertThatThrownBy(model::selection).hasMessageStartingWith("Enter how many orders");
  }

  @Test
  void highlightingKeepsTheTextAndMarksBsonTypes() {
    String json =
        "{\n  \"_id\": \"o-1\",\n  \"total\": NumberDecimal(\"10.50\"),\n  \"n\": 3,\n  \"p\": true,\n  \"d\": ISODate(\"2024-01-01T00:00:00Z\")\n}";
    List<PreviewViewModel.Token> tokens = PreviewViewModel.tokens(json);
    assertThat(tokens.stream().map(PreviewViewModel.Token::text).collect(Collectors.joining()))
        .isEqualTo(json);
    assertThat(tokens)
        .contains(
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.KEY, "\"_id\""),
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.STRING, "\"o-1\""),
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.BSON_TYPE, "NumberDecimal"),
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.BSON_TYPE, "ISODate"),
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.NUMBER, "3"),
            new PreviewViewModel.Token(PreviewViewModel.TokenKind.LITERAL, "true"));
  }

  @Test
  void beforeTheFirstPreviewTheOrderListSaysWhatToDo() {
    assertThat(model.entries()).isEmpty();
    assertThat(model.hintProperty().get()).startsWith("Not connected.").contains("Preview");
    assertThat(PreviewViewModel.hint(true)).contains("press Preview").contains("writing nothing");
    assertThat(model.explanation()).isEmpty();
    assertThat(PreviewViewModel.DOCUMENT_HINT).contains("document");
    assertThat(PreviewViewModel.EXPLANATION_HINT).contains("item", "totals", "brand", "promotion");
  }

  @Test
  void previewingWithoutAConnectionSaysToConnectFirst() {
    model.load();
    assertThat(model.messageProperty().get()).isEqualTo("Connect first.");
    assertThat(model.entries()).isEmpty();
  }
}
