package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import dev.ferry.core.MappingResult;
import dev.ferry.core.SourceLine;
import dev.ferry.core.SourceOrder;
import dev.ferry.engine.CompareMode;
import dev.ferry.engine.RunCounts;
import dev.ferry.engine.SyncEvent;
import dev.ferry.engine.SyncWatermark;
import dev.ferry.engine.TargetEntry;
import dev.ferry.engine.TargetSync;
import dev.ferry.testing.MongoTestSupport;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sync state's chunks with a chunk size of 4, so that splits, early flushes, emptied chunks and
 * a run stopped inside a chunk happen with a few dozen orders. Each test reads the state back
 * through a new run's {@link TargetSync#entries()} and compares it with what it must say.
 */
class MongoTargetSyncTest {
  private static final int CHUNK = 4;

  private MongoSettings settings;
  private MongoOrderSink sink;
  private MongoClient inspector;
  private MongoCollection<RawBsonDocument> orders;
  private MongoCollection<Document> state;

  @BeforeEach
  void open() {
    settings =
        MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
    sink = new MongoOrderSink(settings, b -> {}, Clock.systemUTC(), CHUNK);
    inspector = MongoTestSupport.client();
    orders =
        inspector.getDatabase(settings.database()).getCollection("orders", RawBsonDocument.class);
    state = inspector.getDatabase(settings.database()).getCollection("orders_state");
  }

  @AfterEach
  void close() {
    sink.close();
    inspector.close();
  }

  private static String uid(int i) {
    return String.format("o-%03d", i);
  }

  private static SyncEvent.Mapped mapped(int i, Optional<TargetEntry> entry) {
    SourceOrder order = SampleOrders.order(uid(i));
    return new SyncEvent.Mapped(order, SampleOrders.map(order), entry);
  }

  private static final SyncWatermark MARK = new SyncWatermark("s", Optional.empty(), List.of());

  /** Runs one sync over {@code uids} (all mapped, sorted), in batches of {@code batch}. */
  private RunCounts load(List<Integer> uids, int batch) {
    try (TargetSync sync = sink.openSync("run", false, CompareMode.STATE)) {
      Map<String, TargetEntry> known = entries(sync);
      RunCounts counts = RunCounts.ZERO;
      List<SyncEvent> events = new ArrayList<>();
      for (int i : uids) {
        events.add(mapped(i, Optional.ofNullable(known.get(uid(i)))));
        if (events.size() == batch) {
          counts = counts.plus(sync.apply(events));
          events.clear();
        }
      }
      if (!events.isEmpty()) {
        counts = counts.plus(sync.apply(events));
      }
      sync.complete(MARK);
      return counts;
    }
  }

  private static Map<String, TargetEntry> entries(TargetSync sync) {
    Map<String, TargetEntry> out = new TreeMap<>();
    Iterator<TargetEntry> it = sync.entries();
    String last = "";
    while (it.hasNext()) {
      TargetEntry entry = it.next();
      assertThat(entry.uid()).isGreaterThan(last);
      last = entry.uid();
      out.put(entry.uid(), entry);
    }
    return out;
  }

  /** What a new (dry) run reads back from the state. */
  private List<String> stateUids() {
    try (TargetSync sync = sink.openSync("reader", true, CompareMode.STATE)) {
      assertThat(sync.trust().trusted()).as(sync.trust().reason()).isTrue();
      return List.copyOf(entries(sync).keySet());
    }
  }

  private static List<String> uids(IntStream range) {
    return range.mapToObj(MongoTargetSyncTest::uid).toList();
  }

  private List<Integer> chunkSizes() {
    List<Integer> sizes = new ArrayList<>();
    for (Document chunk : state.find(Filters.regex("_id", "^c"))) {
      sizes.add(chunk.getInteger("n"));
    }
    return sizes;
  }

  @Test
  void aFirstLoadWritesFullChunksAsItGoes() {
    RunCounts counts = load(IntStream.rangeClosed(1, 21).boxed().toList(), 5);
    assertThat(counts).isEqualTo(new RunCounts(21, 0, 0, 0));
    assertThat(stateUids()).isEqualTo(uids(IntStream.rangeClosed(1, 21)));
    assertThat(chunkSizes()).allMatch(n -> n >= CHUNK / 2 && n < 2 * CHUNK);
    assertThat(orders.countDocuments()).isEqualTo(21);
  }

