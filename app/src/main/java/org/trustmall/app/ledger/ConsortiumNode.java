package org.trustmall.app.ledger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.trustmall.app.cli.DataDir;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftConfigException;
import org.trustmall.ledger.ordering.raft.RaftOrderer;

/**
 * The platform's ledger when the platform process is its organisation's node of a consortium cluster: the ledger a
 * {@code ledger node} config file describes, opened with the raft orderer in this process, so that every transaction
 * the platform signs is ordered by the cluster and every node executes it.
 *
 * <p>The data directory keeps its usual role for everything above the ledger, with these differences: it holds no
 * {@code ledger/} of its own (a data directory that does is refused: its database belongs to that other ledger); its
 * {@code keys/} holds the node's organisation key (copied there from the config's {@code key.file} on first start,
 * and checked to be the same one after), beside the signing-role keys the platform registers through the cluster;
 * and its {@code trusted-keys.json} names every organisation of the consortium with a majority threshold.
 *
 * <p>{@link #check} reads and checks everything and writes nothing, so a bad config leaves no trace; {@link #open}
 * then opens the node and waits, bounded, for the cluster to have a leader.
 */
public final class ConsortiumNode {
    private static final Logger LOG = LoggerFactory.getLogger(ConsortiumNode.class);
    private static final Duration NOTICE_EVERY = Duration.ofSeconds(10);

    private final DataDir data;
    private final Path file;
    private final RaftConfig config;
    private final SigningKey key;
    private final Duration wait;

    private ConsortiumNode(DataDir data, Path file, RaftConfig config, SigningKey key, Duration wait) {
        this.data = data;
        this.file = file;
        this.config = config;
        this.key = key;
        this.wait = wait;
    }

    /**
     * Reads the node config file and checks what it names (the key file, the ledger directory) and that the data
     * directory can belong to this node; writes nothing. Problems with the config name the file and the field.
     *
     * @param wait how long start-up waits for the cluster: for a leader, then for the commerce role registration
     */
    public static ConsortiumNode check(DataDir data, Path configFile, Duration wait) {
        Path file = configFile.toAbsolutePath().normalize();
        RaftConfig config = RaftConfig.load(file);
        SigningKey key;
        try {
            key = KeyFiles.readPrivate(config.keyFile());
        } catch (LedgerException e) {
            throw new RaftConfigException(file, "key.file", e.getMessage());
        }
        if (!Files.exists(new LedgerLayout(config.ledgerDir()).commits())) {
            throw new RaftConfigException(file, "ledger.dir", config.ledgerDir() + " holds no ledger; copy the "
                    + "consortium's genesis ledger there (ledger cluster-init makes one per node)");
        }
        if (data.hasLedger()) {
            throw new LedgerException(data.root() + " holds an embedded ledger of its own (" + data.ledger()
                    + "); a platform on consortium node " + config.nodeId() + " needs a data directory without one");
        }
        KeyDirectory keys = data.keys();
        if (hasOrganisationKey(keys)) {
            KeyDirectory.OrganisationKey held = keys.organisation();
            if (!held.organisation().name().equals(config.organisation())
                    || !held.key().publicKey().equals(key.publicKey())) {
                throw new LedgerException(keys.dir() + " holds the key of organisation " + held.organisation().name()
                        + " (" + held.key().publicKey().shortId() + "), not the key of " + config.organisation()
                        + " in " + config.keyFile() + " (key.file of " + file + "); a data directory belongs to "
                        + "one organisation");
            }
        }
        return new ConsortiumNode(data, file, config, key, wait);
    }

    /** The node's config. */
    public RaftConfig config() {
        return config;
    }

