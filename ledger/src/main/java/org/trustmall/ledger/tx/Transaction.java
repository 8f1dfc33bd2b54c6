package org.trustmall.ledger.tx;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.Cbor;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.encoding.MalformedEncodingException;

/**
 * A signed request to run one contract method, in its one canonical encoding.
 *
 * <pre>
 * body      = "TMTX" | version (1) | chain id (32) | contract (u8 length + ASCII) | method (u8 length + ASCII)
 *             | args (u32 length + canonical CBOR) | sender public key (32) | nonce (u64) | timestamp (i64, ms)
 * encoding  = body | Ed25519 signature over body (64)
 * id        = SHA-256(body)
 * </pre>
 *
 * The chain id inside the signed body stops a transaction signed for one ledger from being replayed on another;
 * the id leaves out the signature so it cannot be changed by re-encoding a signature. The nonce is chosen by the
 * sender and must be unique per sender (not a sequence, so independent clients can submit concurrently); the
 * timestamp is the sender's claim, used only to bound how long the ledger must remember nonces — contracts never
 * see it. Instances are immutable and thread-safe.
 */
public final class Transaction {
    static final byte[] MAGIC = {'T', 'M', 'T', 'X'};
    public static final int VERSION = 1;
    public static final int MAX_NAME_LENGTH = 64;
    /** Fixed-size parts of an encoding with empty names and args. */
    static final int FIXED_LENGTH = 4 + 1 + 32 + 1 + 1 + 4 + 32 + 8 + 8 + Signatures.SIGNATURE_LENGTH;

    private final byte[] encoded;
    private final int bodyLength;
    private final String contract;
    private final String method;
    private final int argsOffset;
    private final int argsLength;
    private final Hash chainId;
    private final PublicKey sender;
    private final long nonce;
    private final long timestamp;
    private final Hash id;
    /** Derived values, computed at most once (racy but idempotent) and then shared. */
    private volatile Hash leafHash;
    private volatile CborMap argsMap;
    private volatile long replayKey;

    private Transaction(byte[] encoded, int bodyLength, String contract, String method, int argsOffset,
                        int argsLength, Hash chainId, PublicKey sender, long nonce, long timestamp) {
        this.encoded = encoded;
        this.bodyLength = bodyLength;
        this.contract = contract;
        this.method = method;
        this.argsOffset = argsOffset;
        this.argsLength = argsLength;
        this.chainId = chainId;
        this.sender = sender;
        this.nonce = nonce;
        this.timestamp = timestamp;
        this.id = Hash.sha256(encoded, 0, bodyLength);
    }

    /** Builds and signs a transaction; {@code args} must already be canonical CBOR. */
    public static Transaction sign(Hash chainId, String contract, String method, byte[] args, SigningKey key,
                                   long nonce, long timestamp) {
        requireName("contract", contract);
        requireName("method", method);
        Cbor.validate(args, 0, args.length);
        byte[] c = contract.getBytes(StandardCharsets.US_ASCII);
        byte[] m = method.getBytes(StandardCharsets.US_ASCII);
        int bodyLength = FIXED_LENGTH - Signatures.SIGNATURE_LENGTH + c.length + m.length + args.length;
        ByteBuffer buf = ByteBuffer.allocate(bodyLength + Signatures.SIGNATURE_LENGTH);
        buf.put(MAGIC).put((byte) VERSION);
        buf.put(chainId.bytes());
        buf.put((byte) c.length).put(c);
        buf.put((byte) m.length).put(m);
        buf.putInt(args.length);
        int argsOffset = buf.position();
        buf.put(args);
        buf.put(key.publicKey().bytes());
        buf.putLong(nonce).putLong(timestamp);
        byte[] encoded = buf.array();
        byte[] signature = key.sign(encoded, 0, bodyLength);
        System.arraycopy(signature, 0, encoded, bodyLength, signature.length);
        return new Transaction(encoded, bodyLength, contract, method, argsOffset, args.length, chainId,
                key.publicKey(), nonce, timestamp);
    }

    /**
     * Parses an encoding strictly: every length must fit, names must be lower-case identifiers, args must be
     * canonical CBOR of at most {@code maxArgsBytes}, and nothing may follow the signature. The signature is not
     * checked here; see {@link #signatureValid}.
     */
    public static Transaction decode(byte[] encoded, int maxArgsBytes) {
        Reader r = new Reader(encoded);
        r.expectMagic();
        int version = r.u8("version");
        if (version != VERSION) {
            throw new MalformedTransactionException("unsupported transaction version " + version);
        }
        Hash chainId = Hash.of(r.take(32, "chain id"), 0);
        String contract = r.name("contract");
        String method = r.name("method");
        long argsLength = r.u32("args length");
        if (argsLength > maxArgsBytes) {
            throw new MalformedTransactionException("args are " + argsLength + " bytes, more than the limit of "
                    + maxArgsBytes);
        }
        int argsOffset = r.position;
        r.skip((int) argsLength, "args");
        try {
            Cbor.validate(encoded, argsOffset, (int) argsLength);
        } catch (MalformedEncodingException e) {
            throw new MalformedTransactionException("args are not canonical CBOR: " + e.getMessage());
        }
        PublicKey sender = PublicKey.of(r.take(32, "sender"), 0);
        long nonce = r.i64("nonce");
        long timestamp = r.i64("timestamp");
        int bodyLength = r.position;
        r.skip(Signatures.SIGNATURE_LENGTH, "signature");
        if (r.position != encoded.length) {
            throw new MalformedTransactionException((encoded.length - r.position)
                    + " unexpected bytes after the signature");
        }
        return new Transaction(encoded.clone(), bodyLength, contract, method, argsOffset, (int) argsLength,
                chainId, sender, nonce, timestamp);
    }

