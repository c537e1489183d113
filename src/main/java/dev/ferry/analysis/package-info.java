/**
 * Analysis of a client's source database: what is there, how Ferry understands it, and what will go
 * wrong.
 *
 * <p>{@link dev.ferry.analysis.SourceAnalyzer} reads the catalog (every schema, table, view,
 * materialized view and partitioned table, through {@link dev.ferry.source.SchemaCatalog}), finds
 * Ferry's roles ({@link dev.ferry.source.SourceSchemaResolver}), profiles the four tables Ferry
 * reads ({@link dev.ferry.analysis.TableProfiler}: bounded by sampling, and saying so) and reports
 * every client as Ferry's own rules see it ({@link dev.ferry.analysis.ClientAnalyzer}, which maps
 * orders with {@link dev.ferry.core.OrderDocumentMapper}). The result, {@link
 * dev.ferry.analysis.SourceAnalysis}, is immutable and free of connections, for the GUI's Analysis
 * screen; {@link dev.ferry.analysis.ReportWriter} renders it as Markdown, HTML or JSON. Everything
 * here reads; nothing writes to the source, the target or a terminal.
 */
package dev.ferry.analysis;