    /**
     * Opens the node's ledger with the raft orderer and waits (bounded) for the cluster to have a leader, saying every
     * few seconds what it waits for; on timeout the ledger is closed again and the error says which nodes must run.
     */
    public Ledger open() {
        Organisation self = new Organisation(config.organisation(), key.publicKey());
        KeyDirectory keys = data.keys();
        if (!hasOrganisationKey(keys)) {
            // The commerce role registration signs with the data directory's organisation key: it must be the node's.
            KeyFiles.writePrivate(keys.dir().resolve(config.organisation() + ".key"), key);
            KeyFiles.writePublic(keys.dir().resolve(config.organisation() + ".pub"), key.publicKey());
        }
        RaftOrderer orderer = new RaftOrderer(config, InstantSource.system(), Signatures.fastest(),
                ChainParameters.DEFAULT.maxArgsBytes());
        CountDownLatch led = new CountDownLatch(1);
        orderer.onLeaderChange(leader -> {
            LOG.info("ledger node {}: leader {}", config.nodeId(), leader == null ? "unknown" : leader);
            if (leader != null) {
                led.countDown();
            }
        });
        Ledger ledger = Ledger.open(config.ledgerDir(), self, key, Contracts.runtime(),
                LedgerOptions.DEFAULT.withBatch(config.maxBatch(), config.maxBatchDelay()), orderer);
        try {
            LOG.info("ledger node {} of {} open at height {}, raft on {}:{}", config.nodeId(), config.peerIds(),
                    ledger.height(), config.host(), config.port());
            awaitLeader(led);
            List<Organisation> organisations = ledger.organisations();
            TrustedKeys.all(ledger.chainId(), organisations).withThreshold(majority(organisations.size()))
                    .write(data.trustedKeys());
            return ledger;
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    /**
     * {@link LedgerGateways#ensureServiceRole}, bounded in time, and safe on a node that is still catching
     * up: such a node may not yet hold the registration the cluster already committed, so it submits it again, the
     * cluster refuses the duplicate, and by then this node has applied everything before it — the second look finds
     * the role registered.
     */
    public SigningKey ensureServiceRole(Ledger ledger, String role) {
        KeyDirectory keys = data.keys();
        CompletableFuture<SigningKey> registered = CompletableFuture.supplyAsync(() -> {
            try {
                return LedgerGateways.ensureServiceRole(ledger, keys, role);
            } catch (CommerceException firstLook) {
                return LedgerGateways.ensureServiceRole(ledger, keys, role);
            }
        });
        try {
            return registered.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new LedgerException("the ledger cluster of " + file + " did not commit the registration of the '"
                    + role + "' signing role within " + wait.toSeconds() + " s; are a majority of its nodes ("
                    + majority(config.peers().size()) + " of " + config.peerIds() + ") running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while registering the '" + role + "' signing role");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r
                    : new LedgerException("registering the '" + role + "' signing role failed", e.getCause());
        }
    }

    private void awaitLeader(CountDownLatch led) {
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!led.await(Math.min(NOTICE_EVERY.toNanos(), Math.max(0, deadline - System.nanoTime())),
                    TimeUnit.NANOSECONDS)) {
                long waited = wait.toSeconds() - TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime());
                if (System.nanoTime() >= deadline) {
                    throw new LedgerException("no leader in the ledger cluster of " + file + " after "
                            + wait.toSeconds() + " s: a majority of its nodes (" + majority(config.peers().size())
                            + " of " + config.peerIds() + ") must run; start the others with 'trustmall ledger node"
                            + " --config FILE' on their hosts, and check the addresses in 'peers'");
                }
                LOG.info("ledger node {}: waiting for the cluster to elect a leader ({} of {} s); {} of the nodes {}"
                                + " must run ('trustmall ledger node --config FILE')", config.nodeId(), waited,
                        wait.toSeconds(), majority(config.peers().size()), config.peerIds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while waiting for the ledger cluster to elect a leader");
        }
    }

    /** The smallest majority of n: as many organisations as a Raft commit needs. */
    static int majority(int n) {
        return n / 2 + 1;
    }

    private static boolean hasOrganisationKey(KeyDirectory keys) {
        if (!Files.isDirectory(keys.dir())) {
            return false;
        }
        try (Stream<Path> files = Files.list(keys.dir())) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".key"));
        } catch (IOException e) {
            throw new LedgerException("cannot list " + keys.dir() + ": " + e.getMessage(), e);
        }
    }
}
