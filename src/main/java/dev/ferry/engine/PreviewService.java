package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Shows the exact documents a run would write for a few orders, before anything is loaded.
 *
 * <p>Contract: read-only on both sides; the documents are produced by the same mapper as a run, so
 * what is previewed is what is written.
 */
public final class PreviewService {
  /** Previews are for reading by people; more than this is a run, not a preview. */
  public static final int MAX_ORDERS = 1000;

  private final OrderSource source;
  private final OrderSink sink;
  private final OrderDocumentMapper mapper;

  public PreviewService(OrderSource source, OrderSink sink, OrderDocumentMapper mapper) {
    this.source = Objects.requireNonNull(source, "source");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.mapper = Objects.requireNonNull(mapper, "mapper");
  }

  /** Maps the selected orders (at most {@link #MAX_ORDERS}) and compares them with the target. */
  public List<PreviewEntry> preview(OrderSelection selection, CancellationToken cancel) {
    List<MappingResult> results = new ArrayList<>();
    try (OrderReader reader = source.open(selection)) {
      cancel.onCancel(reader::cancel);
      Optional<SourceOrder> next;
      while (results.size() < MAX_ORDERS && (next = reader.next()).isPresent()) {
        results.add(mapper.map(next.get()));
      }
    }
    cancel.throwIfCancelled();
    List<TargetComparison> comparisons = sink.compare(results);
    List<PreviewEntry> entries = new ArrayList<>(results.size());
    for (int i = 0; i < results.size(); i++) {
      entries.add(new PreviewEntry(results.get(i), comparisons.get(i)));
    }
    return entries;
  }
}
