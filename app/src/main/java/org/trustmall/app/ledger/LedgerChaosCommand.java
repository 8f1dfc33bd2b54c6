package org.trustmall.app.ledger;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall ledger chaos}: a loopback Raft cluster under load, its leader killed and restarted. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Start a Raft ledger cluster of N child processes on loopback ports (in a temp dir), drive "
                + "signed transactions from several clients, kill the leader with SIGKILL mid-run and restart it, "
                + "then stop every node, read each node's ledger and report committed_tps, acked, lost_acked "
                + "(acknowledged but missing from a node's ledger), failover_ms, roots_equal, embedded_tps (the solo "
                + "orderer at saturation, same run) and ratio = committed_tps x nodes / embedded_tps.",
                "Exit 0 when nothing acknowledged was lost and every node ended at the same block; 1 otherwise "
                        + "(the temp dir is then kept)."})
final class LedgerChaosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--nodes", defaultValue = "3", description = "Cluster size, 3 or 5 (default: ${DEFAULT-VALUE}).")
    int nodes;
    @Option(names = "--seconds", defaultValue = "60", description = "Length of the timed load, 5 to 600 s (default: "
            + "${DEFAULT-VALUE}); a short warm-up comes first.")
    int seconds;
    @Option(names = "--clients", defaultValue = "4", description = "Client threads, each with its own Raft client "
            + "(default: ${DEFAULT-VALUE}).")
    int clients;
    // 2,000 per entry, as the solo orderer's and a raft node's own batch limit: blocks of the same size do the same
    // work per transaction. One batch in flight per client keeps 8,000 transactions outstanding with 4 clients, so
    // a new leader has no more to take over than with smaller batches (measured: failover 2.6 s at 2000 x 1 and at
    // 500 x 4; committed 4,733 against 3,917 tx/s).
    @Option(names = "--batch", defaultValue = "2000", description = "Transactions per submitted batch, one Raft "
            + "entry and one block (default: ${DEFAULT-VALUE}).")
    int batch;
    @Option(names = "--window", defaultValue = "1", description = "Batches each client keeps in flight (default: "
            + "${DEFAULT-VALUE}).")
    int window;
    @Option(names = "--kills", description = "Leader kills, evenly spaced (default: one per 20 s of load, at least "
            + "one).")
    Integer kills;
    @Option(names = "--dir", description = "Work in this new or empty directory and keep it (default: a temp dir, "
            + "deleted unless the run failed).")
    Path dir;
    @Option(names = "--json", description = "Print JSON only.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (nodes != 3 && nodes != 5) {
            throw new Errors.UsageException("option '--nodes' must be 3 or 5, got " + nodes);
        }
        if (seconds < 5 || seconds > 600) {
            throw new Errors.UsageException("option '--seconds' must be between 5 and 600, got " + seconds);
        }
        if (clients < 1 || clients > 64) {
            throw new Errors.UsageException("option '--clients' must be between 1 and 64, got " + clients);
        }
        if (batch < 1 || batch > 10_000) {
            throw new Errors.UsageException("option '--batch' must be between 1 and 10000, got " + batch);
        }
        if (window < 1 || window > 64) {
            throw new Errors.UsageException("option '--window' must be between 1 and 64, got " + window);
        }
        int k = kills == null ? Math.max(1, seconds / 20) : kills;
        if (k < 1 || k > Math.max(1, seconds / 5)) {
            throw new Errors.UsageException("option '--kills' must be between 1 and " + Math.max(1, seconds / 5)
                    + " (one per 5 s of load at most), got " + k);
        }
        // The clients' Ratis logs report every retry across the leader change as an error; the figures say what
        // became of each batch. (Takes effect when the Ratis client classes load, which is only now.)
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.ratis", "off");
        if (dir != null && Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new Errors.UsageException("option '--dir': " + dir + " is not empty");
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> say = json ? line -> { } : line -> {
            err.println("chaos: " + line);
            err.flush();
        };
        LedgerChaos.Result r = LedgerChaos.run(new LedgerChaos.Settings(nodes, seconds, clients, batch, window, k),
                dir, say);
        if (json) {
            Json.print(out, toJson(r));
        } else {
            print(out, r);
        }
        return r.lostAcked() == 0 && r.rootsEqual() ? 0 : Errors.FAILED;
    }

    static ObjectNode toJson(LedgerChaos.Result r) {
        ObjectNode o = Json.object();
        LedgerChaos.Settings s = r.settings();
        o.put("nodes", s.nodes());
        o.put("seconds", s.seconds());
        o.put("clients", s.clients());
        o.put("batch", s.batch());
        o.put("window", s.window());
        o.put("committed_tps", round1(r.committedTps()));
        o.put("acked", r.acked());
        o.put("lost_acked", r.lostAcked());
        o.put("rejected", r.rejected());
        o.put("unanswered", r.unanswered());
        o.put("signed_during_run", r.signedDuringRun());
        o.put("kills", r.kills().size());
        o.put("failover_ms", r.maxFailoverMs());
        o.put("failover_measured", "from the SIGKILL to the first acknowledgement of a batch sent after it");
        ArrayNode each = o.putArray("failover_ms_each");
        r.kills().forEach(k -> each.add(k.failoverMs()));
        ArrayNode killed = o.putArray("killed");
        for (LedgerChaos.Kill k : r.kills()) {
            killed.addObject().put("node", k.node()).put("at_s", Math.round(k.atSeconds() * 10) / 10.0)
                    .put("exit_status", k.exitStatus()).put("new_leader_ms", k.electedMs())
                    .put("failover_ms", k.failoverMs()).put("restart_ready_ms", k.readyMs())
                    .put("caught_up_ms", k.caughtUpMs());
        }
        o.put("roots_equal", r.rootsEqual());
        ArrayNode ends = o.putArray("ledgers");
        for (LedgerChaos.NodeEnd e : r.nodes()) {
            ends.addObject().put("node", e.node()).put("height", e.height()).put("root", e.root())
                    .put("block_hash", e.blockHash()).put("missing_acked", e.missingAcked());
        }
        o.put("embedded_tps", round1(r.embeddedTps()));
        o.put("ratio", Math.round(r.ratio() * 1000) / 1000.0);
        if (r.lostAcked() > 0 || !r.rootsEqual()) {
            o.put("kept_dir", r.dir().toString());
        }
        return o;
    }

    private static void print(PrintWriter out, LedgerChaos.Result r) {
        LedgerChaos.Settings s = r.settings();
        out.printf(Locale.ROOT, "chaos: %d nodes, %d s of load, %d clients, batches of %d%n", s.nodes(), s.seconds(),
                s.clients(), s.batch());
        out.printf(Locale.ROOT, "  committed_tps   %,.0f/s%n", r.committedTps());
        out.printf(Locale.ROOT, "  acked           %,d (rejected %d, unanswered %d)%n", r.acked(), r.rejected(),
                r.unanswered());
        out.printf(Locale.ROOT, "  lost_acked      %d%s%n", r.lostAcked(), r.lostAcked() == 0 ? "" : "   <- LOST");
        for (LedgerChaos.Kill k : r.kills()) {
            out.printf(Locale.ROOT, "  kill            %s at %.1f s (exit %d): new leader %d ms, first ack %d ms, "
                    + "restarted, ready in %d ms, caught up in %d ms%n", k.node(), k.atSeconds(), k.exitStatus(),
                    k.electedMs(), k.failoverMs(), k.readyMs(), k.caughtUpMs());
        }
        out.printf(Locale.ROOT, "  failover_ms     %d (max over %d kills; SIGKILL to the first acknowledgement of a "
                + "batch sent after it)%n", r.maxFailoverMs(), r.kills().size());
        out.printf(Locale.ROOT, "  roots_equal     %s%n", r.rootsEqual());
        for (LedgerChaos.NodeEnd e : r.nodes()) {
            out.printf(Locale.ROOT, "    %-10s height %d, root %s%s%n", e.node(), e.height(), e.root(),
                    e.missingAcked() == 0 ? "" : ", missing " + e.missingAcked() + " acknowledged");
        }
        out.printf(Locale.ROOT, "  embedded_tps    %,.0f/s (solo orderer, same machine, same run)%n", r.embeddedTps());
        out.printf(Locale.ROOT, "  ratio           %.3f  (committed_tps x %d / embedded_tps; target >= 0.7)%n",
                r.ratio(), s.nodes());
        if (r.lostAcked() > 0 || !r.rootsEqual()) {
            out.println("  kept " + r.dir());
        }
    }

    private static double round1(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
