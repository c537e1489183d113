package dev.ferry.engine;

import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * An {@link OrderReader} that reads the next orders on another thread while its caller maps and
 * encodes the current ones: waiting for PostgreSQL and decoding its rows then overlaps with the
 * work done on them, instead of taking turns on one thread.
 *
 * <p>Contract: the {@link OrderReader} contract of the reader it wraps — the same orders in the
 * same order, its failures rethrown by {@link #next()} — with at most {@code DEPTH × CHUNK} orders
 * read ahead in memory. The reading thread starts with the first {@link #next()}, so {@link
 * #count()} before it never shares the connection with a read. {@link #close()} stops the reading
 * thread (cancelling its query if it is stuck in one) before it closes the wrapped reader.
 */
final class ReadAheadOrderReader implements OrderReader {
  /** Orders handed over at once: enough to make the hand-over cheap, few to keep memory flat. */
  private static final int CHUNK = 256;

  /**
   * Chunks waiting: half a batch of orders read ahead of the one being mapped, enough to keep the
   * reader busy (more only gives the collector more to copy; see RangeRunner).
   */
  private static final int DEPTH = 2;

  private final OrderReader reader;
  private final Executor executor;
  private final CancellationToken cancel;
  // From the first next(); volatile because close() may come from another thread.
  private volatile ReadAhead<List<SourceOrder>> chunks;
  private Iterator<SourceOrder> current = Collections.emptyIterator();
  private boolean ended;

  /**
   * @param reader the reader to read ahead of; closed by {@link #close()}
   * @param executor runs the reading thread
   * @param cancel the run's cancellation, which also ends a wait for the next chunk
   */
  ReadAheadOrderReader(OrderReader reader, Executor executor, CancellationToken cancel) {
    this.reader = Objects.requireNonNull(reader, "reader");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.cancel = Objects.requireNonNull(cancel, "cancel");
  }

  @Override
  public long count() {
    if (chunks != null) {
      throw new IllegalStateException("count() must come before the first next()");
    }
    return reader.count();
  }

  @Override
  public Optional<SourceOrder> next() {
    while (!current.hasNext()) {
      if (ended) {
        return Optional.empty();
      }
      if (chunks == null) {
        chunks = new ReadAhead<>(this::readChunk, DEPTH, executor, reader::cancel);
      }
      Optional<List<SourceOrder>> chunk = chunks.next(cancel);
      if (chunk.isEmpty()) {
        ended = true;
        return Optional.empty();
      }
      current = chunk.get().iterator();
    }
    return Optional.of(current.next());
  }

  /** On the reading thread: up to {@link #CHUNK} orders, or empty at the end. */
  private Optional<List<SourceOrder>> readChunk() {
    List<SourceOrder> chunk = new ArrayList<>(CHUNK);
    while (chunk.size() < CHUNK) {
      Optional<SourceOrder> next = reader.next();
      if (next.isEmpty()) {
        break;
      }
      chunk.add(next.get());
    }
    return chunk.isEmpty() ? Optional.empty() : Optional.of(chunk);
  }

  @Override
  public void cancel() {
    reader.cancel();
  }

  @Override
  public void close() {
    try {
      if (chunks != null) {
        chunks.close();
      }
    } finally {
      reader.close();
    }
  }
}
