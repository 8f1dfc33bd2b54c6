package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.testing.KvContract;
import org.trustmall.ledger.testing.LedgerCopies;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * A loopback cluster of ledger nodes on real Ratis servers, one organisation per node, each with its own copy of one
 * genesis ledger and its own Raft directory. Short election timeouts keep failovers quick in tests.
 */
final class RaftCluster implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    final List<SigningKey> keys = new ArrayList<>();
    final List<Organisation> organisations = new ArrayList<>();
    final List<RaftConfig> configs = new ArrayList<>();
    final Ledger[] ledgers;
    final RaftOrderer[] orderers;
    final Hash chainId;
    private Consumer<RaftProperties> tuning = p -> { };

    RaftCluster(Path work, int size) {
        ledgers = new Ledger[size];
        orderers = new RaftOrderer[size];
        for (int i = 0; i < size; i++) {
            SigningKey key = SigningKey.generate();
            keys.add(key);
            organisations.add(new Organisation("org" + i, key.publicKey()));
        }
        Path genesis = work.resolve("genesis");
        chainId = Ledger.create(genesis, organisations, keys.get(0), ChainParameters.DEFAULT, TestLedgers.runtime(),
                LedgerOptions.DEFAULT);
        Map<String, String> peers = new LinkedHashMap<>();
        for (int i = 0; i < size; i++) {
            peers.put("n" + i, "127.0.0.1:" + freePort());
        }
        for (int i = 0; i < size; i++) {
            Path node = work.resolve("n" + i);
            LedgerCopies.copy(genesis, node.resolve("ledger"));
            configs.add(RaftConfig.of("n" + i, peers, node.resolve("ledger"), node.resolve("raft"), "org" + i,
                    node.resolve("key.pem")).withElectionTimeout(Duration.ofMillis(600), Duration.ofMillis(1200)));
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int size() {
        return ledgers.length;
    }

    RaftCluster startAll() {
        for (int i = 0; i < size(); i++) {
            start(i);
        }
        return this;
    }

    /** Snapshots every few entries, and log segments small enough that purging after a snapshot removes some. */
    RaftCluster snapshottingOften() {
        for (int i = 0; i < configs.size(); i++) {
            configs.set(i, configs.get(i).withSnapshotEvery(20));
        }
        tuning = p -> {
            RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf("16KB"));
            RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf("16KB"));
            RaftServerConfigKeys.Log.setPurgeGap(p, 1);
        };
        return this;
    }

    Ledger start(int i) {
        RaftConfig c = configs.get(i);
        orderers[i] = new RaftOrderer(c, InstantSource.system(), LedgerOptions.DEFAULT.verifier(),
                ChainParameters.DEFAULT.maxArgsBytes(), tuning);
        ledgers[i] = Ledger.open(c.ledgerDir(), organisations.get(i), keys.get(i), TestLedgers.runtime(),
                LedgerOptions.DEFAULT, orderers[i]);
        return ledgers[i];
    }

    void stop(int i) {
        if (ledgers[i] != null) {
            ledgers[i].close();
            ledgers[i] = null;
            orderers[i] = null;
        }
    }

    boolean running(int i) {
        return ledgers[i] != null;
    }

    /** The running node that is leader now, once one is. */
    int awaitLeader(Duration within) {
        int[] found = {-1};
        await(within, "a leader among the running nodes", () -> {
            for (int i = 0; i < size(); i++) {
                if (running(i) && orderers[i].isLeader()) {
                    found[0] = i;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** A put to the kv contract, signed by the first organisation (a member). */
    Transaction put(String key) {
        return Transaction.sign(chainId, KvContract.ID, "put", CborMap.builder().put("key", key)
                .put("value", key.getBytes(StandardCharsets.UTF_8)).build().encode(), keys.get(0),
                RANDOM.nextLong(), System.currentTimeMillis());
    }

    /** Waits until every running node has the same height as the tallest, and returns that height. */
    long awaitConverged(Duration within) {
        long[] height = {-1};
        await(within, "the running nodes at one height", () -> {
            long max = -1;
            long min = Long.MAX_VALUE;
            for (Ledger l : ledgers) {
                if (l != null) {
                    max = Math.max(max, l.height());
                    min = Math.min(min, l.height());
                }
            }
            height[0] = max;
            return max == min;
        });
        return height[0];
    }

    Optional<Ledger> any() {
        for (Ledger l : ledgers) {
            if (l != null) {
                return Optional.of(l);
            }
        }
        return Optional.empty();
    }

    /** The names of the Raft log segment files under a node's Raft directory, joined (for "has log_0-..." checks). */
    static String logSegmentNames(Path raftDir) {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(raftDir)) {
            return String.join(" ", files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("log_"))
                    .sorted().toList());
        } catch (IOException e) {
            return "";
        }
    }

    static void await(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + within.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < size(); i++) {
            try {
                stop(i);
            } catch (RuntimeException ignored) {
                // Closing the rest matters more in a test's cleanup.
            }
        }
    }
}
