package org.trustmall.app.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.trustmall.app.cli.DataDir;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftSubmitter;
import org.trustmall.ledger.tx.Transaction;

/**
 * The chaos run behind {@code ledger chaos}: a loopback Raft cluster of child processes takes signed transactions
 * from several clients while its leader is killed with SIGKILL and restarted; at the end every node is stopped
 * cleanly and its ledger read from its files, to check that every acknowledged transaction is on every node and
 * that all nodes reached the same block.
 *
 * <p>Transactions are {@code registry.notarise} calls, as in {@code ledger bench}, signed before the timed phase by
 * one role key per client (clients sign on their own machines). The embedded baseline commits the same kind of
 * transactions through the {@code solo} orderer in the same temp directory, before the cluster starts, so that the
 * two do not share the CPU.
 */
final class LedgerChaos {
    static final List<String> ORGANISATIONS = List.of("platform", "merchants", "logistics", "auditor", "payments");
    private static final long DEADLINE_S = 90;
    /** How far apart in height the nodes may be for the cluster to count as level before the next kill. */
    private static final long LEVEL_BLOCKS = 2;

    /** What to run. */
    record Settings(int nodes, int seconds, int clients, int batch, int window, int kills) {
    }

    /**
     * One leader kill: the victim, SIGKILL's exit status, the time from the kill to the first leader line naming
     * another node, to the first acknowledgement of a batch sent after the kill, and from the restart to the
     * restarted node's ready line and to its catching up with the leader's height at that time.
     */
    record Kill(String node, double atSeconds, int exitStatus, long electedMs, long failoverMs, long readyMs,
                long caughtUpMs) {
    }

    /** A node at the end, read from its files after it stopped. */
    record NodeEnd(String node, long height, String root, String blockHash, long missingAcked) {
    }

    record Result(Settings settings, double committedTps, long acked, long ackedTimed, long lostAcked,
                  long rejected, long unanswered, long signedDuringRun, List<Kill> kills, boolean rootsEqual,
                  List<NodeEnd> nodes, double embeddedTps, double ratio, long maxFailoverMs, Path dir) {
    }

    private LedgerChaos() {
    }

    /**
     * Runs everything in {@code workDir} (kept), or in a new temp dir, deleted afterwards unless the run found a
     * problem.
     */
    static Result run(Settings s, Path workDir, Consumer<String> say) throws Exception {
        if (workDir != null) {
            Files.createDirectories(workDir);
            return run(workDir, s, say);
        }
        Path dir = Files.createTempDirectory("trustmall-chaos-");
        boolean keep = true;
        try {
            Result r = run(dir, s, say);
            keep = r.lostAcked() > 0 || !r.rootsEqual();
            return r;
        } finally {
            if (!keep) {
                deleteTree(dir);
            } else {
                say.accept("kept " + dir + " (node logs in cluster/<node>.log)");
            }
        }
    }

    static Result run(Path dir, Settings s, Consumer<String> say) throws Exception {
        int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
        say.accept("embedded: the solo orderer, " + threads + " submitters, to saturation");
        double embedded = embeddedTps(DataDir.of(dir.resolve("embedded")), threads, s.seconds());
        say.accept(String.format(Locale.ROOT, "embedded: %,.0f tx/s", embedded));

        try (LocalCluster cluster = LocalCluster.create(dir.resolve("cluster"), ORGANISATIONS.subList(0, s.nodes()))) {
            for (String id : cluster.ids()) {
                cluster.start(id);
            }
            await("every node ready and a leader agreed", () -> cluster.ids().stream().allMatch(cluster::ready)
                    && cluster.leader().isPresent());
            say.accept(s.nodes() + " nodes ready, leader " + cluster.leader().orElseThrow());
            RaftConfig first = RaftConfig.load(cluster.config(cluster.ids().get(0)));
            Hash chain;
            try (Ledger genesis = Ledger.openReadOnly(dir.resolve("cluster/genesis"), Contracts.runtime())) {
                chain = genesis.chainId();
            }
            List<SigningKey> keys = registerClients(cluster, chain, KeyFiles.readPrivate(first.keyFile()),
                    s.clients());
            // Sign enough ahead for a cluster as fast as the embedded path; clients sign on the fly beyond that.
            long expected = (long) (embedded * s.seconds() * 1.25 + embedded * warmupSeconds(s) * 1.25);
            int perClient = (int) Math.min(3_000_000L / s.clients(), Math.max(s.batch() * s.window() * 4L,
                    expected / s.clients()));
            say.accept("signing " + perClient * (long) s.clients() + " transactions ahead");
            List<ArrayList<Transaction>> pools = signAhead(chain, keys, perClient);
            Load load = new Load(cluster, chain, keys, pools, s);
            return drive(dir, cluster, load, s, embedded, say);
        }
    }

