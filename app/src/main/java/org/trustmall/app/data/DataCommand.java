package org.trustmall.app.data;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trustmall data …}: the data pipeline. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "The data pipeline: ingest of interactions and catalogues into normalised JSON Lines, their "
                + "cleaning, per-item features z-scored, and content-addressed training snapshots.",
        subcommands = {IngestCommand.class, CleanCommand.class, NormaliseCommand.class, SnapshotCommand.class})
public final class DataCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
