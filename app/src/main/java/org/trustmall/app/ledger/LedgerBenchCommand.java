package org.trustmall.app.ledger;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import org.trustmall.ledger.LedgerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall ledger bench}: the write path and proof figures, with the verification bound as baseline. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Submit N signed registry transactions through the whole path (signature check, ordering, "
                + "contract execution, durable commit) and measure it against the raw Ed25519 verification rate "
                + "of the same threads in the same run; then measure proof sizes and verification times.",
                "Creates the ledger in DIR if there is none."})
final class LedgerBenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--dir", required = true, description = "Data directory (created if needed).")
    Path dir;
    @Option(names = "--txs", defaultValue = "50000", description = "Transactions to commit (default: "
            + "${DEFAULT-VALUE}).")
    int txs;
    @Option(names = "--threads", defaultValue = "2", description = "Submitting threads (default: ${DEFAULT-VALUE}).")
    int threads;
    @Option(names = "--max-batch", defaultValue = "2000", description = "Most transactions per block (default: "
            + "${DEFAULT-VALUE}).")
    int maxBatch;
    @Option(names = "--batch-delay-ms", defaultValue = "4", description = "Longest wait for a block to fill under "
            + "load, in ms (default: ${DEFAULT-VALUE}).")
    int batchDelayMs;
    @Option(names = "--json", description = "Print JSON only.")
    boolean json;

    @Override
    public Integer call() {
        if (txs < 100 || txs > 10_000_000) {
            throw new Errors.UsageException("option '--txs' must be between 100 and 10000000, got " + txs);
        }
        if (threads < 1 || threads > 256) {
            throw new Errors.UsageException("option '--threads' must be between 1 and 256, got " + threads);
        }
        if (maxBatch < 1 || batchDelayMs < 0) {
            throw new Errors.UsageException("options '--max-batch' and '--batch-delay-ms' must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        LedgerOptions options = LedgerOptions.DEFAULT.withBatch(maxBatch, Duration.ofMillis(batchDelayMs));
        Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
        LedgerBench.Result r = LedgerBench.run(DataDir.of(dir), txs, threads, options, progress);
        ObjectNode o = Json.object();
        o.put("transactions", r.transactions());
        o.put("threads", r.threads());
        o.put("blocks", r.blocks());
        o.put("max_batch", maxBatch);
        o.put("batch_delay_ms", batchDelayMs);
        o.put("committed_tps", round(r.committedTps()));
        o.put("raw_verify_per_s", round(r.rawVerifyPerS()));
        var rounds = o.putArray("round_ratios");
        for (double x : r.roundRatios()) {
            rounds.add(Math.round(x * 1000) / 1000.0);
        }
        o.put("ratio", Math.round(r.ratio() * 1000) / 1000.0);
        o.put("p50_commit_ms", Math.round(r.p50CommitMs() * 100) / 100.0);
        o.put("p99_commit_ms", Math.round(r.p99CommitMs() * 100) / 100.0);
        o.put("log_size", r.logSize());
        o.put("inclusion_proof_bytes", r.inclusionProofBytes());
        o.put("inclusion_proof_bound_bytes", r.inclusionProofBoundBytes());
        o.put("inclusion_verify_us", Math.round(r.inclusionVerifyUs() * 100) / 100.0);
        o.put("checkpoint_verify_us", Math.round(r.checkpointVerifyUs() * 100) / 100.0);
        o.put("consistency_verify_us", Math.round(r.consistencyVerifyUs() * 100) / 100.0);
        o.put("orderer_cpu_us_per_tx", Math.round(r.ordererCpuUsPerTx() * 100) / 100.0);
        o.put("orderer_user_us_per_tx", Math.round(r.ordererUserUsPerTx() * 100) / 100.0);
        o.put("submitter_cpu_us_per_tx", Math.round(r.submitterCpuUsPerTx() * 100) / 100.0);
        o.put("raw_verify_cpu_us_per_tx", Math.round(r.rawVerifyCpuUsPerTx() * 100) / 100.0);
        o.put("process_cpu_us_per_tx", Math.round(r.processCpuUsPerTx() * 100) / 100.0);
        o.put("verifier", r.verifier());
        o.put("jdk_verify_per_s_1thread", round(r.jdkVerifyPerS()));
        o.put("bouncycastle_verify_per_s_1thread", round(r.bouncyCastleVerifyPerS()));
        if (json) {
            Json.print(out, o);
        } else {
            out.printf(Locale.ROOT, "committed %d transactions in %d blocks with %d threads%n", r.transactions(),
                    r.blocks(), r.threads());
            out.printf(Locale.ROOT, "  committed_tps         %,.0f/s%n", r.committedTps());
            out.printf(Locale.ROOT, "  raw_verify_per_s      %,.0f/s (same threads, alternating with the commit "
                    + "rounds)%n", r.rawVerifyPerS());
            out.printf(Locale.ROOT, "  ratio                 %.3f  (target >= 0.7)%n", r.ratio());
            out.printf(Locale.ROOT, "  commit latency        p50 %.2f ms, p99 %.2f ms%n", r.p50CommitMs(),
                    r.p99CommitMs());
            out.printf(Locale.ROOT, "  inclusion proof       %d bytes (bound 32*ceil(log2 %d) = %d), verify %.2f us%n",
                    r.inclusionProofBytes(), r.logSize(), r.inclusionProofBoundBytes(), r.inclusionVerifyUs());
            out.printf(Locale.ROOT, "  checkpoint verify     %.2f us%n", r.checkpointVerifyUs());
            out.printf(Locale.ROOT, "  consistency verify    %.2f us%n", r.consistencyVerifyUs());
            out.printf(Locale.ROOT, "  Ed25519 verify, 1 thread: bouncycastle %,.0f/s, jdk %,.0f/s -> using %s%n",
                    r.bouncyCastleVerifyPerS(), r.jdkVerifyPerS(), r.verifier());
        }
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
