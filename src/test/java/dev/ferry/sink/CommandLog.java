package dev.ferry.sink;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Records every command a driver sends, as {@code "<command> <collection>"}, so tests can prove
 * what was (not) written — the server's own counters cannot be trusted for that.
 */
final class CommandLog implements CommandListener {
  private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findAndModify");

  private final List<String> commands = new ArrayList<>();
  private volatile Consumer<CommandStartedEvent> beforeEach = event -> {};

  @Override
  public void commandStarted(CommandStartedEvent event) {
    String name = event.getCommandName();
    var target = event.getCommand().get(name);
    String collection = target != null && target.isString() ? target.asString().getValue() : "";
    synchronized (commands) {
      commands.add(name + " " + collection);
    }
    beforeEach.accept(event);
  }

  /** Runs {@code hook} synchronously before each command is sent (to stage races). */
  void beforeEach(Consumer<CommandStartedEvent> hook) {
    this.beforeEach = hook;
  }

  List<String> all() {
    synchronized (commands) {
      return List.copyOf(commands);
    }
  }

  /** Only the write commands. */
  List<String> writes() {
    return all().stream().filter(c -> WRITES.contains(c.split(" ")[0])).toList();
  }

  void clear() {
    synchronized (commands) {
      commands.clear();
    }
  }
}
