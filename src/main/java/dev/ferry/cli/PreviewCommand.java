package dev.ferry.cli;

import dev.ferry.app.DocumentText;
import dev.ferry.app.FerrySession;
import dev.ferry.core.MappingResult;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.OrderSelection;
import dev.ferry.engine.PreviewEntry;
import dev.ferry.engine.PreviewService;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry preview}: the exact documents a run would write, as relaxed Extended JSON. */
@Command(
    name = "preview",
    description =
        "Print the documents a run would write for some orders (relaxed Extended JSON), without writing anything.",
    footer = ExitCodes.HELP,
    mixinStandardHelpOptions = true)
final class PreviewCommand extends JobCommand {
  @ArgGroup(exclusive = true)
  Selection selection = new Selection();

  static final class Selection {
    @Option(names = "--order", paramLabel = "UID", description = "Preview this order (repeatable).")
    List<String> orders;

    @Option(
        names = "--client",
        paramLabel = "UID",
        description = "Preview this client's first orders (see --limit).")
    String client;
  }

  @Option(
      names = "--limit",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "How many orders (default: ${DEFAULT-VALUE}, at most " + PreviewService.MAX_ORDERS + ").")
  int limit;

  @Override
  int run(FerrySession session, CancellationToken cancel) {
    if (limit < 1 || limit > PreviewService.MAX_ORDERS) {
      return fail(
          new IllegalArgumentException(
              "--limit must be between 1 and " + PreviewService.MAX_ORDERS + "."));
    }
    OrderSelection what =
        selection.orders != null
            ? OrderSelection.byUids(selection.orders)
            : selection.client != null
                ? OrderSelection.byClient(selection.client, limit)
                : OrderSelection.first(limit);
    List<PreviewEntry> entries = session.preview().preview(what, cancel);
    long rejected = 0;
    for (PreviewEntry entry : entries) {
      if (entry.result() instanceof MappingResult.Rejected) {
        rejected++;
      }
      out().println(DocumentText.relaxedJson(entry.result(), !output.json));
      err()
          .println(
              "  ↳ "
                  + entry.result().uid()
                  + ": "
                  + entry.target().state().name().toLowerCase(java.util.Locale.ROOT)
                  + (entry.target().differences().isEmpty()
                      ? ""
                      : " " + entry.target().differences()));
    }
    if (selection.orders != null && entries.size() < selection.orders.size()) {
      err()
          .println(
              "ferry: "
                  + (selection.orders.size() - entries.size())
                  + " of the requested orders do not exist in the source.");
    }
    if (output.json) {
      out().println(Json.line(new PreviewLine("ok", entries.size(), rejected)));
    }
    out().flush();
    err().flush();
    return ExitCodes.OK;
  }

  /** The last line of {@code preview --json}. */
  private record PreviewLine(String status, int orders, long rejected) {}
}
