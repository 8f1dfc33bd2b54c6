package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointSource;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.ordering.BatchCommitter;
import org.trustmall.ledger.ordering.Orderer;
import org.trustmall.ledger.tx.Transaction;

/**
 * The consortium orderer: one ledger node of a Raft cluster on Apache Ratis (gRPC transport). Every node runs a Ratis
 * server whose state machine executes each committed log entry as the next block, at the timestamp the leader put in
 * the entry, so every node makes the same blocks (each sealed with its own organisation's key) and reaches the same
 * state root.
 *
 * <p>{@link #order} works on any node, leader or follower: one thread cuts batches from the queued transactions (as
 * {@link org.trustmall.ledger.ordering.SoloOrderer} does) and sends each as one request through a Ratis client, which
 * finds the leader and retries across leader changes. A transaction's future completes with its receipt once its
 * entry is applied on this node; it fails if the node stops or fails first (the transaction may still be committed by
 * the others: it was not acknowledged).
 *
 * <p>Checkpoints are co-signed: {@link #peerSeals} asks the other nodes for their seals over the same block (see
 * {@link PeerSeals}), so the ledger serves checkpoints that clients requiring k of n signatures accept.
 *
 * <p>Restarts are safe: see {@link LedgerStateMachine}. A node that was down, or a new one started from a copy of the
 * genesis ledger, catches up from the log, or, where the log it needs was purged after a snapshot, from the leader's
 * blocks and then the log.
 *
 * <p>Threading: {@link #order} is thread-safe; batches are applied on Ratis's apply thread, one at a time, in log
 * order.
 */
public final class RaftOrderer implements Orderer {
    private static final System.Logger LOG = System.getLogger(RaftOrderer.class.getName());
    static final int LINGER_THRESHOLD = 32;
    private static final int QUEUE_LIMIT = 100_000;
    /** The most a checkpoint waits for the peers' seals (a peer slightly behind is given most of it). */
    static final Duration SEAL_TIMEOUT = Duration.ofSeconds(2);
    /** How long a peer that did not give its seal is left alone, and a height missing seals kept as it is. */
    static final Duration SEAL_BACK_OFF = Duration.ofSeconds(5);

    private record Pending(Transaction transaction, Hash encodingHash, CompletableFuture<Receipt> future) {
    }

    private final RaftConfig config;
    private final InstantSource clock;
    private final SignatureVerifier verifier;
    private final int maxArgsBytes;
    private final RaftGroup group;
    private final Consumer<RaftProperties> tuning;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(QUEUE_LIMIT);
    private final Map<Hash, Pending> awaited = new ConcurrentHashMap<>();
    private final Map<Hash, Transaction> awaitedByEncoding = new ConcurrentHashMap<>();
    private volatile Consumer<String> leaderListener = id -> { };
    private volatile boolean closing;
    private volatile Throwable failure;
    private volatile String leader;
    private RaftServer server;
    private RaftClient client;
    private RaftClient peerClient;
    private volatile PeerSeals seals;
    private volatile List<CheckpointSource> peerSources;
    private Thread batcher;

    /**
     * @param verifier     checks signatures of transactions submitted from other processes (see
     *                     {@link RaftSubmitter}); this node's own were checked by its ledger
     * @param maxArgsBytes the chain's limit on a transaction's args, for those same transactions
     */
    public RaftOrderer(RaftConfig config, InstantSource clock, SignatureVerifier verifier, int maxArgsBytes) {
        this(config, clock, verifier, maxArgsBytes, properties -> { });
    }

    /** As above, with Ratis settings adjusted by {@code tuning} (tests make log segments small, to purge them). */
    RaftOrderer(RaftConfig config, InstantSource clock, SignatureVerifier verifier, int maxArgsBytes,
                Consumer<RaftProperties> tuning) {
        this.tuning = tuning;
        this.config = config;
        this.clock = clock;
        this.verifier = verifier;
        this.maxArgsBytes = maxArgsBytes;
        this.group = group(config.group(), config.peers());
    }

