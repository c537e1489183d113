/**
 * Reading orders from the client's PostgreSQL database, read-only and from one consistent snapshot.
 *
 * <p>{@link dev.ferry.source.PostgresSettings} says where the database is; {@link
 * dev.ferry.source.PostgresConnectionCheck} tests it and classifies failures; {@link
 * dev.ferry.source.PostgresOrderSource} finds the tables through the catalog ({@link
 * dev.ferry.source.SourceSchemaResolver}, {@link dev.ferry.source.SourceSchema}) and streams {@link
 * dev.ferry.core.SourceOrder}s with one sorted join query. The reader converts values to plain Java
 * types and never judges them: validation belongs to {@code dev.ferry.core}.
 */
package dev.ferry.source;
