package dev.ferry.bench;

import dev.ferry.app.EmbeddedMongoServer;
import java.util.concurrent.CountDownLatch;

/**
 * The benchmark's MongoDB wire server (memory backend) in its own JVM, so that the migration JVM's
 * heap measures Ferry alone. Prints its connection string, then runs until killed.
 */
public final class BenchMongoServer {
  private BenchMongoServer() {}

  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
    EmbeddedMongoServer server = EmbeddedMongoServer.startInMemory(port);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "bench-mongo-stop"));
    System.out.println(server.connectionString());
    System.out.flush();
    new CountDownLatch(1).await();
  }
}
