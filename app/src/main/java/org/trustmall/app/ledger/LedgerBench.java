package org.trustmall.app.ledger;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Progress;
import org.trustmall.contracts.registry.RegistryContract;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.merkle.InclusionProof;
import org.trustmall.ledger.merkle.MerkleHashes;
import org.trustmall.ledger.tx.Transaction;

/**
 * Measures the ledger's whole write path and its proofs. Transactions are {@code registry.notarise} calls signed
 * before the timed phase by per-thread client role keys (clients sign on their own machines). The timed phase runs
 * {@code threads} submitters; each checks signatures on its own thread as a server would, and the orderer executes
 * and makes each block durable (fsync) before acknowledging. The physical bound is measured on the same threads
 * in the same run: pure Ed25519 verification of the same transactions, before and after the timed phase; the
 * faster of the two runs is the bound, so noise can only lower the ratio.
 */
final class LedgerBench {
    /** Largest number of unacknowledged transactions per submitter: a server's bounded request queue. */
    private static final int WINDOW_PER_THREAD = 512;
    /** Alternations of baseline and measured path. */
    private static final int ROUNDS = 5;

    record Result(int transactions, int threads, long blocks, double committedTps, double rawVerifyPerS,
                  double[] roundRatios, double ratio, double p50CommitMs, double p99CommitMs, int failed,
                  int inclusionProofBytes, int inclusionProofBoundBytes, double inclusionVerifyUs,
                  double checkpointVerifyUs, double consistencyVerifyUs, double jdkVerifyPerS,
                  double bouncyCastleVerifyPerS, String verifier, long logSize, double ordererCpuUsPerTx,
                  double ordererUserUsPerTx, double submitterCpuUsPerTx, double processCpuUsPerTx,
                  double rawVerifyCpuUsPerTx) {
    }

    private LedgerBench() {
    }

    static Result run(DataDir data, int count, int threads, LedgerOptions options, Progress progress) {
        if (!data.hasLedger()) {
            LedgerSetup.init(data, LedgerSetup.DEFAULT_ORGANISATION);
        }
        SignatureVerifier verifier = Signatures.fastest();
        try (Ledger ledger = LedgerSetup.open(data, options)) {
            List<SigningKey> clients = registerClients(data, ledger, threads);
            int warmup = Math.min(20_000, Math.max(500, count / 5));
            List<List<Transaction>> warm = sign(ledger.chainId(), clients, warmup, "warmup", progress);
            List<List<Transaction>> txs = sign(ledger.chainId(), clients, count, "bench", progress);

            // Warm both paths up, then alternate: verify a round's transactions, commit the same round. Noise on
            // this shared machine then falls on the baseline and the measured path alike.
            rawVerify(warm, verifier, progress, new long[threads]);
            commit(ledger, warm, null, new long[threads]);
            long blocksBefore = ledger.height();
            int rounds = Math.max(1, Math.min(ROUNDS, count / 1000));
            long rawNanos = 0;
            long commitNanos = 0;
            long[] rawCpu = new long[threads];
            long[] submitterCpu = new long[threads];
            long ordererCpu = 0;
            long ordererUser = 0;
            long processCpu = 0;
            double[] roundRatios = new double[rounds];
            List<long[]> latencyRounds = new ArrayList<>();
            AtomicReference<String> failure = new AtomicReference<>();
            progress.begin("committing", count);
            for (int r = 0; r < rounds; r++) {
                List<List<Transaction>> round = slice(txs, r, rounds);
                int n = round.stream().mapToInt(List::size).sum();
                long[] cpu = new long[threads];
                long rawElapsed = rawVerify(round, verifier, Progress.SILENT, cpu);
                for (int t = 0; t < threads; t++) {
                    rawCpu[t] += cpu[t];
                }
                long[] latencies = new long[n];
                long[] o0 = ordererCpu();
                long p0 = processCpu();
                long start = System.nanoTime();
                long end = commit(ledger, round, new Recorder(latencies, failure, progress), cpu);
                long[] o1 = ordererCpu();
                processCpu += processCpu() - p0;
                ordererCpu += o1[0] - o0[0];
                ordererUser += o1[1] - o0[1];
                for (int t = 0; t < threads; t++) {
                    submitterCpu[t] += cpu[t];
                }
                rawNanos += rawElapsed;
                commitNanos += end - start;
                roundRatios[r] = (double) rawElapsed / (end - start);
                latencyRounds.add(latencies);
            }
            progress.end();
            double committedTps = count / (commitNanos / 1e9);
            double raw = count / (rawNanos / 1e9);
            long blocks = ledger.height() - blocksBefore;
            long[] latencies = latencyRounds.stream().flatMapToLong(Arrays::stream).toArray();
            Arrays.sort(latencies);
            int failed = (int) Arrays.stream(latencies).filter(l -> l < 0).count();
            if (failure.get() != null) {
                throw new LedgerException("bench transactions were not all committed: " + failure.get());
            }
            Proofs proofs = proofs(ledger, data);
            double jdk = verifyRate(Signatures.jdk(), txs.get(0), 1500);
            double bc = verifyRate(Signatures.bouncyCastle(), txs.get(0), 15000);
            return new Result(count, threads, blocks, committedTps, raw, roundRatios,
                    committedTps / raw, percentile(latencies, 0.50) / 1e6, percentile(latencies, 0.99) / 1e6,
                    failed, proofs.maxBytes, proofs.boundBytes, proofs.inclusionUs, proofs.checkpointUs,
                    proofs.consistencyUs, jdk, bc, verifier.name(), ledger.logSize(),
                    ordererCpu / 1e3 / count, ordererUser / 1e3 / count,
                    Arrays.stream(submitterCpu).sum() / 1e3 / count, processCpu / 1e3 / count,
                    Arrays.stream(rawCpu).sum() / 1e3 / count);
        }
    }

