package dev.ferry.ui.connections;

import dev.ferry.app.Timeouts;
import java.time.Duration;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The "Advanced: timeouts" part of the Connections screen: the bounds on every wait of the job the
 * forms describe — the job file's {@code timeouts} section, typed as {@code 500ms}, {@code 30s},
 * {@code 5m}, {@code 1h}.
 *
 * <p>Contract: starts at {@link Timeouts#DEFAULTS}. {@link #problemProperty()} follows every edit
 * with the first field that cannot be read, in the words of the job file's parser ({@link
 * Timeouts#parse}), or "" when all four read; {@link #timeouts()} throws that sentence ({@link
 * IllegalArgumentException}). The ranges a server allows are the connection settings' own and are
 * checked when the job is built (Test, Connect). A blank field means its default.
 */
public final class TimeoutsFormViewModel {
  private final StringProperty connect = field("connect", Timeouts.DEFAULTS.connect());
  private final StringProperty read = field("read", Timeouts.DEFAULTS.read());
  private final StringProperty serverSelection =
      field("serverSelection", Timeouts.DEFAULTS.serverSelection());
  private final StringProperty query = field("query", Timeouts.DEFAULTS.query());
  private final StringProperty problem = new SimpleStringProperty(this, "problem", "");

  TimeoutsFormViewModel() {
    for (StringProperty p : new StringProperty[] {connect, read, serverSelection, query}) {
      p.addListener((obs, old, now) -> problem.set(check()));
    }
  }

  private StringProperty field(String name, Duration initial) {
    return new SimpleStringProperty(this, name, Timeouts.format(initial));
  }

  /** The bounds the fields describe; throws {@link IllegalArgumentException} with a sentence. */
  public Timeouts timeouts() {
    return new Timeouts(
        parse("Connect", connect, Timeouts.DEFAULTS.connect()),
        parse("Read", read, Timeouts.DEFAULTS.read()),
        parse("Server selection", serverSelection, Timeouts.DEFAULTS.serverSelection()),
        parse("Query", query, Timeouts.DEFAULTS.query()));
  }

  private static Duration parse(String label, StringProperty field, Duration fallback) {
    String text = field.get() == null ? "" : field.get().strip();
    if (text.isEmpty()) {
      return fallback;
    }
    Duration value;
    try {
      value = Timeouts.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(label + " timeout: " + e.getMessage() + ".", e);
    }
    if (value.isZero()) {
      throw new IllegalArgumentException(
          label + " timeout: \"" + text + "\" is no time at all; give it at least 1s.");
    }
    return value;
  }

  private String check() {
    try {
      timeouts();
      return "";
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  /** Shows {@code timeouts} in the fields (a loaded profile). */
  void fill(Timeouts timeouts) {
    connect.set(Timeouts.format(timeouts.connect()));
    read.set(Timeouts.format(timeouts.read()));
    serverSelection.set(Timeouts.format(timeouts.serverSelection()));
    query.set(Timeouts.format(timeouts.query()));
  }

  /** TCP connect and login, source and target. */
  public StringProperty connectProperty() {
    return connect;
  }

  /** The longest silence once an answer is due (a fetch, a write batch). */
  public StringProperty readProperty() {
    return read;
  }

  /** MongoDB: how long to look for a usable server. */
  public StringProperty serverSelectionProperty() {
    return serverSelection;
  }

  /** PostgreSQL: how long one statement may run ({@code statement_timeout}). */
  public StringProperty queryProperty() {
    return query;
  }

  /** The first field that cannot be read, as one sentence, or "". */
  public StringProperty problemProperty() {
    return problem;
  }
}
