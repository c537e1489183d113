package dev.ferry.sink;

import com.mongodb.client.MongoClient;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertManyOptions;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.RunCounts;
import dev.ferry.testing.MongoTestSupport;
import java.util.ArrayList;
import java.util.List;
import org.bson.RawBsonDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Throwaway rate measurement, not a test: run with {@code -Dferry.bench=true}; prints docs/s for
 * 10k documents of about 1 KB in batches of 1000 — plain insertMany versus the sink's write path
 * (first write, unchanged re-write, all changed) and the {@code $in} lookup alone.
 */
@EnabledIfSystemProperty(named = "ferry.bench", matches = "true")
class WriteRateBenchmark {
  private static final int N = 10_000;
  private static final int BATCH = 1_000;

  @Test
  void measure() {
    List<MappingResult> docs = SampleOrders.kilobyteBatch(0, N);
    List<MappingResult> changed = new ArrayList<>();
    for (MappingResult r : SampleOrders.kilobyteBatch(0, N)) {
      var doc = ((MappingResult.Accepted) r).document();
      var other =
          new dev.ferry.core.OrderDocument(
              doc.uid(),
              doc.dateOfOrder(),
              doc.clientUid(),
              doc.clientName(),
              doc.clientAddress(),
              doc.latitude(),
              doc.longitude(),
              java.util.Optional.of("returned"),
              doc.subtotal(),
              doc.taxes(),
              doc.total(),
              doc.isPromotionDay(),
              doc.mostPopularBrand(),
              doc.orderItems());
      MappingResult.Accepted a = (MappingResult.Accepted) r;
      changed.add(
          new MappingResult.Accepted(
              other, a.orderDate(), a.promotion(), a.promotionRaw(), a.lines(), a.tally()));
    }
    List<RawBsonDocument> raw = new ArrayList<>();
    for (MappingResult r : docs) {
      raw.add(BsonDiff.raw(OrderBsonMapper.toBson(((MappingResult.Accepted) r).document())));
    }
    System.out.printf(
        "average document size: %d bytes%n",
        raw.stream().mapToInt(d -> d.getByteBuffer().remaining()).sum() / N);

    for (int round = 0;
        round < 4;
        round++) { // round 0 warms the JIT up; the machine is shared, so take the best of 3
      String label = round == 0 ? "warm-up" : "measured " + round;
      try (MongoClient client = MongoTestSupport.client()) {
        var coll =
            client
                .getDatabase(MongoTestSupport.freshDatabase())
                .getCollection("orders", RawBsonDocument.class);
        long t = System.nanoTime();
        for (int from = 0; from < N; from += BATCH) {
          coll.insertMany(raw.subList(from, from + BATCH), new InsertManyOptions().ordered(false));
        }
        report(label, "plain insertMany", t);

        t = System.nanoTime();
        for (int from = 0; from < N; from += BATCH) {
          List<String> ids = new ArrayList<>();
          docs.subList(from, from + BATCH).forEach(d -> ids.add(d.uid()));
          for (RawBsonDocument ignored : coll.find(Filters.in("_id", ids)).batchSize(BATCH)) {
            // drain
          }
        }
        report(label, "$in lookup only", t);

        t = System.nanoTime();
        for (int from = 0; from < N; from += BATCH) {
          List<String> ids = new ArrayList<>();
          docs.subList(from, from + BATCH).forEach(d -> ids.add(d.uid()));
          for (RawBsonDocument ignored :
              coll.find(Filters.in("_id", ids))
                  .projection(com.mongodb.client.model.Projections.include("_id"))
                  .batchSize(BATCH)) {
            // drain
          }
        }
        report(label, "$in lookup, _id only", t);

        t = System.nanoTime();
        for (int from = 0; from < N; from += BATCH) {
          List<com.mongodb.client.model.ReplaceOneModel<RawBsonDocument>> models =
              new ArrayList<>();
          for (MappingResult r : changed.subList(from, from + BATCH)) {
            RawBsonDocument d =
                BsonDiff.raw(OrderBsonMapper.toBson(((MappingResult.Accepted) r).document()));
            models.add(
                new com.mongodb.client.model.ReplaceOneModel<>(
                    Filters.eq("_id", d.get("_id")),
                    d,
                    new com.mongodb.client.model.ReplaceOptions().upsert(true)));
          }
          coll.bulkWrite(models, new com.mongodb.client.model.BulkWriteOptions().ordered(false));
        }
        report(label, "plain bulk ReplaceOne upsert (all changed)", t);

        if (round == 3) {
          // Does the lookup slow down as the collection grows? Add 40k more, look up the same 10k.
          for (int from = N; from < 5 * N; from += BATCH) {
            List<RawBsonDocument> more = new ArrayList<>();
            for (MappingResult r : SampleOrders.kilobyteBatch(from, BATCH)) {
              more.add(
                  BsonDiff.raw(OrderBsonMapper.toBson(((MappingResult.Accepted) r).document())));
            }
            coll.insertMany(more);
          }
          t = System.nanoTime();
          for (int from = 0; from < N; from += BATCH) {
            List<String> ids = new ArrayList<>();
            docs.subList(from, from + BATCH).forEach(d -> ids.add(d.uid()));
            for (RawBsonDocument ignored : coll.find(Filters.in("_id", ids)).batchSize(BATCH)) {
              // drain
            }
          }
          report(label, "$in lookup only, in a 50k collection", t);
        }
      }

      MongoSettings settings =
          MongoSettings.of(MongoTestSupport.connectionString(), MongoTestSupport.freshDatabase());
      try (MongoOrderSink sink = new MongoOrderSink(settings)) {
        for (var pass :
            List.of("sink first write", "sink unchanged re-write", "sink all changed")) {
          List<MappingResult> input = pass.equals("sink all changed") ? changed : docs;
          RunCounts counts = RunCounts.ZERO;
          long t = System.nanoTime();
          for (int from = 0; from < N; from += BATCH) {
            counts = counts.plus(sink.write(input.subList(from, from + BATCH), "bench"));
          }
          report(label, pass + " " + counts, t);
        }
      }
      // The memory backend holds everything on the test JVM's heap: free it between rounds.
      try (MongoClient client = MongoTestSupport.client()) {
        for (String name : client.listDatabaseNames()) {
          if (name.startsWith("ferry_test_")) {
            client.getDatabase(name).drop();
          }
        }
      }
    }
  }

  private static void report(String round, String what, long startNanos) {
    double seconds = (System.nanoTime() - startNanos) / 1e9;
    System.out.printf("[%s] %-80s %6.2f s  %8.0f docs/s%n", round, what, seconds, N / seconds);
  }
}