    private static long threadCpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU time (ns) of the whole process: submitters, orderer, garbage collector, compiler. */
    private static long processCpu() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : 0;
    }

    /** CPU and user time (ns) used so far by the ordering thread: what the single-threaded part costs. */
    private static long[] ordererCpu() {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        for (ThreadInfo t : mx.dumpAllThreads(false, false)) {
            if (t.getThreadName().equals("ledger-solo-orderer")) {
                return new long[] {mx.getThreadCpuTime(t.getThreadId()), mx.getThreadUserTime(t.getThreadId())};
            }
        }
        return new long[] {0, 0};
    }

    /** Role keys bench-1..bench-T, registered with the ledger's membership on first use. */
    private static List<SigningKey> registerClients(DataDir data, Ledger ledger, int threads) {
        KeyDirectory keys = data.keys();
        KeyDirectory.OrganisationKey org = keys.organisation();
        SecureRandom random = new SecureRandom();
        List<SigningKey> clients = new ArrayList<>();
        for (int t = 1; t <= threads; t++) {
            SigningKey key = keys.role("bench-" + t);
            clients.add(key);
            boolean registered;
            try {
                ledger.query(Membership.ID, "member", CborMap.builder().put("key", key.publicKey().bytes()).build());
                registered = true;
            } catch (LedgerException e) {
                registered = false;
            }
            if (!registered) {
                Transaction add = addRole(ledger.chainId(), org.key(), "bench-" + t, key, random);
                Receipt r = ledger.submitAndWait(add);
                if (!(r instanceof Receipt.Committed c) || !c.result().ok()) {
                    throw new LedgerException("cannot register the bench client key: " + r);
                }
            }
        }
        return clients;
    }

    private static List<List<Transaction>> sign(Hash chain, List<SigningKey> clients, int count, String label,
                                                Progress progress) {
        int threads = clients.size();
        String run = Long.toHexString(new SecureRandom().nextLong());
        List<List<Transaction>> perThread = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            perThread.add(new ArrayList<>());
        }
        AtomicLong done = new AtomicLong();
        progress.begin("signing", count);
        parallel(threads, t -> {
            SigningKey key = clients.get(t);
            SecureRandom random = new SecureRandom();
            long now = System.currentTimeMillis();
            List<Transaction> mine = perThread.get(t);
            for (int i = t; i < count; i += threads) {
                mine.add(notarise(chain, key, label + "/" + run + "/" + i, i, random, now));
                long d = done.incrementAndGet();
                if (t == 0) {
                    progress.update(d);
                }
            }
        });
        progress.end();
        return perThread;
    }

    /** An organisation's transaction registering {@code key} for a signing role, so that it may notarise. */
    static Transaction addRole(Hash chain, SigningKey organisation, String role, SigningKey key, SecureRandom random) {
        return Transaction.sign(chain, Membership.ID, "add-role", CborMap.builder().put("role", role)
                .put("key", key.publicKey().bytes()).build().encode(), organisation, random.nextLong(),
                System.currentTimeMillis());
    }

    /** The benchmark's transaction: a {@code registry.notarise} of a random document under a unique name. */
    static Transaction notarise(Hash chain, SigningKey key, String name, int i, SecureRandom random, long now) {
        Hash doc = Hash.sha256(ByteBuffer.allocate(12).putInt(i).putLong(random.nextLong()).array());
        return Transaction.sign(chain, RegistryContract.ID, "notarise",
                RegistryContract.notariseArgs(name, doc, "benchmark document " + i), key, random.nextLong(), now);
    }

    /**
     * The embedded ({@code solo}) write path driven to saturation: {@code threads} submitters, each with a bounded
     * window, commit {@code count} transactions (after a warm-up) to the ledger in {@code data}, created if needed.
     * Returns committed transactions per second. Transactions are signed before the timed phase.
     */
    static double saturate(DataDir data, int count, int threads, LedgerOptions options) {
        if (!data.hasLedger()) {
            LedgerSetup.init(data, LedgerSetup.DEFAULT_ORGANISATION);
        }
        try (Ledger ledger = LedgerSetup.open(data, options)) {
            List<SigningKey> clients = registerClients(data, ledger, threads);
            List<List<Transaction>> warm = sign(ledger.chainId(), clients, Math.max(500, count / 5), "warmup",
                    Progress.SILENT);
            List<List<Transaction>> txs = sign(ledger.chainId(), clients, count, "saturate", Progress.SILENT);
            commit(ledger, warm, null, new long[threads]);
            long[] latencies = new long[count];
            AtomicReference<String> failure = new AtomicReference<>();
            long start = System.nanoTime();
            long end = commit(ledger, txs, new Recorder(latencies, failure, Progress.SILENT), new long[threads]);
            if (failure.get() != null) {
                throw new LedgerException("embedded transactions were not all committed: " + failure.get());
            }
            return count / ((end - start) / 1e9);
        }
    }

    /** The {@code r}-th of {@code rounds} equal parts of every thread's list. */
    private static List<List<Transaction>> slice(List<List<Transaction>> txs, int r, int rounds) {
        List<List<Transaction>> out = new ArrayList<>();
        for (List<Transaction> mine : txs) {
            int from = (int) ((long) mine.size() * r / rounds);
            int to = (int) ((long) mine.size() * (r + 1) / rounds);
            out.add(mine.subList(from, to));
        }
        return out;
    }

    /** Pure signature checks of every transaction, split over the same threads; returns the elapsed ns. */
    private static long rawVerify(List<List<Transaction>> txs, SignatureVerifier verifier, Progress progress,
                                    long[] cpu) {
        int total = txs.stream().mapToInt(List::size).sum();
        AtomicLong bad = new AtomicLong();
        progress.begin("verifying", total);
        long start = System.nanoTime();
        parallel(txs.size(), t -> {
            long c0 = threadCpu();
            for (Transaction tx : txs.get(t)) {
                if (!tx.signatureValid(verifier)) {
                    bad.incrementAndGet();
                }
            }
            cpu[t] = threadCpu() - c0;
        });
        long elapsed = System.nanoTime() - start;
        progress.end();
        if (bad.get() > 0) {
            throw new LedgerException(bad.get() + " bench signatures did not verify");
        }
        return elapsed;
    }

    /** Records each acknowledgement's latency (submit to durable ack) and any failure. */
    private record Recorder(long[] latencies, AtomicReference<String> failure, Progress progress) {
    }

    /** Submits every transaction from its thread with a bounded window; returns the time of the last ack. */
    private static long commit(Ledger ledger, List<List<Transaction>> txs, Recorder recorder, long[] cpu) {
        int threads = txs.size();
        int total = txs.stream().mapToInt(List::size).sum();
        AtomicLong lastAck = new AtomicLong();
        AtomicLong acked = new AtomicLong();
        CountDownLatch all = new CountDownLatch(total);
        parallel(threads, t -> {
            long c0 = threadCpu();
            Semaphore window = new Semaphore(WINDOW_PER_THREAD);
            List<Transaction> mine = txs.get(t);
            for (int i = 0; i < mine.size(); i++) {
                int slot = t + i * threads;
                window.acquireUninterruptibly();
                long sent = System.nanoTime();
                CompletableFuture<Receipt> f = ledger.submit(mine.get(i));
                f.whenComplete((receipt, error) -> {
                    long now = System.nanoTime();
                    lastAck.accumulateAndGet(now, Math::max);
                    if (recorder != null) {
                        boolean ok = error == null && receipt instanceof Receipt.Committed c && c.result().ok();
                        recorder.latencies[slot] = ok ? now - sent : -1;
                        if (!ok) {
                            recorder.failure.compareAndSet(null, error != null ? error.getMessage()
                                    : receipt.toString());
                        }
                        long a = acked.incrementAndGet();
                        if (a % 1024 == 0) {
                            recorder.progress.update(a);
                        }
                    }
                    window.release();
                    all.countDown();
                });
            }
            cpu[t] = threadCpu() - c0;
        });
        try {
            all.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted");
        }
        return lastAck.get();
    }

    private record Proofs(int maxBytes, int boundBytes, double inclusionUs, double checkpointUs,
                          double consistencyUs) {
    }

    private static Proofs proofs(Ledger ledger, DataDir data) {
        Random random = new Random(42);
        long n = ledger.logSize();
        Checkpoint cp = ledger.checkpoint();
        int samples = 20_000;
        InclusionProof[] inc = new InclusionProof[samples];
        Hash[] leaves = new Hash[samples];
        int maxBytes = 0;
        for (int i = 0; i < samples; i++) {
            long index = (long) (random.nextDouble() * n);
            inc[i] = ledger.inclusionProof(index, n);
            leaves[i] = ledger.leafHash(index);
            maxBytes = Math.max(maxBytes, inc[i].sizeBytes());
        }
        Hash root = cp.root();
        // Warm up, then time the hash-path check alone.
        int failures = 0;
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < samples; i++) {
                failures += inc[i].verify(leaves[i], root).ok() ? 0 : 1;
            }
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < samples; i++) {
            failures += inc[i].verify(leaves[i], root).ok() ? 0 : 1;
        }
        double inclusionUs = (System.nanoTime() - t0) / 1e3 / samples;
        if (failures > 0) {
            throw new LedgerException(failures + " inclusion proofs failed to verify");
        }

        TrustedKeys trust = TrustedKeys.read(data.trustedKeys());
        int cpRuns = 3000;
        for (int i = 0; i < 500; i++) {
            require(cp.verify(trust, Signatures.fastest()));
        }
        t0 = System.nanoTime();
        for (int i = 0; i < cpRuns; i++) {
            require(cp.verify(trust, Signatures.fastest()));
        }
        double checkpointUs = (System.nanoTime() - t0) / 1e3 / cpRuns;

        int consRuns = 5000;
        ConsistencyProof[] cons = new ConsistencyProof[consRuns];
        Hash[] roots1 = new Hash[consRuns];
        for (int i = 0; i < consRuns; i++) {
            long s1 = 1 + (long) (random.nextDouble() * (n - 1));
            cons[i] = ledger.consistencyProof(s1, n);
            roots1[i] = ledger.rootAt(s1);
        }
        for (int i = 0; i < consRuns; i++) {
            require(cons[i].verify(roots1[i], root));
        }
        t0 = System.nanoTime();
        for (int i = 0; i < consRuns; i++) {
            require(cons[i].verify(roots1[i], root));
        }
        double consistencyUs = (System.nanoTime() - t0) / 1e3 / consRuns;
        int bound = 32 * (int) Math.ceil(Math.log(n) / Math.log(2));
        return new Proofs(maxBytes, bound, inclusionUs, checkpointUs, consistencyUs);
    }

    private static void require(Check c) {
        if (!c.ok()) {
            throw new LedgerException("a proof failed to verify during the bench: " + c.reason());
        }
    }

    /** Single-thread verification rate of one verifier over a sample of transactions. */
    private static double verifyRate(SignatureVerifier v, List<Transaction> sample, int count) {
        int n = Math.min(count, sample.size());
        for (int i = 0; i < Math.min(n, 300); i++) {
            v.verify(sample.get(i).sender(), new byte[0], new byte[64]);
            sample.get(i).signatureValid(v);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            if (!sample.get(i).signatureValid(v)) {
                throw new LedgerException(v.name() + " rejected a valid signature");
            }
        }
        return n / ((System.nanoTime() - t0) / 1e9);
    }

    private static double percentile(long[] sorted, double p) {
        int firstValid = 0;
        while (firstValid < sorted.length && sorted[firstValid] < 0) {
            firstValid++;
        }
        int n = sorted.length - firstValid;
        if (n == 0) {
            return Double.NaN;
        }
        int idx = firstValid + Math.min(n - 1, (int) Math.ceil(p * n) - 1);
        return sorted[Math.max(firstValid, idx)];
    }

    private static void parallel(int threads, IntConsumer body) {
        List<Thread> ts = new ArrayList<>();
        AtomicReference<Throwable> error = new AtomicReference<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts.add(Thread.ofPlatform().name("bench-" + t).start(() -> {
                try {
                    body.accept(id);
                } catch (Throwable e) {
                    error.compareAndSet(null, e);
                }
            }));
        }
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LedgerException("interrupted");
            }
        }
        if (error.get() != null) {
            throw new LedgerException("bench thread failed: " + error.get(), error.get());
        }
    }
}
