package org.trustmall.app.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.ledger.LedgerBenchFigures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall bench …}: load benchmarks that print figures (speed is measured, never asserted). */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {BenchCommand.Api.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "api", mixinStandardHelpOptions = true,
            description = {"Load the HTTP API on loopback: product-page reads at a fixed rate (p50/p99 latency), "
                    + "then concurrent buyers checking out and paying (checkouts per second, each with its escrow "
                    + "committed on the ledger) — beside this machine's raw 'ledger bench' figures from the same run.",
                    "Uses DIR (created and seeded with bench accounts and products if needed)."})
    static final class Api implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", description = "Data directory (default: a fresh temporary one).")
        Path dir;
        @Option(names = "--rate", defaultValue = "500", description = "Product reads per second (default: "
                + "${DEFAULT-VALUE}).")
        int rate;
        @Option(names = "--read-seconds", defaultValue = "20", description = "Length of the read phase (default: "
                + "${DEFAULT-VALUE}).")
        int readSeconds;
        @Option(names = "--clients", defaultValue = "8", description = "Concurrent buyers checking out (default: "
                + "${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--checkout-seconds", defaultValue = "20", description = "Length of the checkout phase "
                + "(default: ${DEFAULT-VALUE}).")
        int checkoutSeconds;
        @Option(names = "--ledger-txs", defaultValue = "30000", description = "Transactions for the ledger "
                + "baseline in the same run (default: ${DEFAULT-VALUE}).")
        int ledgerTxs;
        @Option(names = "--json", description = "Print JSON only.")
        boolean json;

        @Override
        public Integer call() {
            if (rate < 1 || rate > 100_000 || readSeconds < 1 || readSeconds > 3600 || clients < 1 || clients > 256
                    || checkoutSeconds < 1 || checkoutSeconds > 3600 || ledgerTxs < 100) {
                throw new Errors.UsageException("options out of range: --rate 1-100000, --read-seconds and "
                        + "--checkout-seconds 1-3600, --clients 1-256, --ledger-txs >= 100");
            }
            Progress progress = new Progress(spec.commandLine().getErr(), !json && Progress.terminal());
            Path data = dir != null ? dir : temp("trustmall-bench-api");
            ApiBench.Result r = ApiBench.run(DataDir.of(data), rate, readSeconds, clients, checkoutSeconds, progress);
            LedgerBenchFigures ledger = LedgerBenchFigures.measure(DataDir.of(temp("trustmall-bench-ledger")),
                    ledgerTxs, progress);
            ObjectNode o = Json.object();
            ObjectNode reads = o.putObject("product_reads");
            reads.put("target_per_s", r.readRateTarget()).put("achieved_per_s", round(r.readRateAchieved()))
                    .put("requests", r.reads()).put("errors", r.readErrors()).put("p50_ms", round(r.readP50Ms()))
                    .put("p99_ms", round(r.readP99Ms()));
            ObjectNode checkouts = o.putObject("checkouts");
            checkouts.put("clients", r.clients()).put("completed", r.checkouts()).put("errors", r.checkoutErrors())
                    .put("per_s", round(r.checkoutsPerS())).put("p50_ms", round(r.checkoutP50Ms()))
                    .put("p99_ms", round(r.checkoutP99Ms())).put("ledger_transactions", r.ledgerTransactions());
            ObjectNode base = o.putObject("ledger_bench_same_machine");
            base.put("transactions", ledgerTxs).put("committed_tps", round(ledger.committedTps()))
                    .put("raw_verify_per_s", round(ledger.rawVerifyPerS())).put("ratio", round(ledger.ratio()))
                    .put("p99_commit_ms", round(ledger.p99CommitMs()));
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, o);
            } else {
                out.printf(Locale.ROOT, "product reads at %d/s: p50 %.2f ms, p99 %.2f ms (%d requests, %d errors)%n",
                        rate, r.readP50Ms(), r.readP99Ms(), r.reads(), r.readErrors());
                out.printf(Locale.ROOT, "checkouts with escrow, %d clients: %.1f/s, p50 %.1f ms, p99 %.1f ms "
                        + "(%d done, %d errors)%n", r.clients(), r.checkoutsPerS(), r.checkoutP50Ms(),
                        r.checkoutP99Ms(), r.checkouts(), r.checkoutErrors());
                out.printf(Locale.ROOT, "ledger bench, same machine: %.0f tx/s committed, %.0f verifications/s, "
                        + "ratio %.3f%n", ledger.committedTps(), ledger.rawVerifyPerS(), ledger.ratio());
            }
            return 0;
        }

        private static Path temp(String prefix) {
            try {
                return Files.createTempDirectory(prefix);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static double round(double v) {
            return Math.round(v * 100) / 100.0;
        }
    }
}
