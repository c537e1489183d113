package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.core.MappingSettings;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * The per-client promotion overrides of the mapping editor: the list, and the override being typed
 * (client, value, zone).
 *
 * <p>Contract: one override per client, sorted by client uid; adding for a client already listed
 * replaces its override. An override without a client is refused through {@code onInvalid} with a
 * sentence; everything else is judged by the job file with the rest of the editor.
 */
public final class OverridesViewModel {
  /**
   * A per-client promotion override, as typed.
   *
   * @param client the client uid
   * @param value the promotion value to use instead, or ""
   * @param zone the zone of this client's promotion day, or ""
   */
  public record OverrideRow(String client, String value, String zone) {
    public OverrideRow {
      Objects.requireNonNull(client, "client");
      Objects.requireNonNull(value, "value");
      Objects.requireNonNull(zone, "zone");
    }
  }

  private final Consumer<String> onInvalid;
  private final ObservableList<OverrideRow> overrides = FXCollections.observableArrayList();
  private final ObservableList<String> clientUids = FXCollections.observableArrayList();
  private final StringProperty client = new SimpleStringProperty(this, "client");
  private final StringProperty value = new SimpleStringProperty(this, "value", "");
  private final StringProperty zone = new SimpleStringProperty(this, "zone", "");

  OverridesViewModel(Consumer<String> onInvalid) {
    this.onInvalid = Objects.requireNonNull(onInvalid, "onInvalid");
  }

  /** Lists {@code mapping}'s overrides and offers the clients of {@code analysis}' report. */
  void load(SourceAnalysis analysis, MappingSettings mapping) {
    clientUids.setAll(
        analysis
            .clients()
            .map(r -> r.clients().stream().map(SourceAnalysis.ClientStats::uid).toList())
            .orElse(List.of()));
    overrides.setAll(
        mapping.promotionOverrides().entrySet().stream()
            .map(
                e ->
                    new OverrideRow(
                        e.getKey(),
                        e.getValue().value().orElse(""),
                        e.getValue().zone().map(ZoneId::getId).orElse("")))
            .toList());
  }

  /** Forgets the report's clients. */
  void clear() {
    clientUids.clear();
  }

  /** Adds (or replaces) the override typed into the override fields. */
  public void add() {
    String uid = EditedJob.text(client);
    if (uid.isEmpty()) {
      onInvalid.accept("Pick or type the client uid the override is for.");
      return;
    }
    OverrideRow row = new OverrideRow(uid, EditedJob.text(value), EditedJob.text(zone));
    List<OverrideRow> next = new ArrayList<>(overrides);
    next.removeIf(o -> o.client().equals(uid));
    next.add(row);
    next.sort((a, b) -> a.client().compareTo(b.client()));
    overrides.setAll(next);
    value.set("");
    zone.set("");
  }

  /** Removes {@code row}. */
  public void remove(OverrideRow row) {
    overrides.remove(row);
  }

  /**
   * The overrides as a job file's {@code mapping.promotion_overrides}; empty when there are none.
   */
  Map<String, Object> jobFileOverrides() {
    Map<String, Object> clients = new LinkedHashMap<>();
    for (OverrideRow o : overrides) {
      Map<String, Object> entry = new LinkedHashMap<>();
      EditedJob.putIfSet(entry, "value", o.value());
      EditedJob.putIfSet(entry, "zone", o.zone());
      clients.put(o.client(), entry);
    }
    return clients;
  }

  /** The per-client promotion overrides. */
  public ObservableList<OverrideRow> overrides() {
    return overrides;
  }

  /** The client uids of the report (offered for a new override). */
  public ObservableList<String> clientUids() {
    return clientUids;
  }

  /** The client of the override being typed. */
  public StringProperty clientProperty() {
    return client;
  }

  /** The value of the override being typed. */
  public StringProperty valueProperty() {
    return value;
  }

  /** The zone of the override being typed. */
  public StringProperty zoneProperty() {
    return zone;
  }
}
