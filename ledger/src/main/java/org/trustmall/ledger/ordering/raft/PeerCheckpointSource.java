package org.trustmall.ledger.ordering.raft;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointSource;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.merkle.ConsistencyProof;

/**
 * One node of the Raft cluster as a {@link CheckpointSource}, asked over Ratis: each question is a read-only query to
 * that very node (a stale read, which its own state machine answers whether it leads or follows), never redirected
 * to the leader. Every call is bounded by the timeout; a node that is down, too far behind or slow throws a
 * {@link LedgerException}, which collectors count as "did not answer". Nothing it answers is trusted here: the seal
 * is checked by whoever collects it.
 *
 * <p>Thread-safe (the Ratis client is); the client belongs to the caller, who closes it.
 */
final class PeerCheckpointSource implements CheckpointSource {
    private final RaftClient client;
    private final String peerId;
    private final Hash chainId;
    private final Duration timeout;

    /**
     * @param client  a client of the node's Raft group, without retries (each question is asked once)
     * @param chainId the chain the node's seals are taken to be for: a seal for another chain does not verify
     * @param timeout how long one question may take, the node's wait to reach a height included
     */
    PeerCheckpointSource(RaftClient client, String peerId, Hash chainId, Duration timeout) {
        this.client = Objects.requireNonNull(client, "client");
        this.peerId = Objects.requireNonNull(peerId, "peerId");
        this.chainId = Objects.requireNonNull(chainId, "chainId");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public String organisation() {
        return peerId;
    }

    @Override
    public long height() {
        return ask(new byte[] {RaftMessages.HEIGHT}).getLong();
    }

    /** The node's own seal over its block at {@code height}; a node slightly behind is given most of the timeout. */
    @Override
    public Checkpoint checkpoint(long height) {
        int wait = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis() * 3 / 4);
        RaftMessages.Seal s = RaftMessages.seal(ask(RaftMessages.sealRequest(height, wait)));
        return new Checkpoint(chainId, s.header(), List.of(new Checkpoint.Signature(peerId, s.seal().signer(),
                s.seal().signature())));
    }

    @Override
    public ConsistencyProof consistencyProof(long size1, long size2) {
        return RaftMessages.proof(ask(RaftMessages.proofRequest(size1, size2)));
    }

    private ByteBuffer ask(byte[] question) {
        CompletableFuture<RaftClientReply> answer = client.async().sendStaleRead(Message.valueOf(
                ByteString.copyFrom(question)), 0, RaftPeerId.valueOf(peerId));
        RaftClientReply reply;
        try {
            reply = answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            answer.cancel(true);
            throw new LedgerException("node " + peerId + " gave no answer within " + timeout.toMillis() + " ms");
        } catch (ExecutionException e) {
            throw new LedgerException("node " + peerId + " did not answer: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (InterruptedException e) {
            answer.cancel(true);
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while asking node " + peerId);
        }
        if (!reply.isSuccess()) {
            throw new LedgerException("node " + peerId + " refused: " + (reply.getException() == null
                    ? "no reason given" : reply.getException().getMessage()));
        }
        return reply.getMessage().getContent().asReadOnlyByteBuffer();
    }
}
