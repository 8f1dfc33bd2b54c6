package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.ordering.BatchCommitter;
import org.trustmall.ledger.tx.Transaction;

/**
 * The Ratis state machine of a ledger node: each committed log entry is one batch, executed as the next block by the
 * ledger's {@link BatchCommitter} at the timestamp the leader stored in the entry, so that every node makes the same
 * blocks.
 *
 * <p>Where the ledger stands in the Raft log is kept next to the Raft storage: a {@link BlockIndexFile} records the
 * entry each block came from (before the block is committed), and an {@link AppliedPoint} the point reached when a
 * snapshot was taken or installed. The later of the two that matches the ledger's height is reported to Ratis as the
 * state machine's snapshot, which is where Ratis starts applying after a restart: entries the ledger holds are not
 * applied again, and none after it is skipped.
 *
 * <p>The ledger's blocks are the snapshot. Taking one only records the point reached (Ratis may then purge the log
 * up to it). A follower whose next entries the leader no longer holds is told so by Ratis and catches up by
 * fetching the leader's blocks (a read-only query) and committing each again through its own ledger: execution is
 * deterministic, so it must make the same block, and a different header hash stops the node.
 *
 * <p>Transactions from this node's own ledger were checked there; those another process submitted (see
 * {@link RaftSubmitter}) are checked here, by every node alike, so that a bad one is rejected the same way everywhere.
 *
 * <p>Threading: Ratis calls {@link #applyTransaction} from one thread, in log order; {@link #startTransaction} runs
 * on the leader's request threads.
 */
final class LedgerStateMachine extends BaseStateMachine {
    private static final System.Logger LOG = System.getLogger(LedgerStateMachine.class.getName());
    private static final int PARALLEL_DECODE = 64;

    /** What the orderer hears from the state machine. */
    interface Events {
        /** An entry was applied; {@code batch} and {@code receipts} are in the entry's order. */
        void applied(List<Hash> ids, List<Receipt> receipts);

        /** Applying failed; the server stops. */
        void failed(Throwable cause);

        void leaderChanged(String leaderId);
    }

    /** The point reached: the last entry applied and the ledger's height after it. */
    private record Point(TermIndex termIndex, long height) {
    }

    /** Asks the leader a read-only question. */
    interface Leader {
        CompletableFuture<ByteBuffer> ask(byte[] question);
    }

    private static final int BLOCKS_PER_FETCH = 256;
    /** The longest a node waits to reach a height it is asked to seal, whatever the asker allows. */
    private static final long MAX_SEAL_WAIT_MILLIS = 10_000;

    private final BatchCommitter committer;
    private final Path raftDir;
    private final InstantSource clock;
    private final SignatureVerifier verifier;
    private final int maxArgsBytes;
    private final Function<Hash, Transaction> local;
    private final Events events;
    private final Leader leader;
    private final AtomicLong lastTimestamp = new AtomicLong();
    private final AtomicReference<CompletableFuture<Void>> appliedSignal =
            new AtomicReference<>(new CompletableFuture<>());
    private final Object lock = new Object();
    private BlockIndexFile blockIndex;
    private AppliedPoint point;
    private volatile SnapshotInfo snapshot;
    private volatile Point reached = new Point(null, 0);

    /**
     * @param local the transactions this node submitted and awaits, by the SHA-256 of their whole encoding, so that
     *              they need not be decoded again
     */
    LedgerStateMachine(BatchCommitter committer, Path raftDir, InstantSource clock, SignatureVerifier verifier,
                       int maxArgsBytes, Function<Hash, Transaction> local, Events events, Leader leader) {
        this.committer = committer;
        this.raftDir = raftDir;
        this.leader = leader;
        this.clock = clock;
        this.verifier = verifier;
        this.maxArgsBytes = maxArgsBytes;
        this.local = local;
        this.events = events;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        getLifeCycle().startAndTransition(() -> { });
        Path indexFile = raftDir.resolve("ledger-blocks.index");
        blockIndex = BlockIndexFile.open(indexFile);
        point = AppliedPoint.open(raftDir.resolve("ledger-point.marker"));
        long height = committer.height();
        Optional<TermIndex> applied = appliedOnStart(blockIndex.at(height), point.last(), height, indexFile);
        applied.ifPresent(ti -> {
            setLastAppliedTermIndex(ti);
            snapshot = new Applied(ti);
        });
        reached = new Point(applied.orElse(null), height);
        LOG.log(System.Logger.Level.INFO, "ledger at height {0}, raft log applied up to {1}", height,
                applied.map(TermIndex::toString).orElse("nothing"));
    }

