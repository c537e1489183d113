package dev.ferry.ui.analysis;

import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobDraft;
import dev.ferry.app.JobFile;
import dev.ferry.app.JobFileException;
import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.app.SourceInspection;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.PostgresSettings;
import dev.ferry.ui.common.Counts;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.FileNames;
import dev.ferry.ui.common.Workspace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the mapping editor: its parts — the {@link #roles() role table}, the {@link
 * #rules() mapping rules}, the {@link #overrides() promotion overrides}, {@link #endpoints() both
 * ends and the reject policy} — validated together by {@link JobFile}, saved as a job file or
 * applied to the workspace's next runs and previews.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #load} fills the editor from an analysis and the session's job, in the state {@code
 *       inspect --write-job} writes the job file in: every role starts at what Ferry chose (with
 *       its evidence and confidence), each role Ferry could not decide starts empty with its ranked
 *       candidates first among the choices, and each setting the data cannot decide (tax format,
 *       weekday numbering) starts unanswered; all of them are flagged ({@link #flaggedProperty()}).
 *   <li>Validation is {@link JobFile}'s own ({@link JobDraft}): the message shown is the one the
 *       CLI would give for the same file (without the line number, which would point into a
 *       document the analyst never sees). It runs on every change.
 *   <li>{@link #save} writes {@link JobFile#write} in the background and never a password: the
 *       source password stays in the session; a target URI that carries one is left out. Choices
 *       still open are saved as placeholders, which runs refuse.
 *   <li>{@link #check()} checks the mapping against the data (read-only) and lists each check.
 *   <li>{@link #apply()} needs every choice made; it reopens the session (same connections, same
 *       password, same SSH tunnel) with the edited roles, schema, mapping rules and target, after
 *       checking in the background that the source resolves with them and that no check fails
 *       entirely; the reject policy then applies to the desktop app's runs ({@link
 *       Workspace#rejectPolicy()}).
 *   <li>{@link #sessionReplaced} keeps the mapping when the analyst reconnects to the same database
 *       (and applies it again if it had been applied); another database empties it.
 * </ul>
 *
 * Properties are read and written on the UI thread only.
 */
public final class MappingEditorViewModel {
  /** Where a validation error belongs, so the view can mark that part of the form. */
  public enum Section {
    ROLES,
    SOURCE,
    MAPPING,
    OVERRIDES,
    TARGET,
    REJECTS
  }

  private final Workspace workspace;
  private final RolesViewModel roles = new RolesViewModel(this::revalidate);
  private final RulesViewModel rules = new RulesViewModel();
  private final OverridesViewModel overrides = new OverridesViewModel(this::overrideInvalid);
  private final EndpointsViewModel endpoints = new EndpointsViewModel();
  private final EditedJob job = new EditedJob(roles, rules, overrides, endpoints);
  private final ObservableList<String> checks = FXCollections.observableArrayList();
  private final BooleanProperty checking = new SimpleBooleanProperty(this, "checking");
  private final ReadOnlyStringWrapper unmapped = new ReadOnlyStringWrapper(this, "unmapped", "");
  private final ReadOnlyBooleanWrapper flagged = new ReadOnlyBooleanWrapper(this, "flagged");
  private final StringProperty validation = new SimpleStringProperty(this, "validation", "");
  private final ObjectProperty<Section> errorSection =
      new SimpleObjectProperty<>(this, "errorSection");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");
  private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
  private final BooleanProperty applying = new SimpleBooleanProperty(this, "applying");
  private String sourceIdentity = "";
  private Optional<JobFile> applied = Optional.empty();
  private boolean loading;
  private Runnable onApplied = () -> {};

  /** An empty editor over {@code workspace}; {@link #load} fills it. */
  public MappingEditorViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    List<Observable> inputs = new ArrayList<>(rules.inputs());
    inputs.addAll(endpoints.inputs());
    inputs.add(overrides.overrides());
    for (Observable input : inputs) {
      input.addListener(o -> revalidate());
    }
  }

  /** What else happens once a mapping is applied (the Analysis screen refreshes its report). */
  void setOnApplied(Runnable action) {
    this.onApplied = Objects.requireNonNull(action, "action");
  }

  // ---- loading -------------------------------------------------------------------------------

  /** Fills the editor from {@code analysis} and the settings of the session it ran in. */
  public void load(SourceAnalysis analysis, JobSettings job) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(job, "job");
    loading = true;
    try {
      roles.load(analysis);
      overrides.load(analysis, job.mapping());
      rules.load(analysis, job.mapping());
      followTaxColumn();
      checks.setAll(analysis.checks().stream().map(MappingEditorViewModel::line).toList());
      boolean targetUriHasPassword = endpoints.load(job, workspace.rejectPolicy());
      sourceIdentity = identity(job);
      message.set(
          targetUriHasPassword
              ? "The target URI carries a password, so a saved job file leaves it out; name an"
                  + " environment variable holding it in \"URI variable\"."
              : "");
      loaded.set(true);
    } finally {
      loading = false;
    }
    revalidate();
  }

  /**
   * The tax format follows the tax column picked in the role table (the analysis' profile of it
   * says fraction or percent), so the hint never describes a column that is not picked.
   */
  private void followTaxColumn() {
    Optional<RoleRow> products =
        roles.rows().stream().filter(r -> r.key().equals("products")).findFirst();
    roles.rows().stream()
        .filter(r -> r.key().equals("products.tax_rate"))
        .findFirst()
        .ifPresent(
            tax -> {
              Runnable judge =
                  () ->
                      rules.taxColumnPicked(
                          products.map(p -> p.value().get()).orElse(""), tax.value().get());
              tax.value().addListener(o -> judge.run());
              judge.run();
            });
  }

  /** A check as listed: ✓ when it holds, ? when it could not run, ⚠ otherwise. */
  private static String line(SourceAnalysis.Check check) {
    String mark =
        switch (check.verdict()) {
          case "yes" -> "✓ ";
          case "not checked" -> "? ";
          default -> "⚠ ";
        };
    return mark + check.sentence();
  }

  /** Which database a session reads: the same identity means the same mapping still applies. */
  static String identity(JobSettings job) {
    return job.source().describe() + " as " + job.source().user();
  }

  /**
   * A new session was opened (not by this editor): the editor keeps its mapping when it reads the
   * same database, and applies it again if it had been applied; otherwise it empties.
   *
   * @param session the new session; empty when disconnected
   * @return whether the editor kept its mapping
   */
  public boolean sessionReplaced(Optional<FerrySession> session) {
    if (session.isEmpty()) {
      message.set(loaded.get() ? "Disconnected; the mapping is kept for the next connection." : "");
      return loaded.get();
    }
    if (!loaded.get() || !identity(session.get().job()).equals(sourceIdentity)) {
      clear();
      return false;
    }
    if (applied.isPresent()) {
      message.set("Reconnected: applying the mapping again…");
      apply();
    } else {
      message.set("Reconnected to the same database; the mapping is kept.");
    }
    return true;
  }

  /** Empties the editor (no analysis). */
  public void clear() {
    loaded.set(false);
    roles.clear();
    overrides.clear();
    sourceIdentity = "";
    applied = Optional.empty();
    checks.clear();
    workspace.setRejectPolicy(RejectPolicy.COLLECT);
    validation.set("");
    errorSection.set(null);
    unmapped.set("");
    flagged.set(false);
    message.set("");
  }

  // ---- validation ----------------------------------------------------------------------------

  private void overrideInvalid(String sentence) {
    validation.set(sentence);
    errorSection.set(Section.OVERRIDES);
  }

  private void revalidate() {
    if (loading || !loaded.get()) {
      return;
    }
    String open = job.openChoices();
    flagged.set(!open.isEmpty());
    unmapped.set(open.isEmpty() ? "Every role is mapped." : open);
    try {
      jobFile();
      validation.set("");
      errorSection.set(null);
    } catch (JobFileException e) {
      validation.set(e.getMessage());
    }
  }

  /**
   * The job file the editor describes, validated by {@link JobFile}.
   *
   * @throws JobFileException with JobFile's message (without a line number) when it is invalid;
   *     {@link #errorSectionProperty()} then names the part of the form
   */
  public JobFile jobFile() {
    return parse(false);
  }

  /** The job file the editor describes, with a placeholder for each choice still open. */
  public JobFile draft() {
    return parse(true);
  }

  private JobFile parse(boolean draft) {
    try {
      return job.parse(draft);
    } catch (JobFileException e) {
      errorSection.set(EditedJob.section(e));
      throw e;
    }
  }

  // ---- commands ------------------------------------------------------------------------------

  /** Validates and writes the job file to {@code file} (YAML, or JSON for {@code .json}). */
  public void save(Path file) {
    Objects.requireNonNull(file, "file");
    JobFile job;
    try {
      job = draft();
    } catch (JobFileException e) {
      validation.set(e.getMessage());
      message.set("Not saved: fix the setting marked below.");
      return;
    }
    int open = job.placeholders().size();
    workspace
        .ui()
        .submit(
            () -> {
              job.write(file);
              return file;
            },
            written ->
                message.set(
                    open == 0
                        ? "Saved the job file "
                            + written
                            + " (no password; use it with ferry migrate --job)."
                        : "Saved the job file "
                            + written
                            + " with "
                            + Counts.of(open, "choice")
                            + " still open (placeholders); runs refuse it until "
                            + (open == 1 ? "it is" : "they are")
                            + " set."),
            error -> workspace.reportError(ErrorInfo.of("Save the job file", error)));
  }

  /**
   * The file name the save dialog proposes: the connected source database's, e.g. {@code
   * shop.ferry.yaml}, so that job files of several clients are told apart.
   */
  public String suggestedFileName() {
    FerrySession session = workspace.session();
    return FileNames.jobFile(session == null ? "" : session.job().source().database());
  }

  /**
   * Checks the editor's mapping against the data in the background (read-only), listing each check
   * in {@link #checks()}: {@code every order_lines.qty value is a positive number: yes, 6,842 of
   * 6,842}.
   */
  public void check() {
    FerrySession session = workspace.session();
    if (session == null) {
      message.set("Connect first; the mapping is checked against the connected source.");
      return;
    }
    JobSettings next;
    try {
      next = settings(jobFile(), session.job());
    } catch (JobFileException | IllegalArgumentException e) {
      validation.set(e.getMessage());
      message.set("Not checked: choose or fix the settings marked below first.");
      return;
    }
    checking.set(true);
    message.set("Checking the mapping against the data (read-only)…");
    workspace
        .ui()
        .submit(
            () -> SourceInspection.checkMapping(session, next),
            results -> {
              checking.set(false);
              showChecks(results);
              message.set(checkSummary(results));
            },
            error -> {
              checking.set(false);
              message.set("Not checked: " + ErrorInfo.of("Check the mapping", error).cause());
            });
  }

  private void showChecks(List<SourceAnalysis.Check> results) {
    checks.setAll(results.stream().map(MappingEditorViewModel::line).toList());
  }

  private static String checkSummary(List<SourceAnalysis.Check> results) {
    long failed =
        results.stream().filter(r -> r.verdict().equals(SourceInspection.VERDICT_NO)).count();
    long partly =
        results.stream().filter(r -> r.verdict().equals(SourceInspection.VERDICT_PARTLY)).count();
    if (failed > 0) {
      return "Checked: "
          + failed
          + " check(s) fail entirely — the pick is almost certainly wrong (see the list).";
    }
    return partly == 0
        ? "Checked: every check passes."
        : "Checked: " + partly + " check(s) pass only partly; those orders are rejected.";
  }

  /**
   * Reopens the session with the edited settings for the next runs and previews: same connections
   * and password, same SSH tunnel.
   */
  public void apply() {
    FerrySession session = workspace.session();
    if (session == null) {
      message.set("Connect first; the settings apply to the open connection.");
      return;
    }
    JobSettings next;
    JobFile file;
    try {
      file = jobFile();
      next = settings(file, session.job());
    } catch (JobFileException | IllegalArgumentException e) {
      validation.set(e.getMessage());
      message.set("Not applied: choose or fix the settings marked below first.");
      return;
    }
    applying.set(true);
    message.set("Reconnecting with the edited settings and checking them against the data…");
    workspace
        .ui()
        .submit(
            () -> SourceInspection.openChecked(next, workspace.hostKeyPrompt()),
            done -> {
              workspace.replaceSession(done.session());
              workspace.setRejectPolicy(file.rejects());
              applied = Optional.of(file);
              applying.set(false);
              showChecks(done.checks());
              workspace
                  .statusProperty()
                  .set(
                      "Connected: "
                          + next.source().describe()
                          + " → "
                          + next.target().describe()
                          + " (settings from the mapping editor)");
              message.set(
                  "Applied: previews and runs now use these roles and rules, and the reject policy"
                      + " ("
                      + file.rejects().mode().label()
                      + file.rejects().max().stream()
                          .mapToObj(m -> ", max " + m)
                          .findFirst()
                          .orElse("")
                      + "). "
                      + checkSummary(done.checks()));
              onApplied.run();
            },
            error -> {
              applying.set(false);
              message.set("Not applied: " + ErrorInfo.of("Use for runs", error).cause());
            });
  }

  /** {@code current} with the roles, schema, rules and target of {@code file}. */
  static JobSettings settings(JobFile file, JobSettings current) {
    PostgresSettings source =
        current.source().withSchema(file.source().schema()).withRoles(file.source().roles());
    MongoSettings old = current.target();
    MongoSettings target =
        new MongoSettings(
            old.connectionString(),
            file.target().database().orElse(old.database()),
            file.target().collection(),
            old.connectTimeout(),
            old.serverSelectionTimeout(),
            old.socketTimeout());
    return new JobSettings(
        source, target, file.mapping(), file.target().batchSize(), current.tunnel());
  }

  // ---- parts and properties ------------------------------------------------------------------

  /** The role table. */
  public RolesViewModel roles() {
    return roles;
  }

  /** The mapping rules. */
  public RulesViewModel rules() {
    return rules;
  }

  /** The per-client promotion overrides. */
  public OverridesViewModel overrides() {
    return overrides;
  }

  /** Both ends of the job and the reject policy. */
  public EndpointsViewModel endpoints() {
    return endpoints;
  }

  /** The mapping checked against the data, one sentence per check (✓, ⚠ or ?). */
  public ObservableList<String> checks() {
    return checks;
  }

  /** True while {@link #check()} runs. */
  public BooleanProperty checkingProperty() {
    return checking;
  }

  /** What Ferry could not map, or "Every role is mapped.". */
  public ReadOnlyStringProperty unmappedProperty() {
    return unmapped.getReadOnlyProperty();
  }

  /** Whether {@link #unmappedProperty()} lists roles or settings still open. */
  public ReadOnlyBooleanProperty flaggedProperty() {
    return flagged.getReadOnlyProperty();
  }

  /** JobFile's message for the first invalid setting, or "". */
  public StringProperty validationProperty() {
    return validation;
  }

  /** The part of the form {@link #validationProperty()} is about; null while it is valid. */
  public ObjectProperty<Section> errorSectionProperty() {
    return errorSection;
  }

  /** What saving or applying did. */
  public StringProperty messageProperty() {
    return message;
  }

  /** Whether an analysis filled the editor. */
  public BooleanProperty loadedProperty() {
    return loaded;
  }

  /** True while {@link #apply()} reopens the session. */
  public BooleanProperty applyingProperty() {
    return applying;
  }
}
