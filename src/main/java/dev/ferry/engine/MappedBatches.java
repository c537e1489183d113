package dev.ferry.engine;

import dev.ferry.core.MappingResult;
import dev.ferry.core.OrderDocumentMapper;
import dev.ferry.core.SourceOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads orders and maps them, a batch at a time — the read-and-transform half shared by a run and a
 * verification, so both see exactly the same results for the same snapshot.
 */
final class MappedBatches {
  private final OrderReader reader;
  private final OrderDocumentMapper mapper;
  private boolean exhausted;

  MappedBatches(OrderReader reader, OrderDocumentMapper mapper) {
    this.reader = reader;
    this.mapper = mapper;
  }

  /** The next batch of at most {@code size} results; empty once the reader is exhausted. */
  List<MappingResult> next(int size) {
    List<MappingResult> batch = new ArrayList<>(size);
    while (!exhausted && batch.size() < size) {
      Optional<SourceOrder> order = reader.next();
      if (order.isEmpty()) {
        exhausted = true;
      } else {
        batch.add(mapper.map(order.get()));
      }
    }
    return batch;
  }
}