    private static int warmupSeconds(Settings s) {
        return Math.max(1, Math.min(5, s.seconds() / 6));
    }

    private static Result drive(Path dir, LocalCluster cluster, Load load, Settings s, double embedded,
                                Consumer<String> say) throws Exception {
        load.start();
        long warmEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(warmupSeconds(s));
        sleepUntil(warmEnd);
        long timedStart = System.nanoTime();
        load.timedFrom(timedStart);
        long timedEnd = timedStart + TimeUnit.SECONDS.toNanos(s.seconds());
        say.accept("load: " + s.clients() + " clients, batches of " + s.batch() + ", for " + s.seconds() + " s");
        List<Kill> kills = new ArrayList<>();
        try (RaftSubmitter probe = RaftSubmitter.connect(cluster.group(), cluster.peers())) {
            // A victim's catch-up is watched on the side while the load goes on. The next kill waits for it: a
            // leader killed while the last victim is still behind is a second node down at once, which leaves a
            // 3-node cluster no majority to commit with until the first is back — a double fault, not a failover.
            List<CompletableFuture<Kill>> watched = new ArrayList<>();
            for (int k = 1; k <= s.kills(); k++) {
                long at = timedStart + TimeUnit.SECONDS.toNanos(s.seconds()) * k / (s.kills() + 2);
                sleepUntil(at);
                long lastChance = timedEnd - TimeUnit.SECONDS.toNanos(2);
                if (!watched.isEmpty() && !(caughtUpBefore(watched.getLast(), lastChance)
                        && levelBefore(cluster, probe, lastChance))) {
                    say.accept("kill " + k + " of " + s.kills() + " not made: the last victim had not caught up "
                            + "before the end of the run");
                    break;
                }
                if (System.nanoTime() > timedEnd - TimeUnit.SECONDS.toNanos(2)) {
                    say.accept("no time left in the run for kill " + k + " of " + s.kills());
                    break;
                }
                PendingKill pending = killLeader(cluster, load, probe, (System.nanoTime() - timedStart) / 1e9, say);
                CompletableFuture<Kill> kill = new CompletableFuture<>();
                Thread.ofPlatform().daemon(true).name("chaos-catch-up-" + k).start(() -> {
                    try {
                        kill.complete(pending.caughtUp(probe, say));
                    } catch (Throwable e) {
                        kill.completeExceptionally(e);
                    }
                });
                watched.add(kill);
            }
            sleepUntil(timedEnd);
            load.stop();
            long loadEnd = System.nanoTime();
            load.awaitAnswers(TimeUnit.SECONDS.toNanos(DEADLINE_S));
            for (CompletableFuture<Kill> kill : watched) {
                kills.add(kill.get());
            }
            say.accept(String.format(Locale.ROOT, "load stopped: %,d acknowledged", load.acked.size()));
            awaitSameHeight(cluster, probe);
            Map<String, Long> stopped = cluster.stopAll();
            say.accept("nodes stopped at heights " + stopped.values());
            List<NodeEnd> ends = new ArrayList<>();
            Set<Hash> lost = new HashSet<>();
            List<Hash> acked = List.copyOf(load.acked);
            for (String id : cluster.ids()) {
                ends.add(readEnd(id, RaftConfig.load(cluster.config(id)).ledgerDir(), acked, lost));
            }
            boolean rootsEqual = ends.stream().map(e -> e.height() + "/" + e.blockHash()).distinct().count() == 1;
            double committedTps = load.ackedTimed.get() / ((loadEnd - timedStart) / 1e9);
            long maxFailover = kills.stream().mapToLong(Kill::failoverMs).max().orElse(-1);
            return new Result(s, committedTps, acked.size(), load.ackedTimed.get(), lost.size(),
                    load.rejected.get(), load.unanswered(), load.signedDuringRun.get(), kills, rootsEqual, ends,
                    embedded, committedTps * s.nodes() / embedded, maxFailover, dir);
        } finally {
            load.stop();
        }
    }

