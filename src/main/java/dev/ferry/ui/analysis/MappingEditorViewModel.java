package dev.ferry.ui.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.analysis.SourceAnalysis;
import dev.ferry.analysis.SourceAnalysis.Question;
import dev.ferry.analysis.SourceAnalysis.Relation;
import dev.ferry.analysis.SourceAnalysis.RoleCandidate;
import dev.ferry.analysis.SourceAnalysis.RoleMatch;
import dev.ferry.analysis.SourceAnalysis.RoleRanking;
import dev.ferry.app.FerrySession;
import dev.ferry.app.JobFile;
import dev.ferry.app.JobFileException;
import dev.ferry.app.JobSettings;
import dev.ferry.app.RejectPolicy;
import dev.ferry.core.MappingSettings;
import dev.ferry.core.TaxRateFormat;
import dev.ferry.core.WeekdayNumbering;
import dev.ferry.sink.MongoSettings;
import dev.ferry.source.MappingCheck;
import dev.ferry.source.PostgresSettings;
import dev.ferry.source.SourceSchema;
import dev.ferry.source.SourceSchema.Field;
import dev.ferry.source.SourceSchema.Table;
import dev.ferry.ui.common.ErrorInfo;
import dev.ferry.ui.common.Workspace;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/**
 * State and commands of the mapping editor: which table and column Ferry uses for each role and how
 * it found them, the source zone, money and tax rules, per-client promotion overrides, target and
 * reject policy — edited by the analyst, validated by {@link JobFile}, saved as a job file or
 * applied to the workspace's next runs and previews.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #load} fills the editor from an analysis and the session's job, in the state {@code
 *       inspect --write-job} writes the job file in: every role starts at what Ferry chose (with
 *       its evidence and confidence), each role Ferry could not decide starts empty with its ranked
 *       candidates first among the choices, and each setting the data cannot decide (tax format,
 *       weekday numbering) starts unanswered; all of them are flagged.
 *   <li>Validation is {@link JobFile}'s own: the editor's values are written as a job-file document
 *       and read back with {@link JobFile#parse}, so the message shown is the one the CLI would
 *       give for the same file (without the line number, which would point into that document). It
 *       runs on every change.
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

  /**
   * One role (a table) or field (a column of a role's table): what Ferry found, how, and what the
   * analyst picked.
   *
   * <p>Contract: {@link #choices()} are the catalog's relations of the chosen schema (for a table)
   * or the columns of the relation chosen for the field's table (for a field); {@link #value()} is
   * "" when nothing is picked.
   */
  public static final class RoleRow {
    private final Table table;
    private final Field field;
    private final String detected;
    private final String type;
    private final String evidence;
    private final List<RoleCandidate> candidates;
    private final boolean needsChoice;
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final ObservableList<String> choices = FXCollections.observableArrayList();
    private final StringBinding status;

    RoleRow(Table table, Field field, String detected, String type, String evidence) {
      this(table, field, detected, type, evidence, List.of(), false);
    }

    RoleRow(
        Table table,
        Field field,
        String detected,
        String type,
        String evidence,
        List<RoleCandidate> candidates,
        boolean needsChoice) {
      this.table = table;
      this.field = field;
      this.detected = detected;
      this.type = type;
      this.evidence = evidence;
      this.candidates = List.copyOf(candidates);
      this.needsChoice = needsChoice;
      this.value.set(detected);
      this.status = Bindings.createStringBinding(this::describe, value);
    }

    private String describe() {
      String picked = value.get() == null ? "" : value.get();
      if (picked.isEmpty()) {
        if (field != null && !field.required()) {
          return "absent (optional)";
        }
        if (needsChoice) {
          return "CHOOSE: "
              + (candidates.isEmpty()
                  ? "Ferry found no candidate; pick one"
                  : "Ferry is not sure; candidates are listed first");
        }
        return detected.isEmpty()
            ? "NOT MAPPED: pick one"
            : "NOT MAPPED (Ferry found " + detected + ")";
      }
      if (picked.equals(detected)) {
        return "found by " + evidence;
      }
      Optional<RoleCandidate> candidate =
          candidates.stream().filter(c -> c.name().equals(picked)).findFirst();
      return "changed by you"
          + (detected.isEmpty()
              ? candidate.map(c -> " (a candidate: " + c.percent() + ")").orElse("")
              : " (Ferry found " + detected + ")");
    }

    /** The ranked candidates with their confidence, e.g. {@code 95 %; runners-up: x 3 %}. */
    public String candidatesText() {
      List<String> others =
          candidates.stream()
              .filter(c -> !c.name().equals(detected))
              .filter(c -> needsChoice || c.confidence() >= 0.05)
              .limit(4)
              .map(c -> c.name() + " " + c.percent())
              .toList();
      Optional<RoleCandidate> chosen =
          candidates.stream().filter(c -> c.name().equals(detected)).findFirst();
      String head = chosen.map(RoleCandidate::percent).orElse(needsChoice ? "choose" : "");
      if (others.isEmpty()) {
        return head;
      }
      return (head.isEmpty() ? "" : head + "; ")
          + (needsChoice ? "" : "runners-up: ")
          + String.join(", ", others);
    }

    /** The ranked candidates (best first) with their evidence. */
    public List<RoleCandidate> candidates() {
      return candidates;
    }

    /** Whether Ferry could not decide and the analyst must pick. */
    public boolean needsChoice() {
      return needsChoice;
    }

    /** The role key, e.g. {@code orders} or {@code orders.date_of_order}. */
    public String key() {
      return field == null ? table.defaultName() : field.qualifiedKey();
    }

    /** Whether this row is a table (else a column). */
    public boolean isTable() {
      return field == null;
    }

    /** The table role. */
    public Table table() {
      return table;
    }

    /** The field, or null for a table row. */
    public Field field() {
      return field;
    }

    /** Whether Ferry cannot read the source without it. */
    public boolean required() {
      return field == null || field.required();
    }

    /** What Ferry resolved, or "". */
    public String detected() {
      return detected;
    }

    /** The resolved column's type, or "". */
    public String type() {
      return type;
    }

    /** How Ferry found it ({@code name}, {@code synonym x}, {@code foreign key to t}, ...). */
    public String evidence() {
      return evidence;
    }

    /** The analyst's pick ("" for none). */
    public StringProperty value() {
      return value;
    }

    /** What may be picked. */
    public ObservableList<String> choices() {
      return choices;
    }

    /** "found by …", "changed by you …" or "NOT MAPPED …". */
    public StringBinding status() {
      return status;
    }

    /** Whether this row flags a problem (a required role with nothing picked). */
    public boolean unmapped() {
      return required() && (value.get() == null || value.get().isEmpty());
    }
  }

  /** The rounding modes a job file accepts (UNNECESSARY cannot round money). */
  public static final List<String> ROUNDING_MODES =
      Arrays.stream(RoundingMode.values())
          .filter(m -> m != RoundingMode.UNNECESSARY)
          .map(Enum::name)
          .toList();

  /** A short list of zones offered first; any zone id may be typed. */
  public static final List<String> COMMON_ZONES =
      List.of(
          "UTC",
          "America/Mexico_City",
          "America/Bogota",
          "America/Sao_Paulo",
          "America/New_York",
          "America/Los_Angeles",
          "Europe/Madrid",
          "Europe/Lisbon",
          "Europe/London",
          "Europe/Berlin");

  private static final Pattern LINE_PREFIX = Pattern.compile("^the job file line \\d+: ");
  private static final Pattern URI_PASSWORD =
      Pattern.compile("(?i)([?&;]password=)|(//[^/?#@]*:[^/?#@]*@)");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Workspace workspace;
  private final ObservableList<RoleRow> roles = FXCollections.observableArrayList();
  private final ObservableList<String> schemas = FXCollections.observableArrayList();
  private final ObservableList<String> clientUids = FXCollections.observableArrayList();
  private final StringProperty schema = new SimpleStringProperty(this, "schema", "");
  private final StringProperty zone = new SimpleStringProperty(this, "zone", "UTC");
  private final ObjectProperty<TaxRateFormat> taxRate =
      new SimpleObjectProperty<>(this, "taxRate", TaxRateFormat.FRACTION);
  private final StringProperty taxEvidence = new SimpleStringProperty(this, "taxEvidence", "");
  private final ObjectProperty<WeekdayNumbering> weekdayNumbers =
      new SimpleObjectProperty<>(this, "weekdayNumbers", WeekdayNumbering.NONE);
  private final StringProperty weekdayQuestion =
      new SimpleStringProperty(this, "weekdayQuestion", "");
  private final ObservableList<String> checks = FXCollections.observableArrayList();
  private final BooleanProperty checking = new SimpleBooleanProperty(this, "checking");
  private final StringProperty moneyScale = new SimpleStringProperty(this, "moneyScale", "2");
  private final StringProperty rounding = new SimpleStringProperty(this, "rounding", "HALF_UP");
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
  private final ObservableList<OverrideRow> overrides = FXCollections.observableArrayList();
  private final StringProperty overrideClient = new SimpleStringProperty(this, "overrideClient");
  private final StringProperty overrideValue = new SimpleStringProperty(this, "overrideValue", "");
  private final StringProperty overrideZone = new SimpleStringProperty(this, "overrideZone", "");
  private final ReadOnlyStringWrapper unmapped = new ReadOnlyStringWrapper(this, "unmapped", "");
  private final StringProperty validation = new SimpleStringProperty(this, "validation", "");
  private final ObjectProperty<Section> errorSection =
      new SimpleObjectProperty<>(this, "errorSection");
  private final StringProperty message = new SimpleStringProperty(this, "message", "");
  private final BooleanProperty loaded = new SimpleBooleanProperty(this, "loaded");
  private final BooleanProperty applying = new SimpleBooleanProperty(this, "applying");
  private List<Relation> relations = List.of();
  private List<String> problems = List.of();
  private String analysedSchema = "";
  private String sourceIdentity = "";
  private Optional<JobFile> applied = Optional.empty();
  private boolean targetUriHasPassword;
  private boolean loading;

  /** An empty editor over {@code workspace}; {@link #load} fills it. */
  public MappingEditorViewModel(Workspace workspace) {
    this.workspace = Objects.requireNonNull(workspace, "workspace");
    schema.addListener((obs, old, name) -> schemaChanged());
    Observable[] inputs = {
      zone,
      taxRate,
      weekdayNumbers,
      moneyScale,
      rounding,
      passwordEnv,
      targetUriEnv,
      targetDatabase,
      targetCollection,
      batchSize,
      rejectPolicy,
      rejectMax,
      overrides
    };
    for (Observable input : inputs) {
      input.addListener(o -> revalidate());
    }
  }

  // ---- loading -------------------------------------------------------------------------------

  /** Fills the editor from {@code analysis} and the settings of the session it ran in. */
  public void load(SourceAnalysis analysis, JobSettings job) {
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(job, "job");
    loading = true;
    try {
      relations = analysis.relations();
      problems = analysis.roles().problems();
      schemas.setAll(
          new TreeSet<>(relations.stream().map(Relation::schema).toList()).stream().toList());
      roles.clear();
      Map<String, RoleMatch> found = new LinkedHashMap<>();
      analysis.roles().tables().forEach(m -> found.put(m.role(), m));
      analysis.roles().fields().forEach(m -> found.put(m.role(), m));
      for (Table table : Table.values()) {
        Optional<RoleRanking> ranking = analysis.roles().ranking(table.defaultName());
        boolean asked = ranking.map(RoleRanking::needsChoice).orElse(false);
        String detected =
            Optional.ofNullable(found.get(table.defaultName()))
                .map(RoleMatch::name)
                // A source Ferry cannot read still shows the roles whose table was found.
                .or(() -> asked ? Optional.empty() : roleRelation(analysis, table))
                .orElse("");
        String evidence =
            Optional.ofNullable(found.get(table.defaultName()))
                .map(RoleMatch::evidence)
                .orElse(detected.isEmpty() ? "" : "name");
        RoleRow tableRow =
            new RoleRow(
                table,
                null,
                detected,
                "",
                evidence,
                ranking.map(RoleRanking::candidates).orElse(List.of()),
                asked);
        roles.add(tableRow);
        tableRow.value().addListener((obs, old, name) -> tableChanged(tableRow));
        tableRow.value().addListener(o -> revalidate());
        for (Field field : Field.values()) {
          if (field.table() != table) {
            continue;
          }
          RoleMatch match = found.get(field.qualifiedKey());
          Optional<RoleRanking> fieldRanking = analysis.roles().ranking(field.qualifiedKey());
          RoleRow fieldRow =
              new RoleRow(
                  table,
                  field,
                  match == null ? "" : match.name(),
                  match == null ? "" : match.type(),
                  match == null ? "" : match.evidence(),
                  fieldRanking.map(RoleRanking::candidates).orElse(List.of()),
                  fieldRanking.map(RoleRanking::needsChoice).orElse(false) && !asked);
          fieldRow.value().addListener(o -> revalidate());
          roles.add(fieldRow);
        }
      }
      analysedSchema = analysis.roles().schema();
      schema.set(analysis.roles().schema());
      schemaChanged();
      for (RoleRow row : roles) {
        if (row.isTable()) {
          tableChanged(row);
        }
      }
      clientUids.setAll(
          analysis
              .clients()
              .map(r -> r.clients().stream().map(SourceAnalysis.ClientStats::uid).toList())
              .orElse(List.of()));

      MappingSettings mapping = job.mapping();
      // The default settings carry the offset "Z"; the editor (and a saved file) say "UTC".
      zone.set(
          mapping.sourceZone().equals(java.time.ZoneOffset.UTC)
              ? "UTC"
              : mapping.sourceZone().getId());
      // The analysis judged the data with the detected tax format; propose it, as inspect does.
      // A question the data cannot answer starts unanswered, as the job file's placeholder does.
      Optional<Question> taxQuestion = question(analysis, "mapping.tax_rate");
      taxRate.set(
          taxQuestion.isPresent() ? null : analysis.rules().taxRate().orElse(mapping.taxRate()));
      taxEvidence.set(
          taxQuestion.map(q -> "CHOOSE: " + q.question()).orElse(analysis.rules().taxEvidence()));
      Optional<Question> weekdays = question(analysis, "mapping.weekday_numbers");
      weekdayNumbers.set(weekdays.isPresent() ? null : mapping.weekdayNumbers());
      weekdayQuestion.set(weekdays.map(q -> "CHOOSE: " + q.question()).orElse(""));
      checks.setAll(analysis.checks().stream().map(c -> mark(c.verdict()) + c.sentence()).toList());
      rejectPolicy.set(workspace.rejectPolicy().mode());
      rejectMax.set(
          workspace.rejectPolicy().max().isPresent()
              ? Long.toString(workspace.rejectPolicy().max().getAsLong())
              : "");
      moneyScale.set(Integer.toString(mapping.moneyScale()));
      rounding.set(mapping.rounding().name());
      overrides.setAll(
          mapping.promotionOverrides().entrySet().stream()
              .map(
                  e ->
                      new OverrideRow(
                          e.getKey(),
                          e.getValue().value().orElse(""),
                          e.getValue().zone().map(ZoneId::getId).orElse("")))
              .toList());

      PostgresSettings source = job.source();
      sourceIdentity = identity(job);
      sourceUrl.set(source.jdbcUrl());
      sourceUser.set(source.user());
      String uri = job.target().connectionString().revealAsString();
      targetUriHasPassword = URI_PASSWORD.matcher(uri).find();
      targetUri.set(targetUriHasPassword ? job.target().redactedConnectionString() : uri);
      targetDatabase.set(job.target().database());
      targetCollection.set(job.target().collection());
      batchSize.set(Integer.toString(job.batchSize()));
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

  private static Optional<String> roleRelation(SourceAnalysis analysis, Table table) {
    return analysis.relations().stream()
        .filter(r -> r.role().filter(table.defaultName()::equals).isPresent())
        .map(Relation::name)
        .findFirst();
  }

  private static Optional<Question> question(SourceAnalysis analysis, String setting) {
    return analysis.questions().stream().filter(q -> q.setting().equals(setting)).findFirst();
  }

  private static String mark(String verdict) {
    return switch (verdict) {
      case "yes" -> "✓ ";
      case "not checked" -> "? ";
      default -> "⚠ ";
    };
  }

  /** Which database a session reads: the same identity means the same mapping still applies. */
  static String identity(JobSettings job) {
    return job.source().describe() + " as " + job.source().user();
  }

  /**
   * A new session was opened (not by this editor): the editor keeps its mapping when it reads the
   * same database, and applies it again if it had been applied; otherwise it empties.
   *
   * @return whether the editor kept its mapping
   */
  public boolean sessionReplaced(FerrySession session) {
    if (session == null) {
      message.set(loaded.get() ? "Disconnected; the mapping is kept for the next connection." : "");
      return loaded.get();
    }
    if (!loaded.get() || !identity(session.job()).equals(sourceIdentity)) {
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
    schemas.clear();
    clientUids.clear();
    relations = List.of();
    problems = List.of();
    sourceIdentity = "";
    applied = Optional.empty();
    checks.clear();
    workspace.setRejectPolicy(RejectPolicy.COLLECT);
    validation.set("");
    errorSection.set(null);
    unmapped.set("");
    message.set("");
  }

  private void schemaChanged() {
    List<String> names =
        relations.stream()
            .filter(r -> r.schema().equals(schema.get()) && r.selectable())
            .map(Relation::name)
            .sorted()
            .toList();
    boolean analysed = analysedSchema.equals(schema.get());
    for (RoleRow row : roles) {
      if (row.isTable()) {
        row.choices().setAll(ranked(names, row.candidates(), analysed));
        if (!names.contains(row.value().get()) && !(analysed && row.needsChoice())) {
          row.value().set(pick(names, row.detected(), row.table().names()));
        }
      }
    }
    revalidate();
  }

  /** The ranked candidates first (in the analysed schema), then the other names in order. */
  private static List<String> ranked(
      List<String> names, List<RoleCandidate> candidates, boolean useCandidates) {
    List<String> ordered = new ArrayList<>();
    if (useCandidates) {
      candidates.stream().map(RoleCandidate::name).filter(names::contains).forEach(ordered::add);
    }
    names.stream().filter(n -> !ordered.contains(n)).forEach(ordered::add);
    return ordered;
  }

  private void tableChanged(RoleRow tableRow) {
    List<String> columns =
        relations.stream()
            .filter(r -> r.schema().equals(schema.get()) && r.name().equals(tableRow.value().get()))
            .findFirst()
            .map(r -> r.columns().stream().map(SourceAnalysis.Column::name).toList())
            .orElse(List.of());
    boolean analysed =
        analysedSchema.equals(schema.get()) && tableRow.detected().equals(tableRow.value().get());
    for (RoleRow row : roles) {
      if (!row.isTable() && row.table() == tableRow.table()) {
        row.choices().setAll(ranked(columns, row.candidates(), analysed));
        if (!columns.contains(row.value().get()) && !(analysed && row.needsChoice())) {
          // A new table: take the column Ferry would find by name, as the resolver would.
          row.value().set(pick(columns, row.detected(), row.field().names()));
        }
      }
    }
  }

  /** {@code preferred} if offered, else the first of {@code names} offered (ignoring case). */
  static String pick(List<String> offered, String preferred, List<String> names) {
    if (!preferred.isEmpty() && offered.contains(preferred)) {
      return preferred;
    }
    for (String name : names) {
      for (String candidate : offered) {
        if (candidate.equalsIgnoreCase(name)) {
          return candidate;
        }
      }
    }
    return "";
  }

  // ---- overrides -----------------------------------------------------------------------------

  /** Adds (or replaces) the override typed into the override fields. */
  public void addOverride() {
    String client = text(overrideClient);
    if (client.isEmpty()) {
      validation.set("Pick or type the client uid the override is for.");
      errorSection.set(Section.OVERRIDES);
      return;
    }
    OverrideRow row = new OverrideRow(client, text(overrideValue), text(overrideZone));
    List<OverrideRow> next = new ArrayList<>(overrides);
    next.removeIf(o -> o.client().equals(client));
    next.add(row);
    next.sort((a, b) -> a.client().compareTo(b.client()));
    overrides.setAll(next);
    overrideValue.set("");
    overrideZone.set("");
  }

  /** Removes {@code row}. */
  public void removeOverride(OverrideRow row) {
    overrides.remove(row);
  }

  // ---- validation ----------------------------------------------------------------------------

  private void revalidate() {
    if (loading || !loaded.get()) {
      return;
    }
    List<String> asked =
        roles.stream().filter(r -> r.unmapped() && r.needsChoice()).map(RoleRow::key).toList();
    List<String> missing =
        roles.stream().filter(r -> r.unmapped() && !r.needsChoice()).map(RoleRow::key).toList();
    List<String> settings = new ArrayList<>();
    if (taxRate.get() == null) {
      settings.add("mapping.tax_rate");
    }
    if (weekdayNumbers.get() == null) {
      settings.add("mapping.weekday_numbers");
    }
    StringBuilder flags = new StringBuilder();
    if (!asked.isEmpty() || !settings.isEmpty()) {
      List<String> all = new ArrayList<>(asked);
      all.addAll(settings);
      flags
          .append("Ferry cannot decide these; choose them: ")
          .append(String.join(", ", all))
          .append(". ");
    }
    if (!missing.isEmpty()) {
      flags.append("Not mapped: ").append(String.join(", ", missing)).append(". ");
    }
    // The resolver's words explain what is still open; once the analyst has settled it, they go.
    if (!problems.isEmpty() && flags.length() > 0) {
      flags.append("Ferry's resolver said: ").append(String.join(" ", problems));
    }
    unmapped.set(flags.length() == 0 ? "Every role is mapped." : flags.toString().strip());
    try {
      jobFile();
      validation.set("");
      errorSection.set(null);
    } catch (JobFileException e) {
      validation.set(e.getMessage());
    }
  }

  /**
   * The job file the editor describes, validated by {@link JobFile#parse}.
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
    String document;
    try {
      document = JSON.writeValueAsString(document());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the job document", e);
    }
    try {
      return draft
          ? JobFile.parseDraft(document, true, "the job file")
          : JobFile.parse(document, true, "the job file");
    } catch (JobFileException e) {
      String text = LINE_PREFIX.matcher(e.getMessage()).replaceFirst("");
      errorSection.set(section(text));
      // Kept as JobFile words it (it starts with the key, e.g. "source.zone"), as the CLI shows it.
      throw new JobFileException(text, e);
    }
  }

  static Section section(String message) {
    if (message.startsWith("mapping.tax_rate is still") || message.startsWith("mapping.weekday")) {
      return Section.MAPPING;
    }
    if (message.startsWith("source.roles")
        || message.contains("mapped to both")
        || message.contains("placeholders to be chosen")) {
      return Section.ROLES;
    }
    if (message.startsWith("mapping.promotion_overrides")) {
      return Section.OVERRIDES;
    }
    if (message.startsWith("mapping") || message.startsWith("source.zone")) {
      return Section.MAPPING;
    }
    if (message.startsWith("target")) {
      return Section.TARGET;
    }
    if (message.startsWith("rejects")) {
      return Section.REJECTS;
    }
    return Section.SOURCE;
  }

  /** The editor's values as a job-file document (values as typed; JobFile judges them). */
  private Map<String, Object> document() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("version", JobFile.VERSION);
    Map<String, Object> src = new LinkedHashMap<>();
    putIfSet(src, "url", sourceUrl.get());
    putIfSet(src, "user", sourceUser.get());
    putIfSet(src, "password_env", passwordEnv.get());
    src.put("schema", text(schema));
    src.put("zone", text(zone));
    Map<String, Object> roleMap = new LinkedHashMap<>();
    for (RoleRow row : roles) {
      String picked = text(row.value());
      if (picked.isEmpty() && row.needsChoice() && row.required()) {
        picked =
            new JobFile.Placeholder(
                    row.isTable() ? JobFile.key(row.table()) : JobFile.key(row.field()),
                    row.candidates().stream().map(RoleCandidate::name).limit(5).toList())
                .text();
      }
      if (picked.isEmpty()) {
        continue;
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> role =
          (Map<String, Object>)
              roleMap.computeIfAbsent(row.table().defaultName(), k -> new LinkedHashMap<>());
      if (row.isTable()) {
        role.put("table", picked);
      } else {
        @SuppressWarnings("unchecked")
        Map<String, Object> columns =
            (Map<String, Object>) role.computeIfAbsent("columns", k -> new LinkedHashMap<>());
        columns.put(row.field().key(), picked);
      }
    }
    if (!roleMap.isEmpty()) {
      src.put("roles", roleMap);
    }
    root.put("source", src);

    Map<String, Object> map = new LinkedHashMap<>();
    map.put("money_scale", text(moneyScale));
    map.put("rounding", text(rounding));
    map.put(
        "tax_rate",
        taxRate.get() == null
            ? new JobFile.Placeholder(
                    "mapping.tax_rate",
                    java.util.Arrays.stream(TaxRateFormat.values())
                        .map(TaxRateFormat::label)
                        .toList())
                .text()
            : taxRate.get().label());
    if (weekdayNumbers.get() == null) {
      map.put(
          "weekday_numbers",
          new JobFile.Placeholder(
                  "mapping.weekday_numbers",
                  java.util.Arrays.stream(WeekdayNumbering.values())
                      .filter(n -> n != WeekdayNumbering.NONE)
                      .map(WeekdayNumbering::label)
                      .toList())
              .text());
    } else if (weekdayNumbers.get() != WeekdayNumbering.NONE) {
      map.put("weekday_numbers", weekdayNumbers.get().label());
    }
    if (!overrides.isEmpty()) {
      Map<String, Object> clients = new LinkedHashMap<>();
      for (OverrideRow o : overrides) {
        Map<String, Object> entry = new LinkedHashMap<>();
        putIfSet(entry, "value", o.value());
        putIfSet(entry, "zone", o.zone());
        clients.put(o.client(), entry);
      }
      map.put("promotion_overrides", clients);
    }
    root.put("mapping", map);

    Map<String, Object> tgt = new LinkedHashMap<>();
    if (!text(targetUriEnv).isEmpty()) {
      tgt.put("uri_env", text(targetUriEnv));
    } else if (!targetUriHasPassword) {
      putIfSet(tgt, "uri", targetUri.get());
    }
    putIfSet(tgt, "database", targetDatabase.get());
    tgt.put("collection", text(targetCollection));
    tgt.put("batch_size", text(batchSize));
    root.put("target", tgt);

    Map<String, Object> rej = new LinkedHashMap<>();
    rej.put("policy", rejectPolicy.get() == null ? "" : rejectPolicy.get().label());
    putIfSet(rej, "max", rejectMax.get());
    root.put("rejects", rej);
    return root;
  }

  private static void putIfSet(Map<String, Object> map, String key, String value) {
    if (value != null && !value.isBlank()) {
      map.put(key, value.strip());
    }
  }

  private static String text(StringProperty property) {
    return property.get() == null ? "" : property.get().strip();
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
                            + open
                            + " choices still open (placeholders); runs refuse it until they are"
                            + " set."),
            error -> workspace.reportError(ErrorInfo.of("Save the job file", error)));
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
    PostgresSettings source =
        session
            .source()
            .settings()
            .withSchema(next.source().schema())
            .withRoles(next.source().roles());
    checking.set(true);
    message.set("Checking the mapping against the data (read-only)…");
    workspace
        .ui()
        .submit(
            () -> MappingCheck.check(source, next.mapping()),
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

  private void showChecks(List<MappingCheck.Result> results) {
    checks.setAll(
        results.stream()
            .map(r -> mark(r.verdict().name().toLowerCase(java.util.Locale.ROOT)) + r.sentence())
            .toList());
  }

  private static String checkSummary(List<MappingCheck.Result> results) {
    long failed = results.stream().filter(r -> r.verdict() == MappingCheck.Verdict.NO).count();
    long partly = results.stream().filter(r -> r.verdict() == MappingCheck.Verdict.PARTLY).count();
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
            () -> {
              FerrySession opened = FerrySession.open(next, workspace.hostKeyPrompt());
              try {
                // Resolve and check now, so a mapping that does not fit the source fails here
                // and not in the middle of the next run.
                SourceSchema resolved = opened.source().inspectSchema();
                List<MappingCheck.Result> results =
                    MappingCheck.check(opened.source().settings(), resolved, next.mapping());
                Optional<MappingCheck.Result> wrong =
                    results.stream()
                        .filter(r -> r.verdict() == MappingCheck.Verdict.NO)
                        .findFirst();
                if (wrong.isPresent()) {
                  throw new IllegalStateException(
                      "the data contradicts the mapping: "
                          + wrong.get().sentence()
                          + ". Pick another candidate.");
                }
                return new Applied(opened, results);
              } catch (RuntimeException e) {
                opened.close();
                throw e;
              }
            },
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
            },
            error -> {
              applying.set(false);
              message.set("Not applied: " + ErrorInfo.of("Use for runs", error).cause());
            });
  }

  private record Applied(FerrySession session, List<MappingCheck.Result> checks) {}

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

  // ---- properties ----------------------------------------------------------------------------

  /** Every role and field, each table followed by its fields. */
  public ObservableList<RoleRow> roles() {
    return roles;
  }

  /** The schemas of the catalog. */
  public ObservableList<String> schemas() {
    return schemas;
  }

  /** The client uids of the report (for overrides). */
  public ObservableList<String> clientUids() {
    return clientUids;
  }

  /** The schema holding Ferry's tables. */
  public StringProperty schemaProperty() {
    return schema;
  }

  /** The source zone id, as typed. */
  public StringProperty zoneProperty() {
    return zone;
  }

  /** How the source stores tax rates. */
  public ObjectProperty<TaxRateFormat> taxRateProperty() {
    return taxRate;
  }

  /** Why the analysis proposes the tax-rate format. */
  public StringProperty taxEvidenceProperty() {
    return taxEvidence;
  }

  /** How promotion numbers name weekdays; null while the analyst must still choose. */
  public ObjectProperty<WeekdayNumbering> weekdayNumbersProperty() {
    return weekdayNumbers;
  }

  /** The question about weekday numbers, or "" when there is none. */
  public StringProperty weekdayQuestionProperty() {
    return weekdayQuestion;
  }

  /** The mapping checked against the data, one sentence per check (✓, ⚠ or ?). */
  public ObservableList<String> checks() {
    return checks;
  }

  /** True while {@link #check()} runs. */
  public BooleanProperty checkingProperty() {
    return checking;
  }

  /** Decimals of money totals, as typed. */
  public StringProperty moneyScaleProperty() {
    return moneyScale;
  }

  /** The rounding mode's name. */
  public StringProperty roundingProperty() {
    return rounding;
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

  /** The per-client promotion overrides. */
  public ObservableList<OverrideRow> overrides() {
    return overrides;
  }

  /** The client of the override being typed. */
  public StringProperty overrideClientProperty() {
    return overrideClient;
  }

  /** The value of the override being typed. */
  public StringProperty overrideValueProperty() {
    return overrideValue;
  }

  /** The zone of the override being typed. */
  public StringProperty overrideZoneProperty() {
    return overrideZone;
  }

  /** What Ferry could not map, or "Every role is mapped.". */
  public ReadOnlyStringProperty unmappedProperty() {
    return unmapped.getReadOnlyProperty();
  }

  /** JobFile's message for the first invalid setting, or "". */
  public StringProperty validationProperty() {
    return validation;
  }

  /** The part of the form {@link #validationProperty()} is about, or null. */
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

  /** The zone ids offered in the pickers: the common ones first, then every other. */
  public static List<String> zoneChoices() {
    List<String> all = new ArrayList<>(COMMON_ZONES);
    new TreeSet<>(ZoneId.getAvailableZoneIds())
        .stream()
            .filter(z -> !COMMON_ZONES.contains(z) && z.contains("/") && !z.startsWith("Etc/"))
            .forEach(all::add);
    return all;
  }
}