    /** The Raft group of a cluster: its id comes from the group name, the same on every node. */
    static RaftGroup group(String name, Map<String, String> peers) {
        RaftGroupId id = RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("trustmall-ledger/" + name)
                .getBytes(StandardCharsets.UTF_8)));
        List<RaftPeer> list = new ArrayList<>();
        peers.keySet().stream().sorted().forEach(p -> list.add(RaftPeer.newBuilder().setId(p)
                .setAddress(peers.get(p)).build()));
        return RaftGroup.valueOf(id, list);
    }

    /** Called with the new leader's id (or null when there is none) whenever this node hears of a change. */
    public void onLeaderChange(Consumer<String> listener) {
        this.leaderListener = listener;
    }

    @Override
    public synchronized void start(BatchCommitter committer) {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        Path raftDir = config.raftDir();
        try {
            Files.createDirectories(raftDir);
        } catch (IOException e) {
            throw new LedgerException("cannot create the raft directory " + raftDir + ": " + e.getMessage(), e);
        }
        LedgerStateMachine machine = new LedgerStateMachine(committer, raftDir, clock, verifier, maxArgsBytes,
                awaitedByEncoding::get, new Events(), question -> client.async().sendReadOnly(Message.valueOf(
                        ByteString.copyFrom(question))).thenApply(r -> r.getMessage().getContent()
                        .asReadOnlyByteBuffer()));
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        GrpcConfigKeys.Server.setHost(properties, config.host());
        GrpcConfigKeys.Server.setPort(properties, config.port());
        RaftServerConfigKeys.setStorageDir(properties, List.of(raftDir.toFile()));
        RaftServerConfigKeys.Rpc.setTimeoutMin(properties, millis(config.electionTimeoutMin().toMillis()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(properties, millis(config.electionTimeoutMax().toMillis()));
        if (config.snapshotEvery() > 0) {
            // A snapshot records the point the ledger has reached; the log before it may then go. A follower that
            // needs what is gone is told to catch up, and fetches the leader's blocks (the ledger is the snapshot).
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, true);
            RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(properties, config.snapshotEvery());
            RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(properties, true);
            RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(properties, false);
        } else {
            RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(properties, false);
        }
        // Ratis's default backs off to one attempt every 5 s after 30 failed appends (15 s of heartbeats), so a
        // follower restarted after that long would wait up to 5 s more to be heard from; 1 s at most here.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(properties, "1ms,10, 100ms,100, 1s,1000000");
        tuning.accept(properties);
        boolean formatted = Files.isDirectory(raftDir.resolve(group.getGroupId().getUuid().toString()));
        try {
            server = RaftServer.newBuilder().setServerId(RaftPeerId.valueOf(config.nodeId())).setGroup(group)
                    .setStateMachine(machine).setProperties(properties)
                    .setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
                    .build();
            server.start();
        } catch (IOException | RuntimeException e) {
            closeQuietly(server);
            server = null;
            throw new LedgerException("cannot start raft node " + config.nodeId() + " on " + config.host() + ":"
                    + config.port() + ": " + e.getMessage(), e);
        }
        client = newClient(group, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        peerClient = newPeerClient(group, SEAL_TIMEOUT);
        seals = new PeerSeals(this::peerSources, verifier, SEAL_TIMEOUT.plusMillis(500), SEAL_BACK_OFF,
                System::nanoTime);
        batcher = Thread.ofPlatform().name("ledger-raft-batcher-" + config.nodeId()).daemon(true).start(this::run);
    }

    static RaftClient newClient(RaftGroup group, TimeDuration requestTimeout) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, requestTimeout);
        // Retrying forever carries a request across leader changes; a node that stops fails what it still awaits.
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.retryForeverWithSleep(millis(100))).build();
    }

    /** A client for questions to one given node: each is asked once, and fails rather than waits for the node. */
    static RaftClient newPeerClient(RaftGroup group, Duration timeout) {
        RaftProperties properties = new RaftProperties();
        RaftConfigKeys.Rpc.setType(properties, SupportedRpcType.GRPC);
        RaftClientConfigKeys.Rpc.setRequestTimeout(properties, millis(timeout.toMillis()));
        return RaftClient.newBuilder().setProperties(properties).setRaftGroup(group)
                .setRetryPolicy(RetryPolicies.noRetry()).build();
    }

    private List<CheckpointSource> peerSources(Hash chainId) {
        List<CheckpointSource> sources = peerSources;
        if (sources == null) {
            List<CheckpointSource> made = new ArrayList<>();
            for (RaftPeer p : group.getPeers()) {
                if (!p.getId().toString().equals(config.nodeId())) {
                    made.add(new PeerCheckpointSource(peerClient, p.getId().toString(), chainId, SEAL_TIMEOUT));
                }
            }
            sources = List.copyOf(made);
            peerSources = sources;
        }
        return sources;
    }

    /**
     * The other nodes' seals over the block of {@code own}: each node is asked directly (not through the leader) for
     * its own seal at that height, within {@link #SEAL_TIMEOUT}; only seals over the same header count, and a node
     * down or behind is left out. A block's seals are kept once collected, and a node that did not answer is left
     * alone for {@link #SEAL_BACK_OFF}, so that serving checkpoints stays quick while a node is away.
     */
    @Override
    public List<Checkpoint.Signature> peerSeals(Checkpoint own) {
        PeerSeals s = seals;
        return s == null || closing || failure != null ? List.of() : s.of(own);
    }

    /** The nodes found to hold a different block than this one at some height: another history, never counted. */
    public Set<String> forkedPeers() {
        PeerSeals s = seals;
        return s == null ? Set.of() : s.forkedPeers();
    }

    private static TimeDuration millis(long ms) {
        return TimeDuration.valueOf(ms, TimeUnit.MILLISECONDS);
    }

    @Override
    public CompletableFuture<Receipt> order(Transaction transaction) {
        if (failure != null || closing) {
            return CompletableFuture.failedFuture(stopped());
        }
        Pending p = new Pending(transaction, Hash.sha256(transaction.encoded()), new CompletableFuture<>());
        Pending earlier = awaited.putIfAbsent(transaction.id(), p);
        if (earlier != null) {
            return earlier.future;
        }
        awaitedByEncoding.put(p.encodingHash, transaction);
        try {
            queue.put(p);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail(p, new LedgerException("interrupted while queueing a transaction"));
        }
        if (failure != null || closing) {
            fail(p, stopped());
        }
        return p.future;
    }

    /** Whether this node is the Raft leader now. */
    public boolean isLeader() {
        try {
            return server != null && server.getDivision(group.getGroupId()).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    /** The leader this node knows of, if any. */
    public Optional<String> leader() {
        return Optional.ofNullable(leader);
    }

    /** This node's id. */
    public String nodeId() {
        return config.nodeId();
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        int lastBatch = 0;
        try {
            while (true) {
                Pending first = queue.poll(50, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing || failure != null) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, config.maxBatch() - batch.size());
                if (lastBatch >= LINGER_THRESHOLD) {
                    linger(batch);
                }
                lastBatch = batch.size();
                send(List.copyOf(batch));
                batch.clear();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, "sending a batch to the raft group failed", e);
            failure = e;
        } finally {
            LedgerException stopped = stopped();
            batch.forEach(p -> fail(p, stopped));
            drainAndFail(stopped);
        }
    }

    private void send(List<Pending> batch) {
        List<Transaction> txs = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            txs.add(p.transaction);
        }
        Message request = Message.valueOf(ByteString.copyFrom(RaftMessages.request(RaftMessages.CHECKED, txs)));
        client.async().send(request).whenComplete((reply, error) -> {
            if (error != null || !reply.isSuccess()) {
                Throwable cause = error != null ? error : reply.getException();
                LedgerException why = new LedgerException("the raft group did not commit the batch: "
                        + (cause == null ? "no reason given" : cause.getMessage()), cause);
                batch.forEach(p -> fail(p, why));
            }
            // On success the receipts come from this node's own state machine, once it has applied the entry.
        });
    }

    private void linger(List<Pending> batch) {
        long deadline = System.nanoTime() + config.maxBatchDelay().toNanos();
        long step = Math.max(50_000L, config.maxBatchDelay().toNanos() / 8);
        while (batch.size() < config.maxBatch()) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || batch.size() + queue.size() >= config.maxBatch()) {
                break;
            }
            LockSupport.parkNanos(Math.min(left, step));
        }
        queue.drainTo(batch, config.maxBatch() - batch.size());
    }

    private void fail(Pending p, LedgerException why) {
        if (awaited.remove(p.transaction.id(), p)) {
            awaitedByEncoding.remove(p.encodingHash);
        }
        p.future.completeExceptionally(why);
    }

    private void drainAndFail(LedgerException why) {
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> fail(p, why));
    }

    private void failAll(LedgerException why) {
        drainAndFail(why);
        List.copyOf(awaited.values()).forEach(p -> fail(p, why));
    }

    private LedgerException stopped() {
        Throwable f = failure;
        return f == null ? new LedgerException("the ledger is closed")
                : new LedgerException("the ledger stopped after a failure: " + f.getMessage(), f);
    }

    private final class Events implements LedgerStateMachine.Events {
        @Override
        public void applied(List<Hash> ids, List<Receipt> receipts) {
            for (int i = 0; i < ids.size(); i++) {
                Pending p = awaited.remove(ids.get(i));
                if (p != null) {
                    awaitedByEncoding.remove(p.encodingHash);
                    p.future.complete(receipts.get(i));
                }
            }
        }

        @Override
        public void failed(Throwable cause) {
            failure = cause;
            failAll(stopped());
        }

        @Override
        public void leaderChanged(String leaderId) {
            leader = leaderId;
            LOG.log(System.Logger.Level.INFO, "raft node {0}: leader is now {1}", config.nodeId(),
                    leaderId == null ? "unknown" : leaderId);
            leaderListener.accept(leaderId);
        }
    }

    /**
     * Stops taking transactions, sends those queued and waits briefly for them to be applied, then stops the Raft
     * server; whatever is still awaited then fails (it was not acknowledged).
     */
    @Override
    public void close() {
        closing = true;
        Thread b;
        synchronized (this) {
            b = batcher;
        }
        if (b != null) {
            try {
                b.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            b.interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!awaited.isEmpty() && failure == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
        closeQuietly(client);
        closeQuietly(peerClient);
        closeQuietly(server);
        failAll(stopped());
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, "closing " + c.getClass().getSimpleName() + " failed: "
                    + e.getMessage());
        }
    }
}