  @Test
  void ordersAddedInsideAChunkSplitItAndNothingIsLostOrDoubled() {
    load(IntStream.rangeClosed(1, 40).filter(i -> i % 10 == 0).boxed().toList(), 10); // 10..40
    int chunksBefore = chunkSizes().size();
    // 25 new uids between 10 and 40, merged in order with the existing four
    load(IntStream.rangeClosed(10, 40).filter(i -> i % 10 == 0 || i > 14).boxed().toList(), 7);
    List<String> expected = uids(IntStream.rangeClosed(10, 40).filter(i -> i % 10 == 0 || i > 14));
    assertThat(stateUids()).isEqualTo(expected);
    assertThat(chunkSizes()).hasSizeGreaterThan(chunksBefore).allMatch(n -> n < 3 * CHUNK);
    assertThat(chunkSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(expected.size());
  }

  @Test
  void removedEntriesLeaveNoEmptyChunksBehind() {
    load(IntStream.rangeClosed(1, 16).boxed().toList(), 16);
    try (TargetSync sync = sink.openSync("remove", false, CompareMode.STATE)) {
      List<SyncEvent> events = new ArrayList<>();
      Iterator<TargetEntry> it = sync.entries();
      while (it.hasNext()) {
        TargetEntry entry = it.next();
        int n = Integer.parseInt(entry.uid().substring(2));
        events.add(n <= 12 ? new SyncEvent.Gone(entry, true) : new SyncEvent.Unchanged(entry));
      }
      RunCounts counts = sync.apply(events);
      assertThat(counts).isEqualTo(new RunCounts(0, 0, 4, 0, 12, 0));
      sync.complete(MARK);
    }
    assertThat(stateUids()).isEqualTo(uids(IntStream.rangeClosed(13, 16)));
    assertThat(chunkSizes()).allMatch(n -> n > 0);
    assertThat(orders.countDocuments()).isEqualTo(4);
  }

  @Test
  void aRunStoppedInsideAChunkKeepsTheEntriesItDidNotReach() {
    load(IntStream.rangeClosed(1, 12).boxed().toList(), 12);
    try (TargetSync sync = sink.openSync("stopped", false, CompareMode.STATE)) {
      Iterator<TargetEntry> it = sync.entries();
      List<SyncEvent> events = new ArrayList<>();
      // o-001 removed, o-0015 added inside the first chunk, o-002 seen; then the run stops.
      events.add(new SyncEvent.Gone(it.next(), true));
      events.add(
          new SyncEvent.Mapped(
              SampleOrders.order("o-0015"),
              SampleOrders.map(SampleOrders.order("o-0015")),
              Optional.empty()));
      TargetEntry second = it.next();
      events.add(new SyncEvent.Unchanged(second));
      sync.apply(events);
      sync.stop();
    }
    List<String> expected = new ArrayList<>(uids(IntStream.rangeClosed(2, 12)));
    expected.add(0, "o-0015");
    assertThat(stateUids()).isEqualTo(expected.stream().sorted().toList());
    assertThat(orders.countDocuments()).isEqualTo(12);
  }

  @Test
  void entriesOutsideAChunksRangeAreShadowedByTheNextChunk() {
    load(IntStream.rangeClosed(1, 12).boxed().toList(), 12);
    // A split interrupted between its two writes: the lower chunk still lists everything.
    Document first = state.find(Filters.regex("_id", "^c")).sort(new Document("_id", 1)).first();
    List<String> all = uids(IntStream.rangeClosed(1, 12));
    List<TargetEntry> everything = new ArrayList<>();
    for (String uid : all) {
      everything.add(
          new TargetEntry(uid, TargetEntry.Kind.DOCUMENT, dev.ferry.engine.Fingerprint.UNKNOWN, 2));
    }
    Document widened =
        Document.parse(
            StateChunks.encode(first.getString("_id"), first.getString("first"), everything)
                .toJson());
    // Counts as before, so that only the read rule is under test (a real interrupted split also
    // leaves the state untrusted, which a later run would notice first).
    widened.put("d", first.get("d"));
    widened.put("r", first.get("r"));
    state.replaceOne(Filters.eq("_id", first.get("_id")), widened);

    assertThat(stateUids()).isEqualTo(all);
  }

  @Test
  void anOrderAnotherRunInsertedMeanwhileIsComparedNotDuplicated() {
    try (TargetSync first = sink.openSync("first", false, CompareMode.STATE);
        TargetSync second = sink.openSync("second", false, CompareMode.STATE)) {
      assertThat(first.trust().trusted()).isTrue();
      assertThat(second.trust().trusted()).isFalse();
      assertThat(second.trust().reason()).contains("another Ferry run");
      assertThat(second.apply(List.of(mapped(1, Optional.empty()))))
          .isEqualTo(new RunCounts(1, 0, 0, 0));
      // The first run's state says o-001 is new: its insert hits the duplicate key and compares.
      assertThat(first.apply(List.of(mapped(1, Optional.empty()), mapped(2, Optional.empty()))))
          .isEqualTo(new RunCounts(1, 0, 1, 0));
      first.complete(MARK);
      second.complete(MARK);
    }
    assertThat(orders.countDocuments()).isEqualTo(2);
    try (TargetSync next = sink.openSync("next", true, CompareMode.STATE)) {
      assertThat(next.trust().trusted()).isFalse();
    }
  }

  @Test
  void aRejectedOrderMovesBetweenCollectionsAndTheStateFollows() {
    SourceOrder validOrder = SampleOrders.order("x");
    SourceOrder invalidOrder = SampleOrders.invalidOrder("x");
    MappingResult valid = SampleOrders.map(validOrder);
    MappingResult invalid = SampleOrders.map(invalidOrder);
    TargetEntry asDocument;
    try (TargetSync sync = sink.openSync("r1", false, CompareMode.STATE)) {
      assertThat(sync.apply(List.of(new SyncEvent.Mapped(invalidOrder, invalid, Optional.empty()))))
          .isEqualTo(new RunCounts(0, 0, 0, 1));
      sync.complete(MARK);
    }
    try (TargetSync sync = sink.openSync("r2", false, CompareMode.STATE)) {
      TargetEntry asReject = sync.entries().next();
      assertThat(asReject.kind()).isEqualTo(TargetEntry.Kind.REJECT);
      assertThat(
              sync.apply(List.of(new SyncEvent.Mapped(validOrder, valid, Optional.of(asReject)))))
          .isEqualTo(new RunCounts(1, 0, 0, 0));
      sync.complete(MARK);
    }
    assertThat(
            inspector
                .getDatabase(settings.database())
                .getCollection("orders_rejects")
                .countDocuments())
        .isZero();
    try (TargetSync sync = sink.openSync("r3", false, CompareMode.STATE)) {
      asDocument = sync.entries().next();
      assertThat(asDocument.kind()).isEqualTo(TargetEntry.Kind.DOCUMENT);
      assertThat(
              sync.apply(
                  List.of(new SyncEvent.Mapped(invalidOrder, invalid, Optional.of(asDocument)))))
          .isEqualTo(new RunCounts(0, 0, 0, 1));
      sync.complete(MARK);
    }
    assertThat(orders.countDocuments()).isZero();
    assertThat(stateUids()).containsExactly("x");
  }

  @Test
  void anOrderTooLargeForOneMongoDbDocumentIsRejectedWithItsSizeAndTheRestLoads() {
    // About 200,000 lines make a document of some 20 MiB; the reject keeps the first lines only.
    SourceLine[] lines = new SourceLine[200_000];
    for (int i = 0; i < lines.length; i++) {
      lines[i] = SampleOrders.line("p-" + i, "1", "1.50", "Acme");
    }
    SourceOrder huge = SampleOrders.order("o-huge", "paid", lines);
    SourceOrder small = SampleOrders.order("o-small");
    List<SyncEvent> events =
        List.of(
            new SyncEvent.Mapped(huge, SampleOrders.map(huge), Optional.empty()),
            new SyncEvent.Mapped(small, SampleOrders.map(small), Optional.empty()));

    try (TargetSync sync = sink.openSync("r1", false, CompareMode.STATE)) {
      assertThat(sync.apply(events)).isEqualTo(new RunCounts(1, 0, 0, 1));
      sync.complete(MARK);
    }

    assertThat(orders.find().map(d -> d.getString("_id").getValue()).into(new ArrayList<>()))
        .containsExactly("o-small");
    Document reject =
        inspector
            .getDatabase(settings.database())
            .getCollection("orders_rejects")
            .find(Filters.eq("_id", "o-huge"))
            .first();
    assertThat(reject).isNotNull();
    assertThat(reject.getList("reasons", String.class))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .matches(
            "its document would be (1[6-9]|2\\d)\\.\\d MiB, over MongoDB's limit of 16 MiB per document");
    Document source = reject.get("source", Document.class);
    assertThat(source.getList("lines", Document.class)).hasSize(RejectBsonMapper.MAX_LINES);
    assertThat(source.getInteger("lines_omitted")).isEqualTo(200_000 - RejectBsonMapper.MAX_LINES);

    // The next run finds the same reject unchanged and writes nothing.
    try (TargetSync sync = sink.openSync("r2", false, CompareMode.STATE)) {
      Iterator<TargetEntry> entries = sync.entries();
      List<SyncEvent> again = new ArrayList<>();
      TargetEntry first = entries.next();
      TargetEntry second = entries.next();
      again.add(new SyncEvent.Mapped(huge, SampleOrders.map(huge), Optional.of(first)));
      again.add(new SyncEvent.Mapped(small, SampleOrders.map(small), Optional.of(second)));
      assertThat(sync.apply(again)).isEqualTo(new RunCounts(0, 0, 1, 1));
      sync.complete(MARK);
    }
  }
}
