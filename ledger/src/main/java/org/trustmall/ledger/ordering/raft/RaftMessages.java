package org.trustmall.ledger.ordering.raft;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.tx.Transaction;

/**
 * The bytes that travel through Raft.
 *
 * <pre>
 * request  = kind (1: 'B' checked by the submitting node, 'T' to be checked by the leader)
 *            | count (u32) | count × (length (u32) | encoded transaction)
 * entry    = timestamp (i64, chosen by the leader) | request
 * reply    = count (u32) | count × receipt
 * receipt  = 0 | transaction id (32) | height (i64) | log index (i64) | TxResult
 *          | 1 | transaction id (32) | reason length (u32) | UTF-8 reason
 * blocks?  = 'Q' | from height (i64) | most blocks (u32)                      (a read-only query to the leader)
 * blocks   = applied term, index, height (3 × i64) | count (u32) | count × (term, index (i64) | length (u32) | block)
 * seal?    = 'S' | height (i64) | most ms to wait for that height (u32)  (a read-only query to one given node)
 * seal     = block header (157) | signer public key (32) | signature (64)
 * proof?   = 'P' | size1 (i64) | size2 (i64)                                (to one given node)
 * proof    = size1 (i64) | size2 (i64) | count (u32) | count × hash (32)
 * height?  = 'H'                                                            (to one given node)
 * height   = height of the node's last block (i64)
 * </pre>
 */
final class RaftMessages {
    static final byte CHECKED = 'B';
    static final byte UNCHECKED = 'T';
    static final byte BLOCKS = 'Q';
    static final byte SEAL = 'S';
    static final byte PROOF = 'P';
    static final byte HEIGHT = 'H';
    static final int TIMESTAMP_BYTES = 8;

    private RaftMessages() {
    }

    static byte[] request(byte kind, List<Transaction> batch) {
        int size = 5;
        for (Transaction tx : batch) {
            size += 4 + tx.encodedLength();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.put(kind).putInt(batch.size());
        for (Transaction tx : batch) {
            b.putInt(tx.encodedLength());
            tx.writeTo(b);
        }
        return b.array();
    }

    /** The encoded transactions of a request (or of an entry, after its timestamp). */
    static List<byte[]> transactions(ByteBuffer request) {
        request.get();
        int count = request.getInt();
        if (count < 0 || count > request.remaining() / 4) {
            throw new LedgerException("a raft request claims " + count + " transactions");
        }
        List<byte[]> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int length = request.getInt();
            if (length < 0 || length > request.remaining()) {
                throw new LedgerException("a raft request's transaction " + i + " overruns it");
            }
            byte[] tx = new byte[length];
            request.get(tx);
            out.add(tx);
        }
        return out;
    }

    static byte kind(ByteBuffer request) {
        return request.get(request.position());
    }