    /**
     * Where the ledger stands in the Raft log: the entry its last block came from, or the point recorded at that
     * same height if later (entries after a block that made none, up to a snapshot or an installation).
     */
    static Optional<TermIndex> appliedOnStart(Optional<TermIndex> lastBlock, Optional<AppliedPoint.Record> point,
                                              long height, Path file) {
        Optional<TermIndex> atPoint = point.filter(p -> p.height() == height)
                .map(p -> TermIndex.valueOf(p.term(), p.index()));
        if (height > 0 && lastBlock.isEmpty() && atPoint.isEmpty()) {
            // Applying the whole log again to a ledger that already holds blocks would apply them twice.
            throw new LedgerException(file + ": no record of the raft entry of block " + height + ", so which raft"
                    + " entries the ledger holds is unknown. Start a node from a copy of the genesis ledger and an"
                    + " empty raft directory, or restore this node's raft directory");
        }
        if (lastBlock.isPresent() && atPoint.isPresent()) {
            return atPoint.get().getIndex() > lastBlock.get().getIndex() ? atPoint : lastBlock;
        }
        return lastBlock.isPresent() ? lastBlock : atPoint;
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return snapshot;
    }

    /** Records the point reached, so Ratis may purge the log up to it. Runs between two applied entries. */
    @Override
    public long takeSnapshot() {
        synchronized (lock) {
            Point p = reached;
            if (p.termIndex() == null) {
                return RaftLog.INVALID_LOG_INDEX;
            }
            point.write(p.termIndex().getTerm(), p.termIndex().getIndex(), p.height());
            snapshot = new Applied(p.termIndex());
            return p.termIndex().getIndex();
        }
    }

    @Override
    public TransactionContext startTransaction(RaftClientRequest request) throws IOException {
        ByteString content = request.getMessage().getContent();
        try {
            RaftMessages.transactions(content.asReadOnlyByteBuffer());
        } catch (RuntimeException e) {
            throw new IOException("malformed ledger request: " + e.getMessage(), e);
        }
        // The leader alone reads a clock; followers take the time from the entry. Execution raises a time below
        // the previous block's, so a new leader with a slower clock cannot make time run backwards.
        long now = clock.millis();
        long timestamp = lastTimestamp.updateAndGet(prev -> Math.max(prev, now));
        ByteString stamped = ByteString.copyFrom(ByteBuffer.allocate(RaftMessages.TIMESTAMP_BYTES)
                .putLong(0, timestamp)).concat(content);
        return TransactionContext.newBuilder().setStateMachine(this).setClientRequest(request).setLogData(stamped)
                .build();
    }

