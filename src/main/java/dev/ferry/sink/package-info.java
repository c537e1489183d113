/**
 * The MongoDB side of Ferry: exact BSON for order documents ({@link
 * dev.ferry.sink.OrderBsonMapper}) and rejects ({@link dev.ferry.sink.RejectBsonMapper}), the
 * idempotent writer ({@link dev.ferry.sink.MongoOrderSink}) and the run history ({@link
 * dev.ferry.sink.MongoRunLog}).
 */
package dev.ferry.sink;
