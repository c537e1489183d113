package dev.ferry.ui.analysis;

import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.app.Timeouts;
import dev.ferry.sink.MongoSettings;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * Both ends of the job in the mapping editor: the source as connected (URL and user, shown; the
 * variable holding its password, typed), the target (URI or the variable holding it, database,
 * collection, batch size), the reject policy, and the session's timeouts (set on the Connections
 * screen, written into a saved job file as they are).
 *
 * <p>Contract: never holds or writes a password: the source password stays in the session, and a
 * target URI that carries one is shown redacted and left out of a saved job file.
 */
public final class EndpointsViewModel {
  private static final Pattern URI_PASSWORD =
      Pattern.compile("(?i)([?&;]password=)|(//[^/?#@]*:[^/?#@]*@)");

  private final StringProperty sourceUrl = new SimpleStringProperty(this, "sourceUrl", "");
  private final StringProperty sourceUser = new SimpleStringProperty(this, "sourceUser", "");
  private final StringProperty passwordEnv = new SimpleStringProperty(this, "passwordEnv", "");
  private final StringProperty targetUri = new SimpleStringProperty(this, "targetUri", "");
  private final StringProperty targetUriEnv = new SimpleStringProperty(this, "targetUriEnv", "");
  private final StringProperty targetDatabase =
      new SimpleStringProperty(this, "targetDatabase", "");
  private final StringProperty targetCollection =
      new SimpleStringProperty(this, "targetCollection", MongoSettings.DEFAULT_COLLECTION);
  private final StringProperty batchSize = new SimpleStringProperty(this, "batchSize", "1000");
  private final ObjectProperty<RejectPolicy.Mode> rejectPolicy =
      new SimpleObjectProperty<>(this, "rejectPolicy", RejectPolicy.Mode.COLLECT);
  private final StringProperty rejectMax = new SimpleStringProperty(this, "rejectMax", "");
  private boolean targetUriHasPassword;
  private Timeouts timeouts = Timeouts.DEFAULTS;

  EndpointsViewModel() {}

  /** The values whose change the editor validates again. */
  List<Observable> inputs() {
    return List.of(
        passwordEnv,
        targetUriEnv,
        targetDatabase,
        targetCollection,
        batchSize,
        rejectPolicy,
        rejectMax);
  }

  /**
   * Fills both ends from {@code job} and the reject policy from {@code rejects}.
   *
   * @return whether the target URI carries a password (and is therefore left out of a saved file)
   */
  boolean load(JobSettings job, RejectPolicy rejects) {
    rejectPolicy.set(rejects.mode());
    rejectMax.set(rejects.max().isPresent() ? Long.toString(rejects.max().getAsLong()) : "");
    sourceUrl.set(job.source().jdbcUrl());
    sourceUser.set(job.source().user());
    String uri = job.target().connectionString().revealAsString();
    targetUriHasPassword = URI_PASSWORD.matcher(uri).find();
    targetUri.set(targetUriHasPassword ? job.target().redactedConnectionString() : uri);
    targetDatabase.set(job.target().database());
    targetCollection.set(job.target().collection());
    batchSize.set(Integer.toString(job.batchSize()));
    // The session's bounds (the Connections screen's Advanced part), so a saved job file runs
    // under the same timeouts as the app did.
    timeouts =
        new Timeouts(
            job.source().connectTimeout(),
            job.source().readTimeout(),
            job.target().serverSelectionTimeout(),
            job.source().queryTimeout());
    return targetUriHasPassword;
  }

  /** Puts the source's URL, user and password variable into a job file's {@code source}. */
  void putSource(Map<String, Object> source) {
    EditedJob.putIfSet(source, "url", sourceUrl.get());
    EditedJob.putIfSet(source, "user", sourceUser.get());
    EditedJob.putIfSet(source, "password_env", passwordEnv.get());
  }

  /** Puts the target into a job file's {@code target}, never a URI that carries a password. */
  void putTarget(Map<String, Object> target) {
    if (!EditedJob.text(targetUriEnv).isEmpty()) {
      target.put("uri_env", EditedJob.text(targetUriEnv));
    } else if (!targetUriHasPassword) {
      EditedJob.putIfSet(target, "uri", targetUri.get());
    }
    EditedJob.putIfSet(target, "database", targetDatabase.get());
    target.put("collection", EditedJob.text(targetCollection));
    target.put("batch_size", EditedJob.text(batchSize));
  }

  /** Puts the session's timeouts into a job file's {@code timeouts}. */
  void putTimeouts(Map<String, Object> bounds) {
    bounds.put("connect", Timeouts.format(timeouts.connect()));
    bounds.put("read", Timeouts.format(timeouts.read()));
    bounds.put("server_selection", Timeouts.format(timeouts.serverSelection()));
    bounds.put("query", Timeouts.format(timeouts.query()));
  }

  /** Puts the reject policy into a job file's {@code rejects}. */
  void putRejects(Map<String, Object> rejects) {
    rejects.put("policy", rejectPolicy.get() == null ? "" : rejectPolicy.get().label());
    EditedJob.putIfSet(rejects, "max", rejectMax.get());
  }

  /** The source URL (from the connection, never with a password). */
  public StringProperty sourceUrlProperty() {
    return sourceUrl;
  }

  /** The source user (from the connection). */
  public StringProperty sourceUserProperty() {
    return sourceUser;
  }

  /** The environment variable holding the source password, or "". */
  public StringProperty passwordEnvProperty() {
    return passwordEnv;
  }

  /** The target URI as shown (redacted when it carries a password). */
  public StringProperty targetUriProperty() {
    return targetUri;
  }

  /** The environment variable holding a target URI with a password, or "". */
  public StringProperty targetUriEnvProperty() {
    return targetUriEnv;
  }

  /** The target database. */
  public StringProperty targetDatabaseProperty() {
    return targetDatabase;
  }

  /** The target collection. */
  public StringProperty targetCollectionProperty() {
    return targetCollection;
  }

  /** Orders per batch, as typed. */
  public StringProperty batchSizeProperty() {
    return batchSize;
  }

  /** Collect or fail. */
  public ObjectProperty<RejectPolicy.Mode> rejectPolicyProperty() {
    return rejectPolicy;
  }

  /** The most rejects tolerated with collect, as typed ("" for no limit). */
  public StringProperty rejectMaxProperty() {
    return rejectMax;
  }
}