    /**
     * Whether every node has applied to within {@value #LEVEL_BLOCKS} blocks of the furthest one before
     * {@code deadline}: a node that has the log but not yet applied it would, elected leader, first have to apply
     * the backlog, and the failover measured would be that backlog's.
     */
    private static boolean levelBefore(LocalCluster cluster, RaftSubmitter probe, long deadline)
            throws InterruptedException {
        while (System.nanoTime() < deadline) {
            long min = Long.MAX_VALUE;
            long max = Long.MIN_VALUE;
            for (String id : cluster.ids()) {
                long h = height(probe, id);
                min = Math.min(min, h);
                max = Math.max(max, h);
            }
            if (min >= 0 && max - min <= LEVEL_BLOCKS) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    /** Whether the watched kill's victim caught up before {@code deadline} (System.nanoTime), waiting until then. */
    private static boolean caughtUpBefore(CompletableFuture<Kill> kill, long deadline) throws InterruptedException {
        try {
            kill.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    private static PendingKill killLeader(LocalCluster cluster, Load load, RaftSubmitter probe, double atSeconds,
                                   Consumer<String> say) throws Exception {
        await("a leader agreed by a majority", () -> cluster.leader().isPresent());
        String victim = cluster.leader().orElseThrow();
        Load.Watch watch = load.watchFrom(System.nanoTime());
        long killedAt = watch.since();
        int status = cluster.kill(victim);
        await("a new leader after killing " + victim, () -> cluster.leaderElectedAfter(killedAt, victim).isPresent()
                && cluster.leader().isPresent());
        long elected = cluster.leaderElectedAfter(killedAt, victim).orElseThrow().nanos();
        cluster.start(victim);
        long restarted = System.nanoTime();
        await("the first acknowledgement after killing " + victim, () -> watch.firstAck() != 0);
        await(victim + " ready again", () -> cluster.ready(victim));
        long ready = System.nanoTime();
        long[] target = {-1};
        await("the leader's height", () -> cluster.leader().isPresent()
                && (target[0] = height(probe, cluster.leader().get())) >= 0);
        say.accept(String.format(Locale.ROOT, "killed leader %s at %.1f s (SIGKILL, exit %d): new leader line after"
                + " %d ms, first acknowledgement after %d ms; restarted, ready after %d ms", victim, atSeconds,
                status, ms(elected - killedAt), ms(watch.firstAck() - killedAt), ms(ready - restarted)));
        return new PendingKill(victim, atSeconds, status, ms(elected - killedAt), ms(watch.firstAck() - killedAt),
                restarted, ready, target[0]);
    }

    /**
     * A kill whose victim is back and catching up: the caught-up time is taken when its height first reaches the
     * leader's height at its restart, which the next kill or the end of the run checks (the load goes on meanwhile).
     */
    private record PendingKill(String node, double atSeconds, int status, long electedMs, long failoverMs,
                               long restarted, long ready, long target) {
        Kill caughtUp(RaftSubmitter probe, Consumer<String> say) throws InterruptedException {
            await(node + " catching up to height " + target, () -> height(probe, node) >= target);
            long now = System.nanoTime();
            say.accept(node + " caught up to height " + target + ", " + ms(now - restarted) + " ms after its restart");
            return new Kill(node, atSeconds, status, electedMs, failoverMs, ms(ready - restarted),
                    ms(now - restarted));
        }
    }

    /** Waits until every node reports the same height twice in a row (the load has stopped). */
    private static void awaitSameHeight(LocalCluster cluster, RaftSubmitter probe) throws InterruptedException {
        long[] last = {-1};
        await("every node at the same height", () -> {
            Set<Long> heights = new HashSet<>();
            for (String id : cluster.ids()) {
                heights.add(height(probe, id));
            }
            long h = heights.size() == 1 ? heights.iterator().next() : -2;
            boolean same = h >= 0 && h == last[0];
            last[0] = h;
            return same;
        });
    }

    private static long height(RaftSubmitter probe, String node) {
        try {
            return probe.height(node).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            return -1;
        }
    }

    private static NodeEnd readEnd(String id, Path ledgerDir, List<Hash> acked, Set<Hash> lost) {
        try (Ledger ledger = Ledger.openReadOnly(ledgerDir, Contracts.runtime())) {
            Set<Hash> present = new HashSet<>((int) Math.min(Integer.MAX_VALUE / 2, ledger.logSize() * 2));
            for (long h = 1; h <= ledger.height(); h++) {
                Block b = ledger.block(h);
                for (Transaction tx : b.transactions()) {
                    present.add(tx.id());
                }
            }
            long missing = 0;
            for (Hash id2 : acked) {
                if (!present.contains(id2)) {
                    missing++;
                    lost.add(id2);
                }
            }
            Checkpoint cp = ledger.checkpoint();
            return new NodeEnd(id, ledger.height(), cp.root().hex(), cp.blockHash().hex(), missing);
        }
    }

    private static double embeddedTps(DataDir data, int threads, int seconds) {
        LedgerOptions options = LedgerOptions.DEFAULT;
        double probe = LedgerBench.saturate(data, 5_000, threads, options);
        int count = (int) Math.max(5_000, Math.min(2_000_000, probe * Math.max(2, Math.min(10, seconds / 6))));
        return LedgerBench.saturate(data, count, threads, options);
    }

    private static List<SigningKey> registerClients(LocalCluster cluster, Hash chain, SigningKey organisation,
                                                    int clients) throws Exception {
        SecureRandom random = new SecureRandom();
        List<SigningKey> keys = new ArrayList<>();
        List<Transaction> adds = new ArrayList<>();
        for (int c = 1; c <= clients; c++) {
            SigningKey key = SigningKey.generate();
            keys.add(key);
            adds.add(LedgerBench.addRole(chain, organisation, "chaos-" + c, key, random));
        }
        try (RaftSubmitter submitter = RaftSubmitter.connect(cluster.group(), cluster.peers())) {
            for (Receipt r : submitter.submit(adds).get(DEADLINE_S, TimeUnit.SECONDS)) {
                if (!(r instanceof Receipt.Committed c) || !c.result().ok()) {
                    throw new LedgerException("cannot register a chaos client key: " + r);
                }
            }
        }
        return keys;
    }

    private static List<ArrayList<Transaction>> signAhead(Hash chain, List<SigningKey> keys, int perClient)
            throws InterruptedException {
        List<ArrayList<Transaction>> pools = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        for (int c = 0; c < keys.size(); c++) {
            ArrayList<Transaction> pool = new ArrayList<>(perClient);
            pools.add(pool);
            SigningKey key = keys.get(c);
            String prefix = "chaos/" + c + "/";
            threads.add(Thread.ofPlatform().name("chaos-sign-" + c).start(() -> {
                try {
                    SecureRandom random = new SecureRandom();
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < perClient; i++) {
                        pool.add(LedgerBench.notarise(chain, key, prefix + i, i, random, now));
                    }
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        if (error.get() != null) {
            throw new LedgerException("signing the chaos transactions failed: " + error.get(), error.get());
        }
        return pools;
    }

    /**
     * The clients: one thread and one {@link RaftSubmitter} each, keeping up to {@code window} batches in flight,
     * recording every acknowledged transaction id.
     */
    private static final class Load {
        /** Marks a kill: the first acknowledgement of a batch sent after {@code since}. */
        static final class Watch {
            private final long since;
            private final AtomicLong firstAck = new AtomicLong();

            Watch(long since) {
                this.since = since;
            }

            long since() {
                return since;
            }

            long firstAck() {
                return firstAck.get();
            }
        }

        final ConcurrentLinkedQueue<Hash> acked = new ConcurrentLinkedQueue<>();
        final AtomicLong ackedTimed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicLong signedDuringRun = new AtomicLong();
        private final AtomicLong inFlight = new AtomicLong();
        private final AtomicLong failedBatches = new AtomicLong();
        private final LocalCluster cluster;
        private final Hash chain;
        private final List<SigningKey> keys;
        private final List<ArrayList<Transaction>> pools;
        private final Settings settings;
        private final List<Thread> threads = new ArrayList<>();
        private final List<RaftSubmitter> submitters = new ArrayList<>();
        private volatile boolean stopping;
        private volatile long timedFrom = Long.MAX_VALUE;
        private volatile long timedUntil = Long.MAX_VALUE;
        private volatile Watch watch;

        Load(LocalCluster cluster, Hash chain, List<SigningKey> keys, List<ArrayList<Transaction>> pools,
             Settings settings) {
            this.cluster = cluster;
            this.chain = chain;
            this.keys = keys;
            this.pools = pools;
            this.settings = settings;
        }

        void start() {
            for (int c = 0; c < settings.clients(); c++) {
                RaftSubmitter submitter = RaftSubmitter.connect(cluster.group(), cluster.peers());
                submitters.add(submitter);
                int client = c;
                threads.add(Thread.ofPlatform().name("chaos-client-" + c).daemon(true)
                        .start(() -> drive(client, submitter)));
            }
        }

        void timedFrom(long nanos) {
            timedFrom = nanos;
        }

        Watch watchFrom(long nanos) {
            Watch w = new Watch(nanos);
            watch = w;
            return w;
        }

        private void drive(int client, RaftSubmitter submitter) {
            Semaphore window = new Semaphore(settings.window());
            List<Transaction> pool = pools.get(client);
            SecureRandom random = new SecureRandom();
            int next = 0;
            int signed = 0;
            while (!stopping) {
                List<Transaction> batch = new ArrayList<>(settings.batch());
                while (batch.size() < settings.batch()) {
                    if (next < pool.size()) {
                        batch.add(pool.get(next));
                        pool.set(next++, null);
                    } else {
                        batch.add(LedgerBench.notarise(chain, keys.get(client), "chaos/" + client + "/late/" + signed,
                                signed++, random, System.currentTimeMillis()));
                        signedDuringRun.incrementAndGet();
                    }
                }
                try {
                    while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (stopping) {
                            return;
                        }
                    }
                } catch (InterruptedException e) {
                    return;
                }
                long sent = System.nanoTime();
                inFlight.incrementAndGet();
                CompletableFuture<List<Receipt>> f;
                try {
                    f = submitter.submit(batch);
                } catch (RuntimeException e) {
                    f = CompletableFuture.failedFuture(e);
                }
                f.whenComplete((receipts, error) -> {
                    long now = System.nanoTime();
                    if (error == null) {
                        long ok = 0;
                        for (Receipt r : receipts) {
                            if (r instanceof Receipt.Committed) {
                                acked.add(r.transactionId());
                                ok++;
                            } else {
                                rejected.incrementAndGet();
                            }
                        }
                        if (now >= timedFrom && now <= timedUntil) {
                            ackedTimed.addAndGet(ok);
                        }
                        Watch w = watch;
                        if (w != null && sent >= w.since && ok > 0) {
                            w.firstAck.compareAndSet(0, now);
                        }
                    } else {
                        failedBatches.incrementAndGet();
                    }
                    inFlight.decrementAndGet();
                    window.release();
                });
            }
        }

        void stop() {
            if (timedUntil == Long.MAX_VALUE) {
                timedUntil = System.nanoTime();
            }
            stopping = true;
        }

        /** Waits for every batch sent to be answered, up to a deadline; then closes the clients. */
        void awaitAnswers(long nanos) throws InterruptedException {
            for (Thread t : threads) {
                t.join();
            }
            long deadline = System.nanoTime() + nanos;
            while (inFlight.get() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            for (RaftSubmitter s : submitters) {
                try {
                    s.close();
                } catch (LedgerException e) {
                    // What was unanswered stays unanswered; it was never acknowledged.
                }
            }
        }

        /** Transactions of batches that failed or were still unanswered when the clients closed. */
        long unanswered() {
            return (failedBatches.get() + inFlight.get()) * settings.batch();
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    private static void sleepUntil(long nanos) throws InterruptedException {
        long left;
        while ((left = nanos - System.nanoTime()) > 0) {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)));
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_S);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new LedgerException("chaos run: timed out after " + DEADLINE_S + " s waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temp dir left behind is harmless; the run's figures stand.
        }
    }
}
