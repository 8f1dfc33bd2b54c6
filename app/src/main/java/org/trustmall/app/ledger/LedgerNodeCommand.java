package org.trustmall.app.ledger;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftOrderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trustmall ledger node --config FILE}: runs one node of a Raft ledger cluster until SIGTERM (or Ctrl-C), then
 * closes the ledger cleanly. Prints one line when ready and one per leader change.
 */
@Command(name = "node", mixinStandardHelpOptions = true,
        description = {"Run one node of a consortium ledger cluster (Raft on Apache Ratis) until stopped.",
                "The config file (properties) names node.id, node.address, peers (id=host:port,...), ledger.dir "
                        + "(a copy of the genesis ledger), raft.dir, organisation and key.file; optional: group, "
                        + "batch.max, batch.delay.ms, election.timeout.min.ms, election.timeout.max.ms, "
                        + "snapshot.every.entries. Relative "
                        + "paths are resolved against the config file's directory.",
                "Other processes submit signed transactions through the Ratis client (RaftSubmitter)."})
final class LedgerNodeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--config", required = true, paramLabel = "FILE", description = "This node's config file.")
    Path config;
    @Option(names = "--parent", hidden = true, paramLabel = "PID", description = "Stop as on SIGTERM when this "
            + "process ends (used by 'ledger chaos', so that no node outlives it even when it is killed).")
    Long parent;

    @Override
    public Integer call() throws InterruptedException {
        RaftConfig c = RaftConfig.load(config);
        SigningKey key = KeyFiles.readPrivate(c.keyFile());
        PrintWriter out = spec.commandLine().getOut();
        RaftOrderer orderer = new RaftOrderer(c, InstantSource.system(), Signatures.fastest(),
                ChainParameters.DEFAULT.maxArgsBytes());
        orderer.onLeaderChange(leader -> {
            out.println("node " + c.nodeId() + ": leader " + (leader == null ? "unknown" : leader));
            out.flush();
        });
        Ledger ledger = Ledger.open(c.ledgerDir(), new Organisation(c.organisation(), key.publicKey()), key,
                Contracts.runtime(), LedgerOptions.DEFAULT.withBatch(c.maxBatch(), c.maxBatchDelay()), orderer);
        CountDownLatch closed = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("ledger-node-shutdown").unstarted(() -> {
            ledger.close();
            out.println("node " + c.nodeId() + ": stopped at height " + ledger.height());
            out.flush();
            closed.countDown();
        }));
        if (parent != null) {
            ProcessHandle.of(parent).map(ProcessHandle::onExit).orElse(CompletableFuture.completedFuture(null))
                    .thenRun(() -> System.exit(0));
        }
        out.println("node " + c.nodeId() + ": ready at height " + ledger.height() + ", raft on " + c.host() + ":"
                + c.port() + ", group " + c.group());
        out.flush();
        closed.await();
        return 0;
    }
}
