package org.trustmall.ledger.block;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.tx.MalformedTransactionException;
import org.trustmall.ledger.tx.Transaction;

/**
 * A sealed block as stored: header, seal, the transactions in order and their results.
 *
 * <pre>
 * header (157) | signer public key (32) | signature (64)
 * | for each transaction: length (4) | encoding          (header.transactionCount times)
 * | for each transaction: result (see TxResult)
 * </pre>
 */
public record Block(BlockHeader header, Seal seal, List<Transaction> transactions, List<TxResult> results) {

    public Block {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(seal, "seal");
        transactions = List.copyOf(transactions);
        results = List.copyOf(results);
        if (transactions.size() != header.transactionCount() || results.size() != transactions.size()) {
            throw new IllegalArgumentException("header counts " + header.transactionCount() + " transactions but "
                    + transactions.size() + " transactions and " + results.size() + " results were given");
        }
    }

    /** The key that sealed a block and its signature over {@link BlockHeader#signingMessage}. */
    public record Seal(PublicKey signer, byte[] signature) {
        public Seal {
            Objects.requireNonNull(signer, "signer");
            if (signature.length != Signatures.SIGNATURE_LENGTH) {
                throw new IllegalArgumentException("a seal signature has 64 bytes");
            }
            signature = signature.clone();
        }

        @Override
        public byte[] signature() {
            return signature.clone();
        }
    }

    public Hash hash() {
        return header.hash();
    }

    /** SHA-256 over the encoded results, in order: what {@link BlockHeader#resultsHash()} must equal. */
    public static Hash resultsHash(List<TxResult> results) {
        MessageDigest md = Hash.sha256Digest();
        ByteBuffer small = ByteBuffer.allocate(5);
        for (TxResult r : results) {
            byte[] p = r.payload();
            small.clear();
            small.put((byte) (r.ok() ? 0 : 1)).putInt(p.length);
            md.update(small.array());
            md.update(p);
        }
        return Hash.finish(md);
    }

    public byte[] encode() {
        int size = BlockHeader.ENCODED_LENGTH + PublicKey.LENGTH + Signatures.SIGNATURE_LENGTH;
        for (Transaction t : transactions) {
            size += 4 + t.encodedLength();
        }
        for (TxResult r : results) {
            size += r.encodedLength();
        }
        ByteBuffer b = ByteBuffer.allocate(size);
        header.writeTo(b);
        b.put(seal.signer().bytes()).put(seal.signature);
        for (Transaction t : transactions) {
            b.putInt(t.encodedLength());
            t.writeTo(b);
        }
        for (TxResult r : results) {
            r.writeTo(b);
        }
        return b.array();
    }

    /** Decodes a stored block strictly; any inconsistency is a {@link MalformedBlockException}. */
    public static Block decode(byte[] data, int maxArgsBytes) {
        try {
            ByteBuffer b = ByteBuffer.wrap(data);
            BlockHeader header = BlockHeader.readFrom(b);
            byte[] signer = new byte[PublicKey.LENGTH];
            b.get(signer);
            byte[] signature = new byte[Signatures.SIGNATURE_LENGTH];
            b.get(signature);
            int count = header.transactionCount();
            if (count > b.remaining() / 5) {
                throw new MalformedBlockException("header claims " + count + " transactions, more than fit");
            }
            List<Transaction> txs = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int length = b.getInt();
                if (length < 0 || length > b.remaining()) {
                    throw new MalformedBlockException("transaction " + i + " length " + length
                            + " exceeds the block");
                }
                byte[] tx = new byte[length];
                b.get(tx);
                try {
                    txs.add(Transaction.decode(tx, maxArgsBytes));
                } catch (MalformedTransactionException e) {
                    throw new MalformedBlockException("transaction " + i + ": " + e.getMessage());
                }
            }
            List<TxResult> results = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                results.add(TxResult.readFrom(b));
            }
            if (b.hasRemaining()) {
                throw new MalformedBlockException(b.remaining() + " unexpected bytes after the last result");
            }
            return new Block(header, new Seal(PublicKey.of(signer), signature), txs, results);
        } catch (BufferUnderflowException e) {
            throw new MalformedBlockException("block is truncated");
        }
    }
}