    static byte[] reply(List<Receipt> receipts) {
        List<byte[]> parts = new ArrayList<>(receipts.size());
        int size = 4;
        for (Receipt r : receipts) {
            byte[] part = switch (r) {
                case Receipt.Committed c -> {
                    ByteBuffer b = ByteBuffer.allocate(1 + Hash.LENGTH + 16 + c.result().encodedLength());
                    b.put((byte) 0).put(c.transactionId().bytes()).putLong(c.height()).putLong(c.logIndex());
                    c.result().writeTo(b);
                    yield b.array();
                }
                case Receipt.Rejected j -> {
                    byte[] reason = j.reason().getBytes(StandardCharsets.UTF_8);
                    ByteBuffer b = ByteBuffer.allocate(1 + Hash.LENGTH + 4 + reason.length);
                    b.put((byte) 1).put(j.transactionId().bytes()).putInt(reason.length).put(reason);
                    yield b.array();
                }
            };
            parts.add(part);
            size += part.length;
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putInt(receipts.size());
        parts.forEach(b::put);
        return b.array();
    }

    static List<Receipt> receipts(ByteBuffer reply) {
        int count = reply.getInt();
        List<Receipt> out = new ArrayList<>(Math.max(0, Math.min(count, 1 << 16)));
        for (int i = 0; i < count; i++) {
            int kind = reply.get();
            byte[] id = new byte[Hash.LENGTH];
            reply.get(id);
            if (kind == 0) {
                long height = reply.getLong();
                long logIndex = reply.getLong();
                out.add(new Receipt.Committed(Hash.of(id), height, logIndex, TxResult.readFrom(reply)));
            } else {
                byte[] reason = new byte[reply.getInt()];
                reply.get(reason);
                out.add(new Receipt.Rejected(Hash.of(id), new String(reason, StandardCharsets.UTF_8)));
            }
        }
        return out;
    }

    /** A peer's blocks with the entries they came from, and the point in the log the peer had applied. */
    record Blocks(long term, long index, long height, List<PeerBlock> blocks) {
    }

    record PeerBlock(long term, long index, byte[] block) {
    }

    static byte[] blocksRequest(long from, int most) {
        return ByteBuffer.allocate(13).put(BLOCKS).putLong(from).putInt(most).array();
    }

    static byte[] blocksReply(Blocks b) {
        int size = 28;
        for (PeerBlock p : b.blocks()) {
            size += 20 + p.block().length;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        out.putLong(b.term()).putLong(b.index()).putLong(b.height()).putInt(b.blocks().size());
        for (PeerBlock p : b.blocks()) {
            out.putLong(p.term()).putLong(p.index()).putInt(p.block().length).put(p.block());
        }
        return out.array();
    }

    static Blocks blocks(ByteBuffer in) {
        long term = in.getLong();
        long index = in.getLong();
        long height = in.getLong();
        int count = in.getInt();
        List<PeerBlock> list = new ArrayList<>(Math.max(0, Math.min(count, 4096)));
        for (int i = 0; i < count; i++) {
            long t = in.getLong();
            long x = in.getLong();
            byte[] block = new byte[in.getInt()];
            in.get(block);
            list.add(new PeerBlock(t, x, block));
        }
        return new Blocks(term, index, height, list);
    }

    /** A node's block header and its own seal over it. */
    record Seal(BlockHeader header, Block.Seal seal) {
    }

    static byte[] sealRequest(long height, int waitMillis) {
        return ByteBuffer.allocate(13).put(SEAL).putLong(height).putInt(waitMillis).array();
    }

    static byte[] sealReply(Block block) {
        return ByteBuffer.allocate(BlockHeader.ENCODED_LENGTH + PublicKey.LENGTH + Signatures.SIGNATURE_LENGTH)
                .put(block.header().encode()).put(block.seal().signer().bytes()).put(block.seal().signature())
                .array();
    }

    static Seal seal(ByteBuffer in) {
        if (in.remaining() != BlockHeader.ENCODED_LENGTH + PublicKey.LENGTH + Signatures.SIGNATURE_LENGTH) {
            throw new LedgerException("a seal answer has " + in.remaining() + " bytes");
        }
        byte[] header = new byte[BlockHeader.ENCODED_LENGTH];
        byte[] key = new byte[PublicKey.LENGTH];
        byte[] signature = new byte[Signatures.SIGNATURE_LENGTH];
        in.get(header).get(key).get(signature);
        return new Seal(BlockHeader.decode(ByteBuffer.wrap(header)), new Block.Seal(PublicKey.of(key), signature));
    }

    static byte[] proofRequest(long size1, long size2) {
        return ByteBuffer.allocate(17).put(PROOF).putLong(size1).putLong(size2).array();
    }

    static byte[] proofReply(ConsistencyProof p) {
        ByteBuffer b = ByteBuffer.allocate(20 + p.sizeBytes()).putLong(p.size1()).putLong(p.size2())
                .putInt(p.path().size());
        p.path().forEach(h -> b.put(h.bytes()));
        return b.array();
    }

    static ConsistencyProof proof(ByteBuffer in) {
        long size1 = in.getLong();
        long size2 = in.getLong();
        int count = in.getInt();
        if (count < 0 || count != in.remaining() / Hash.LENGTH || in.remaining() % Hash.LENGTH != 0) {
            throw new LedgerException("a consistency proof answer claims " + count + " hashes in "
                    + in.remaining() + " bytes");
        }
        List<Hash> path = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] h = new byte[Hash.LENGTH];
            in.get(h);
            path.add(Hash.of(h));
        }
        return new ConsistencyProof(size1, size2, path);
    }
}