    public boolean signatureValid(SignatureVerifier verifier) {
        return verifier.verify(sender, encoded, 0, bodyLength, encoded, bodyLength);
    }

    public Hash id() {
        return id;
    }

    public Hash chainId() {
        return chainId;
    }

    public String contract() {
        return contract;
    }

    public String method() {
        return method;
    }

    /**
     * The Merkle leaf hash SHA-256(0x00 | encoding), computed once. {@code Ledger.submit} computes it on the
     * submitting thread so the ordering thread does not have to.
     */
    public Hash leafHash() {
        Hash h = leafHash;
        if (h == null) {
            MessageDigest md = Hash.sha256Digest();
            md.update((byte) 0);
            md.update(encoded);
            h = Hash.finish(md);
            leafHash = h;
        }
        return h;
    }

    /**
     * A 64-bit fingerprint of (sender, nonce) — the first 8 bytes of SHA-256(sender | nonce), never 0 — by which the
     * ledger recognises a replay; computed once. Cut from a cryptographic hash so that no one can choose a nonce
     * whose fingerprint collides with another sender's pending transaction.
     */
    public long replayKey() {
        long k = replayKey;
        if (k == 0) {
            MessageDigest md = Hash.sha256Digest();
            md.update(encoded, bodyLength - 8 - 8 - 32, 32);
            md.update(encoded, bodyLength - 8 - 8, 8);
            k = ByteBuffer.wrap(md.digest()).getLong();
            k = k == 0 ? 1 : k;
            replayKey = k;
        }
        return k;
    }

    /** The arguments decoded, computed once (they were validated as canonical when the transaction was built). */
    public CborMap argsMap() {
        CborMap m = argsMap;
        if (m == null) {
            m = CborMap.parse(args());
            argsMap = m;
        }
        return m;
    }

    public byte[] args() {
        return Arrays.copyOfRange(encoded, argsOffset, argsOffset + argsLength);
    }

    public int argsLength() {
        return argsLength;
    }

    public PublicKey sender() {
        return sender;
    }

    public long nonce() {
        return nonce;
    }

    public long timestamp() {
        return timestamp;
    }

    public byte[] signature() {
        return Arrays.copyOfRange(encoded, bodyLength, encoded.length);
    }

    /** The canonical encoding — the Merkle log's leaf. */
    public byte[] encoded() {
        return encoded.clone();
    }

    public int encodedLength() {
        return encoded.length;
    }

    /** Writes the encoding into {@code target} without an intermediate copy. */
    public void writeTo(ByteBuffer target) {
        target.put(encoded);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transaction t && Arrays.equals(encoded, t.encoded);
    }

    @Override
    public int hashCode() {
        return id.hashCode();
    }

    @Override
    public String toString() {
        return "Transaction[" + id.hex().substring(0, 16) + " " + contract + "." + method + " by "
                + sender.shortId() + "]";
    }

    static void requireName(String what, String name) {
        if (!validName(name)) {
            throw new IllegalArgumentException(what + " name must be 1-" + MAX_NAME_LENGTH
                    + " characters of a-z, 0-9, '-', '_', '.', starting with a letter: " + name);
        }
    }

    static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return false;
        }
        char first = name.charAt(0);
        if (first < 'a' || first > 'z') {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** A bounds-checked cursor; every failure names the field that did not fit. */
    private static final class Reader {
        private final byte[] data;
        private int position;

        Reader(byte[] data) {
            this.data = data;
        }

        void expectMagic() {
            if (data.length < MAGIC.length || !Arrays.equals(data, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
                throw new MalformedTransactionException("not a TrustMall transaction (bad magic)");
            }
            position = MAGIC.length;
        }

        int u8(String field) {
            need(1, field);
            return data[position++] & 0xff;
        }

        long u32(String field) {
            need(4, field);
            long v = ((data[position] & 0xffL) << 24) | ((data[position + 1] & 0xffL) << 16)
                    | ((data[position + 2] & 0xffL) << 8) | (data[position + 3] & 0xffL);
            position += 4;
            return v;
        }

        long i64(String field) {
            need(8, field);
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (data[position + i] & 0xff);
            }
            position += 8;
            return v;
        }

        byte[] take(int n, String field) {
            need(n, field);
            byte[] out = Arrays.copyOfRange(data, position, position + n);
            position += n;
            return out;
        }

        void skip(int n, String field) {
            need(n, field);
            position += n;
        }

        String name(String field) {
            int len = u8(field + " name length");
            need(len, field + " name");
            String s = new String(data, position, len, StandardCharsets.US_ASCII);
            position += len;
            if (!validName(s)) {
                throw new MalformedTransactionException(field + " name is not a valid identifier");
            }
            return s;
        }

        private void need(int n, String field) {
            if (n < 0 || data.length - position < n) {
                throw new MalformedTransactionException("truncated at " + field + " (byte " + position + ")");
            }
        }
    }
}
