package org.trustmall.ledger.ordering.raft;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.TimeDuration;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.tx.Transaction;

/**
 * Submits signed transactions to a Raft ledger cluster from another process, through a Ratis client that finds the
 * leader and retries across leader changes. Every node checks each transaction's signature when it applies the
 * batch; a bad one gets a {@link Receipt.Rejected} ("invalid signature") and the rest of the batch goes on. The
 * future completes with one receipt per transaction once the leader has applied the entry, which by then is durable
 * on a majority of the nodes: a {@link Receipt.Committed} is the acknowledgement.
 *
 * <p>Thread-safe. The Raft ports must be reachable by the consortium's own processes only: Ratis does not
 * authenticate its clients.
 */
public final class RaftSubmitter implements AutoCloseable {
    private final RaftClient client;

    private RaftSubmitter(RaftClient client) {
        this.client = client;
    }

    /**
     * @param group the cluster's group name ({@link RaftConfig#group()})
     * @param peers every node by id, as host:port
     */
    public static RaftSubmitter connect(String group, Map<String, String> peers) {
        return new RaftSubmitter(RaftOrderer.newClient(RaftOrderer.group(group, peers),
                TimeDuration.valueOf(3, TimeUnit.SECONDS)));
    }

    /** Submits a batch as one Raft entry (one block); receipts come back in the batch's order. */
    public CompletableFuture<List<Receipt>> submit(List<Transaction> batch) {
        if (batch.isEmpty()) {
            return CompletableFuture.completedFuture(List.of());
        }
        Message request = Message.valueOf(ByteString.copyFrom(RaftMessages.request(RaftMessages.UNCHECKED, batch)));
        return client.async().send(request).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new LedgerException("the raft group refused the batch: " + (reply.getException() == null
                        ? "no reason given" : reply.getException().getMessage()), reply.getException());
            }
            return RaftMessages.receipts(reply.getMessage().getContent().asReadOnlyByteBuffer());
        });
    }

    /**
     * The height of one node's ledger as that node has applied it: a stale read answered by that node alone, for
     * tools that watch a follower catch up. Ask only a node that is running: the client retries until it answers.
     */
    public CompletableFuture<Long> height(String nodeId) {
        Message question = Message.valueOf(ByteString.copyFrom(RaftMessages.blocksRequest(Long.MAX_VALUE, 1)));
        return client.async().sendStaleRead(question, 0, RaftPeerId.valueOf(nodeId)).thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw new LedgerException("node " + nodeId + " did not tell its height: " + (reply.getException()
                        == null ? "no reason given" : reply.getException().getMessage()), reply.getException());
            }
            return RaftMessages.blocks(reply.getMessage().getContent().asReadOnlyByteBuffer()).height();
        });
    }

    @Override
    public void close() {
        try {
            client.close();
        } catch (IOException e) {
            throw new LedgerException("closing the raft client failed: " + e.getMessage(), e);
        }
    }
}
