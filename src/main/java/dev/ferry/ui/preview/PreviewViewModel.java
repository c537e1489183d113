package dev.ferry.ui.preview;

import dev.ferry.app.DocumentText;
import dev.ferry.app.FerrySession;
import dev.ferry.core.OrderExplanation;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.FieldDifference;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.PreviewEntry;
import dev.ferry.engine.PreviewService;
import dev.ferry.engine.TargetComparison;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the Preview screen: pick orders (first N, by uid, by client), see the exact
 * document that would be written (shell-style JSON with BSON types), why it looks so, and what
 * loading would do against the current target.
 *
 * <p>Contract: read-only — previews go through {@link PreviewService}, which writes nothing; the
 * work runs in the background and a newer request supersedes an older one.
 */
public final class PreviewViewModel {
  /** How orders are picked. */
  public enum Mode {
    FIRST("First N orders"),
    BY_UID("By order uid(s)"),
    BY_CLIENT("By client uid");

    private final String label;

    Mode(String label) {
      this.label = label;
    }

    @Override
    public String toString() {
      return label;
    }
  }

  /** The kind of a JSON token, for highlighting. */
  public enum TokenKind {
    KEY,
    STRING,
    NUMBER,
    BSON_TYPE,
    LITERAL,
    PUNCTUATION
  }

  /**
   * A piece of the document's JSON.
   *
   * @param kind what it is
   * @param text the characters
   */
  public record Token(TokenKind kind, String text) {}

  private static final Pattern TOKEN =
      Pattern.compile(
          "(\"(?:[^\"\\\\]|\\\\.)*\")(\\s*:)?|(NumberDecimal|NumberLong|NumberInt|ISODate|ObjectId|BinData|Timestamp)|(-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?)|(true|false|null)");

  /** What the empty document pane says. */
  public static final String DOCUMENT_HINT =
      "The exact document a run would write for the selected order appears here, with its BSON"
          + " types.";

  /** What the empty explanation pane says. */
  public static final String EXPLANATION_HINT =
      "Why the document looks so appears here, in sections: each item, the totals and their"
          + " rounding, the most popular brand and the promotion day.";

  private final Workspace workspace;
  private final ObjectProperty<Mode> mode = new SimpleObjectProperty<>(this, "mode", Mode.FIRST);
  private final StringProperty argument = new SimpleStringProperty(this, "argument", "20");
  private final ObservableList<PreviewEntry> entries = FXCollections.observableArrayList();
  private final ObjectProperty<PreviewEntry> selected =
      new SimpleObjectProperty<>(this, "selected");
  private final StringProperty documentJson = new SimpleStringProperty(this, "documentJson", "");
  private final ObservableList<ExplanationSections.Section> explanation =
      FXCollections.observableArrayList();
  private final StringProperty hint = new SimpleStringProperty(this, "hint", "");
  private final StringProperty target = new SimpleStringProperty(this, "target", "");
  private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");
  private CancellationToken pending;

