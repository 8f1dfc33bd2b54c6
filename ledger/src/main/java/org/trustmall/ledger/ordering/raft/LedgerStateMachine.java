package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.IntStream;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.SnapshotInfo;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.ordering.BatchCommitter;
import org.trustmall.ledger.tx.Transaction;

/**
 * The Ratis state machine of a ledger node: each committed log entry is one batch, executed as the next block by the
 * ledger's {@link BatchCommitter} at the timestamp the leader stored in the entry, so that every node makes the same
 * blocks.
 *
 * <p>Where the ledger stands in the Raft log is kept in an {@link AppliedMarker} next to the Raft storage and reported
 * to Ratis as the state machine's snapshot, which is where Ratis starts applying after a restart: entries the ledger
 * holds are not applied again, and none after it is skipped. The ledger's files are that snapshot; the Raft log is
 * never purged, so a node that was down or is new catches up from the log alone.
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

    private final BatchCommitter committer;
    private final Path markerFile;
    private final InstantSource clock;
    private final SignatureVerifier verifier;
    private final int maxArgsBytes;
    private final Function<Hash, Transaction> local;
    private final Events events;
    private final AtomicLong lastTimestamp = new AtomicLong();
    private AppliedMarker marker;
    private volatile SnapshotInfo startingPoint;

    /**
     * @param local the transactions this node submitted and awaits, by the SHA-256 of their whole encoding, so that
     *              they need not be decoded again
     */
    LedgerStateMachine(BatchCommitter committer, Path markerFile, InstantSource clock, SignatureVerifier verifier,
                       int maxArgsBytes, Function<Hash, Transaction> local, Events events) {
        this.committer = committer;
        this.markerFile = markerFile;
        this.clock = clock;
        this.verifier = verifier;
        this.maxArgsBytes = maxArgsBytes;
        this.local = local;
        this.events = events;
    }

    @Override
    public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
        super.initialize(server, groupId, storage);
        marker = AppliedMarker.open(markerFile);
        Optional<TermIndex> applied = appliedOnStart(marker.last(), committer.height(), markerFile);
        applied.ifPresent(ti -> {
            setLastAppliedTermIndex(ti);
            startingPoint = new Applied(ti);
        });
        LOG.log(System.Logger.Level.INFO, "ledger at height {0}, raft log applied up to {1}", committer.height(),
                applied.map(TermIndex::toString).orElse("nothing"));
    }

    /** Where the ledger stands in the Raft log, from the marker written before the last batch and the height. */
    static Optional<TermIndex> appliedOnStart(Optional<AppliedMarker.Record> last, long height, Path file) {
        if (last.isEmpty()) {
            if (height > 0) {
                // Applying the whole log again to a ledger that already holds blocks would apply them twice.
                throw new LedgerException(file + ": missing, yet the ledger holds " + height + " blocks after genesis;"
                        + " which raft entries it holds is unknown. Start a node from a copy of the genesis ledger"
                        + " and an empty raft directory, or restore this node's raft directory");
            }
            return Optional.empty();
        }
        AppliedMarker.Record m = last.get();
        if (height == m.heightBefore() + 1) {
            return Optional.of(TermIndex.valueOf(m.term(), m.index()));
        }
        if (height != m.heightBefore()) {
            throw new LedgerException(file + ": the ledger is at height " + height + " but was at "
                    + m.heightBefore() + " when raft entry " + m.index() + " was applied; the ledger directory and"
                    + " the raft directory do not belong together");
        }
        return m.previousIndex() < 0 ? Optional.empty()
                : Optional.of(TermIndex.valueOf(m.previousTerm(), m.previousIndex()));
    }

    @Override
    public SnapshotInfo getLatestSnapshot() {
        return startingPoint;
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
            TermIndex previous = getLastAppliedTermIndex();
            marker.write(entry.getTerm(), entry.getIndex(), previous == null ? 0 : previous.getTerm(),
                    previous == null ? -1 : previous.getIndex(), committer.height());
            List<Receipt> committed = batch.isEmpty() ? List.of() : committer.commit(timestamp, batch);
            updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
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
     * rest decoded here, in parallel for large batches, and their signatures checked if they came from another
     * process. A transaction that does not decode or whose signature is wrong is left null: every node decides it
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
                Transaction tx = Transaction.decode(bytes, unchecked ? maxArgsBytes : Integer.MAX_VALUE);
                if (unchecked && !tx.signatureValid(verifier)) {
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

    @Override
    public void close() throws IOException {
        if (marker != null) {
            marker.close();
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
