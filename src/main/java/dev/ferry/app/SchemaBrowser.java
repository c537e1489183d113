package dev.ferry.app;

import dev.ferry.app.SourceCatalog.RelationName;
import dev.ferry.source.CatalogColumn;
import dev.ferry.source.CatalogIndex;
import dev.ferry.source.CatalogRelation;
import dev.ferry.source.CatalogRelationRef;
import dev.ferry.source.CatalogSample;
import dev.ferry.source.CatalogSchema;
import dev.ferry.source.CatalogSnapshot;
import dev.ferry.source.SchemaCatalog;
import dev.ferry.source.SourceSchema.Table;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * Browses the source of an open session: its catalog and the first rows of a relation, as {@link
 * SourceCatalog} values the Schema screen shows.
 *
 * <p>Contract: strictly read-only, through the session's source settings (so through its SSH tunnel
 * while there is one); every call opens one connection of its own, blocks, and belongs on a
 * background thread. Failures are one sentence naming the database (see {@link SchemaCatalog}).
 */
public final class SchemaBrowser {
  /** The most rows {@link #firstRows} returns. */
  public static final int MAX_ROWS = SchemaCatalog.MAX_ROWS;

  private final SchemaCatalog catalog;

  /** A browser over {@code session}'s source; nothing connects until a method is called. */
  public SchemaBrowser(FerrySession session) {
    this.catalog = new SchemaCatalog(Objects.requireNonNull(session, "session").reachableSource());
  }

  /** Reads the whole catalog, with Ferry's roles resolved in the session's schema. */
  public SourceCatalog read() {
    return of(catalog.read());
  }

  /**
   * Reads the first rows of {@code relation}.
   *
   * @param limit how many rows, 1 to {@value #MAX_ROWS}
   */
  public SourceCatalog.Sample firstRows(RelationName relation, int limit) {
    CatalogSample sample =
        catalog.firstRows(new CatalogRelationRef(relation.schema(), relation.name()), limit);
    return new SourceCatalog.Sample(
        relation,
        sample.columns(),
        sample.rows().stream()
            .map(row -> row.stream().map(CatalogSample.Cell::display).toList())
            .toList());
  }

  static SourceCatalog of(CatalogSnapshot snapshot) {
    Map<Table, RelationName> roles = new EnumMap<>(Table.class);
    snapshot.ferry().relations().forEach((table, ref) -> roles.put(table, name(ref)));
    return new SourceCatalog(
        snapshot.database(),
        snapshot.user(),
        snapshot.serverVersion(),
        snapshot.ferry().schema(),
        snapshot.schemas().stream().map(SchemaBrowser::schema).toList(),
        roles,
        snapshot.ferry().missing());
  }

  private static SourceCatalog.Schema schema(CatalogSchema schema) {
    return new SourceCatalog.Schema(
        schema.name(), schema.relations().stream().map(SchemaBrowser::relation).toList());
  }

  private static SourceCatalog.Relation relation(CatalogRelation r) {
    return new SourceCatalog.Relation(
        name(r.ref()),
        r.kind().label(),
        r.rowEstimateText(),
        r.selectable(),
        r.columns().stream().map(SchemaBrowser::column).toList(),
        r.indexes().stream().map(SchemaBrowser::index).toList());
  }

  private static SourceCatalog.Column column(CatalogColumn c) {
    return new SourceCatalog.Column(
        c.name(),
        c.type(),
        c.nullable(),
        c.primaryKey(),
        c.references().stream()
            .map(r -> new SourceCatalog.Reference(r.schema(), r.table(), r.column()))
            .toList(),
        c.defaultValue());
  }

  private static SourceCatalog.Index index(CatalogIndex i) {
    return new SourceCatalog.Index(i.name(), i.definition(), i.unique());
  }

  private static RelationName name(CatalogRelationRef ref) {
    return new RelationName(ref.schema(), ref.name());
  }
}