  /** A view model over {@code workspace}'s session. */
  public PreviewViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    selected.addListener((obs, old, entry) -> show(entry));
    workspace
        .sessionProperty()
        .addListener(
            (obs, old, session) -> {
              // Another database: nothing previewed from the last one stays on screen.
              selected.set(null);
              entries.clear();
              hint.set(hint(session != null));
            });
    hint.set(hint(workspace.session() != null));
  }

  /** What the empty order list says to do, connected or not. */
  static String hint(boolean connected) {
    return connected
        ? "Nothing previewed yet. Pick the orders above (the first N, order uids or a client uid)"
            + " and press Preview: Ferry maps them and compares them with the target, writing"
            + " nothing."
        : "Not connected. Connect on the Connections screen, then press Preview to see the"
            + " documents a run would write.";
  }

  /** The selection the form describes; throws {@link IllegalArgumentException} with a sentence. */
  public OrderSelection selection() {
    String text = argument.get() == null ? "" : argument.get().strip();
    switch (mode.get()) {
      case FIRST -> {
        try {
          int n = Integer.parseInt(text);
          if (n < 1 || n > PreviewService.MAX_ORDERS) {
            throw new NumberFormatException();
          }
          return OrderSelection.first(n);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "Enter how many orders to preview, from 1 to " + PreviewService.MAX_ORDERS + ".", e);
        }
      }
      case BY_UID -> {
        List<String> uids = Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isBlank()).toList();
        if (uids.isEmpty()) {
          throw new IllegalArgumentException("Enter one or more order uids, separated by commas.");
        }
        return OrderSelection.byUids(uids);
      }
      default -> {
        if (text.isEmpty()) {
          throw new IllegalArgumentException("Enter a client uid.");
        }
        return OrderSelection.byClient(text, 50);
      }
    }
  }

  /** Loads the preview in the background. */
  public void load() {
    FerrySession session = workspace.session();
    if (session == null) {
      message.set("Connect first.");
      return;
    }
    OrderSelection selection;
    try {
      selection = selection();
    } catch (IllegalArgumentException e) {
      message.set(e.getMessage());
      return;
    }
    if (pending != null) {
      pending.cancel();
    }
    CancellationToken cancel = new CancellationToken();
    pending = cancel;
    loading.set(true);
    message.set("Loading…");
    workspace
        .ui()
        .submit(
            () -> session.preview().preview(selection, cancel),
            loaded -> {
              if (cancel != pending) {
                return;
              }
              loading.set(false);
              entries.setAll(loaded);
              if (loaded.isEmpty()) {
                hint.set(
                    "No order matches this selection. Check the uid, or preview the first N"
                        + " orders.");
              }
              message.set(
                  loaded.isEmpty()
                      ? "No order matches."
                      : Counts.of(loaded.size(), "order") + " previewed.");
              selected.set(loaded.isEmpty() ? null : loaded.get(0));
            },
            error -> {
              if (cancel != pending) {
                return;
              }
              loading.set(false);
              message.set("");
              workspace.reportError(ErrorInfo.of("Preview", error));
            });
  }

  private void show(PreviewEntry entry) {
    if (entry == null) {
      documentJson.set("");
      explanation.clear();
      target.set("");
      return;
    }
    documentJson.set(DocumentText.shellJson(entry.result()));
    explanation.setAll(ExplanationSections.of(OrderExplanation.of(entry.result(), zone())));
    target.set(describe(entry.target()));
  }

  private ZoneId zone() {
    FerrySession session = workspace.session();
    return session == null ? ZoneId.of("UTC") : session.job().mapping().sourceZone();
  }

  /** What loading would do, with the field diff for a changed document. */
  static String describe(TargetComparison c) {
    StringBuilder text = new StringBuilder();
    switch (c.state()) {
      case NEW -> text.append("NEW — not in the target yet; a run would insert it.");
      case UNCHANGED -> text.append("UNCHANGED — the target already holds exactly this document.");
      case CHANGED ->
          text.append("CHANGED — a run would replace the target document; differing fields:");
      default ->
          text.append(
              "REJECTED — a run would store it in the rejects collection"
                  + (c.inTarget() ? " and remove the document from the target." : "."));
    }
    for (FieldDifference d : c.differences()) {
      text.append("\n  ")
          .append(d.path())
          .append(": target ")
          .append(d.actual())
          .append(" → expected ")
          .append(d.expected());
    }
    return text.toString();
  }

  /** Splits shell JSON into tokens for highlighting; the texts concatenate to the input. */
  public static List<Token> tokens(String json) {
    List<Token> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(json);
    int at = 0;
    while (m.find()) {
      if (m.start() > at) {
        tokens.add(new Token(TokenKind.PUNCTUATION, json.substring(at, m.start())));
      }
      if (m.group(1) != null) {
        if (m.group(2) != null) {
          tokens.add(new Token(TokenKind.KEY, m.group(1)));
          tokens.add(new Token(TokenKind.PUNCTUATION, m.group(2)));
        } else {
          tokens.add(new Token(TokenKind.STRING, m.group(1)));
        }
      } else if (m.group(3) != null) {
        tokens.add(new Token(TokenKind.BSON_TYPE, m.group(3)));
      } else if (m.group(4) != null) {
        tokens.add(new Token(TokenKind.NUMBER, m.group(4)));
      } else {
        tokens.add(new Token(TokenKind.LITERAL, m.group(5)));
      }
      at = m.end();
    }
    if (at < json.length()) {
      tokens.add(new Token(TokenKind.PUNCTUATION, json.substring(at)));
    }
    return tokens;
  }

  /** The style class of a token kind. */
  public static String styleClass(TokenKind kind) {
    return "json-" + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** How orders are picked. */
  public ObjectProperty<Mode> modeProperty() {
    return mode;
  }

  /** N, the uids or the client uid. */
  public StringProperty argumentProperty() {
    return argument;
  }

  /** The previewed orders. */
  public ObservableList<PreviewEntry> entries() {
    return entries;
  }

  /** The order shown. */
  public ObjectProperty<PreviewEntry> selectedProperty() {
    return selected;
  }

  /** The document that would be written, as shell JSON. */
  public StringProperty documentJsonProperty() {
    return documentJson;
  }

  /** Why the document looks so, in titled sections; empty when no order is shown. */
  public ObservableList<ExplanationSections.Section> explanation() {
    return explanation;
  }

  /** What the order list says while it is empty: what to do next. */
  public StringProperty hintProperty() {
    return hint;
  }

  /** What loading would do. */
  public StringProperty targetProperty() {
    return target;
  }

  /** True while loading. */
  public BooleanProperty loadingProperty() {
    return loading;
  }

  /** A line under the form. */
  public StringProperty messageProperty() {
    return message;
  }
}