    @Override
    public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
        LogEntryProto entry = trx.getLogEntry();
        try {
            ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
            long timestamp = data.getLong();
            boolean unchecked = RaftMessages.kind(data) == RaftMessages.UNCHECKED;
            List<byte[]> encoded = parse(data);
            Hash[] badSignature = new Hash[encoded.size()];
            Transaction[] decoded = decode(encoded, unchecked, badSignature);
            List<Transaction> batch = new ArrayList<>(decoded.length);
            for (Transaction tx : decoded) {
                if (tx != null) {
                    batch.add(tx);
                }
            }
            List<Receipt> committed;
            synchronized (lock) {
                TermIndex done = reached.termIndex();
                if (done != null && entry.getIndex() <= done.getIndex()) {
                    // Covered already by blocks caught up from the leader: applying it again would apply it twice.
                    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(
                            RaftMessages.reply(List.of()))));
                }
                long height = committer.height();
                // Recorded first: should the block become durable and the node stop, a restart knows it came from
                // this entry. Should it not, the record lies beyond the ledger's height and is ignored.
                blockIndex.record(height + 1, entry.getTerm(), entry.getIndex());
                committed = batch.isEmpty() ? List.of() : committer.commit(timestamp, batch);
                updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
                reached = new Point(TermIndex.valueOf(entry.getTerm(), entry.getIndex()), committer.height());
            }
            signalApplied();
            List<Receipt> receipts = new ArrayList<>(decoded.length);
            List<Hash> ids = new ArrayList<>(decoded.length);
            int next = 0;
            for (int i = 0; i < decoded.length; i++) {
                if (decoded[i] == null) {
                    Hash id = badSignature[i] == null ? Hash.sha256(encoded.get(i)) : badSignature[i];
                    ids.add(id);
                    receipts.add(new Receipt.Rejected(id, badSignature[i] == null ? "malformed transaction"
                            : "invalid signature"));
                } else {
                    ids.add(decoded[i].id());
                    receipts.add(committed.get(next++));
                }
            }
            events.applied(ids, receipts);
            return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(
                    RaftMessages.reply(receipts))));
        } catch (RuntimeException | Error e) {
            // The block may be half-made: the ledger must be reopened, which recovers from its files. Throwing
            // makes Ratis stop this server rather than move past an entry that was not applied.
            LOG.log(System.Logger.Level.ERROR, "applying raft entry " + entry.getIndex() + " failed; this node stops",
                    e);
            events.failed(e);
            throw e;
        }
    }

    /** The entry's encoded transactions; an entry that does not parse (the leader refuses those) holds none. */
    private static List<byte[]> parse(ByteBuffer data) {
        try {
            return RaftMessages.transactions(data);
        } catch (RuntimeException e) {
            return List.of();
        }
    }

    /**
     * The entry's transactions; those this node submitted are taken as they are (decoded and checked already), the
     * rest decoded here, in parallel for large batches, and their signatures and size checked: whether another
     * node says it checked them (a "checked" entry from that node's own orderer) or they came from another process. A transaction that does not decode or whose signature is wrong is left null: every node decides it
     * the same way, so every node leaves it out. A bad signature also puts the id in {@code badSignature}.
     */
    private Transaction[] decode(List<byte[]> encoded, boolean unchecked, Hash[] badSignature) {
        Transaction[] out = new Transaction[encoded.size()];
        IntStream range = IntStream.range(0, out.length);
        (out.length >= PARALLEL_DECODE ? range.parallel() : range).forEach(i -> {
            byte[] bytes = encoded.get(i);
            Transaction mine = unchecked ? null : local.apply(Hash.sha256(bytes));
            if (mine != null) {
                out[i] = mine;
                return;
            }
            try {
                // Whatever this node did not check itself is checked here, whoever sent it: a node trusts no other
                // organisation's word that a signature was valid.
                Transaction tx = Transaction.decode(bytes, maxArgsBytes);
                if (!tx.signatureValid(verifier)) {
                    badSignature[i] = tx.id();
                    return;
                }
                tx.leafHash();
                tx.replayKey();
                tx.argsMap();
                out[i] = tx;
            } catch (RuntimeException e) {
                out[i] = null;
            }
        });
        return out;
    }

    @Override
    public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
        events.leaderChanged(newLeaderId == null ? null : newLeaderId.toString());
    }

    /**
     * Non-state-machine entries (configuration, a new leader's first entry) move the applied point too; recording it
     * lets a snapshot cover them.
     */
    @Override
    public void notifyTermIndexUpdated(long term, long index) {
        super.notifyTermIndexUpdated(term, index);
        synchronized (lock) {
            reached = new Point(TermIndex.valueOf(term, index), committer.height());
        }
    }

    /** Ratis pauses the state machine before reloading it after {@link #notifyInstallSnapshotFromLeader}. */
    @Override
    public void pause() {
        getLifeCycle().transition(LifeCycle.State.PAUSING);
        getLifeCycle().transition(LifeCycle.State.PAUSED);
    }

    /** Nothing to reload: the caught-up blocks are in the ledger already; only the life cycle resumes. */
    @Override
    public void reinitialize() {
        if (getLifeCycle().getCurrentState() == LifeCycle.State.PAUSED) {
            getLifeCycle().transition(LifeCycle.State.STARTING);
            getLifeCycle().transition(LifeCycle.State.RUNNING);
        }
    }

    /**
     * Answers read-only questions: a peer catching up asks the leader for blocks; a node collecting seals (or a
     * client) asks one given node for its own seal over a block, for a consistency proof, or for its height.
     */
    @Override
    public CompletableFuture<Message> query(Message request) {
        ByteBuffer q = request.getContent().asReadOnlyByteBuffer();
        byte kind = q.hasRemaining() ? q.get() : 0;
        try {
            return switch (kind) {
                case RaftMessages.BLOCKS -> q.remaining() == 12 ? blocks(q.getLong(), q.getInt()) : unknown();
                case RaftMessages.SEAL -> q.remaining() == 12 ? seal(q.getLong(), q.getInt()) : unknown();
                case RaftMessages.PROOF -> q.remaining() == 16 ? CompletableFuture.completedFuture(message(
                        RaftMessages.proofReply(committer.consistencyProof(q.getLong(), q.getLong())))) : unknown();
                case RaftMessages.HEIGHT -> q.remaining() == 0 ? CompletableFuture.completedFuture(message(
                        ByteBuffer.allocate(8).putLong(committer.height()).array())) : unknown();
                default -> unknown();
            };
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static CompletableFuture<Message> unknown() {
        return CompletableFuture.failedFuture(new IllegalArgumentException("unknown ledger query"));
    }

    private static Message message(byte[] bytes) {
        return Message.valueOf(ByteString.copyFrom(bytes));
    }

    /** This node's blocks from a height, with the entries they came from, for a peer catching up. */
    private CompletableFuture<Message> blocks(long from, int asked) {
        int most = Math.min(Math.max(asked, 1), BLOCKS_PER_FETCH);
        Point p = reached;
        List<RaftMessages.PeerBlock> blocks = new ArrayList<>();
        synchronized (lock) {
            for (long h = Math.max(from, 1); h <= p.height() && blocks.size() < most; h++) {
                long height = h;
                TermIndex ti = blockIndex.at(h).orElseThrow(() -> new LedgerException("no raft entry recorded for"
                        + " block " + height));
                blocks.add(new RaftMessages.PeerBlock(ti.getTerm(), ti.getIndex(), committer.block(h).encode()));
            }
        }
        TermIndex ti = p.termIndex() == null ? TermIndex.valueOf(0, -1) : p.termIndex();
        return CompletableFuture.completedFuture(message(RaftMessages.blocksReply(
                new RaftMessages.Blocks(ti.getTerm(), ti.getIndex(), p.height(), blocks))));
    }

    /**
     * This node's own seal over its block at {@code height}. A node a little behind (the leader applies an entry
     * before its followers hear it is committed) is given up to {@code waitMillis} to get there; a node further
     * behind fails the question, and the asker counts it as not answering.
     */
    private CompletableFuture<Message> seal(long height, int waitMillis) {
        long wait = Math.min(Math.max(waitMillis, 0), MAX_SEAL_WAIT_MILLIS);
        return reachedHeight(height, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(wait))
                .thenApplyAsync(there -> {
                    if (!there) {
                        throw new LedgerException("this node is at height " + committer.height() + ", below "
                                + height);
                    }
                    return message(RaftMessages.sealReply(committer.block(height)));
                });
    }

    /** Completes with whether the ledger holds block {@code height} by {@code deadline} (System.nanoTime). */
    private CompletableFuture<Boolean> reachedHeight(long height, long deadline) {
        // Read before the height: an apply that raises the height after the check completes this future.
        CompletableFuture<Void> next = appliedSignal.get();
        if (committer.height() >= height) {
            return CompletableFuture.completedFuture(true);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            return CompletableFuture.completedFuture(false);
        }
        return next.thenApply(v -> true).completeOnTimeout(false, left, TimeUnit.NANOSECONDS)
                .thenCompose(progressed -> progressed ? reachedHeight(height, deadline)
                        : CompletableFuture.completedFuture(committer.height() >= height));
    }

    /** Wakes whoever waits for the ledger to reach a height. */
    private void signalApplied() {
        appliedSignal.getAndSet(new CompletableFuture<>()).complete(null);
    }

    /**
     * The leader no longer holds the entries this node needs: catch up from the leader's blocks, committing each
     * again through this node's ledger and checking it comes out the same, up to the point the leader had reached.
     */
    @Override
    public CompletableFuture<TermIndex> notifyInstallSnapshotFromLeader(RoleInfoProto roleInfo,
                                                                        TermIndex firstTermIndexInLog) {
        LOG.log(System.Logger.Level.INFO, "catching up from the leader''s blocks: its log starts at {0}",
                firstTermIndexInLog);
        return CompletableFuture.supplyAsync(this::catchUp, runnable -> Thread.ofPlatform()
                .name("ledger-raft-catch-up").daemon(true).start(runnable));
    }

    private TermIndex catchUp() {
        RaftMessages.Blocks target = null;
        while (true) {
            long next = committer.height() + 1;
            RaftMessages.Blocks got = RaftMessages.blocks(leader.ask(RaftMessages.blocksRequest(next,
                    BLOCKS_PER_FETCH)).join());
            if (target == null) {
                target = got;
            }
            synchronized (lock) {
                for (RaftMessages.PeerBlock pb : got.blocks()) {
                    long height = committer.height() + 1;
                    Block block = Block.decode(pb.block(), Integer.MAX_VALUE);
                    if (block.header().height() < height) {
                        continue; // applied here from the log meanwhile
                    }
                    if (block.header().height() != height) {
                        throw new LedgerException("the leader sent block " + block.header().height() + " where "
                                + height + " was asked for");
                    }
                    blockIndex.record(height, pb.term(), pb.index());
                    committer.commit(block.header().timestamp(), block.transactions());
                    Hash made = committer.block(height).header().hash();
                    if (!made.equals(block.header().hash())) {
                        throw new LedgerException("block " + height + " from the leader has hash "
                                + block.header().hash().hex() + " but executing it here made " + made.hex()
                                + ": this node's ledger has diverged and must be rebuilt from the genesis");
                    }
                }
                signalApplied();
                if (committer.height() >= target.height()) {
                    TermIndex ti = TermIndex.valueOf(target.term(), target.index());
                    point.write(ti.getTerm(), ti.getIndex(), committer.height());
                    snapshot = new Applied(ti);
                    setLastAppliedTermIndex(ti);
                    reached = new Point(ti, committer.height());
                    LOG.log(System.Logger.Level.INFO, "caught up from the leader''s blocks to height {0}, raft {1}",
                            committer.height(), ti);
                    return ti;
                }
            }
            if (got.blocks().isEmpty()) {
                throw new LedgerException("the leader sent no blocks after height " + committer.height()
                        + " though it is at " + target.height());
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (point != null) {
            point.close();
        }
        if (blockIndex != null) {
            blockIndex.close();
        }
        super.close();
    }

    /** The ledger's place in the Raft log, reported as a snapshot without files of its own. */
    private record Applied(TermIndex termIndex) implements SnapshotInfo {
        @Override
        public TermIndex getTermIndex() {
            return termIndex;
        }

        @Override
        public List<FileInfo> getFiles() {
            return List.of();
        }
    }
}
