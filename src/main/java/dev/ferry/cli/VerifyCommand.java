package dev.ferry.cli;

import dev.ferry.app.FerrySession;
import dev.ferry.engine.CancellationToken;
import dev.ferry.engine.VerificationReport;
import picocli.CommandLine.Command;

/** {@code ferry verify}: reconcile the target with the source. */
@Command(
    name = "verify",
    description =
        "Reconcile source and target: orders vs documents + rejects, items, money per order and in total, and a deep comparison of every document.",
    footer = ExitCodes.HELP,
    mixinStandardHelpOptions = true)
final class VerifyCommand extends JobCommand {
  @Override
  int run(FerrySession session, CancellationToken cancel) {
    VerificationReport report =
        session
            .verifier()
            .verify(session.job().batchSize(), new ProgressPrinter(err(), !output.json), cancel);
    Summaries.printVerification(out(), report, output.json);
    return report.matches() ? ExitCodes.OK : ExitCodes.MISMATCH;
  }
}
