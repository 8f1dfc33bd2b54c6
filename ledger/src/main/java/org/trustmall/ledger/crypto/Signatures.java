package org.trustmall.ledger.crypto;

import java.math.BigInteger;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.Signature;
import java.security.SignatureException;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The two Ed25519 verifiers we can choose from. Measured on this project's 2-core machines BouncyCastle's
 * verifier is several times faster than the JDK's (see {@code trustmall ledger bench}), so the ledger uses
 * {@link #fastest()}; the JDK one stays for the benchmark that justifies the choice.
 */
public final class Signatures {
    public static final int SIGNATURE_LENGTH = 64;

    private static final SignatureVerifier BOUNCY_CASTLE = new BouncyCastleVerifier();

    private Signatures() {
    }

    /** The verifier the ledger uses. */
    public static SignatureVerifier fastest() {
        return BOUNCY_CASTLE;
    }

    public static SignatureVerifier bouncyCastle() {
        return BOUNCY_CASTLE;
    }

    public static SignatureVerifier jdk() {
        return new JdkVerifier();
    }

    /**
     * BouncyCastle's low-level RFC 8032 code. Decoding a public key costs a field square root, so decoded points
     * are cached per key: a ledger sees few distinct signers (organisations and their roles), each signing many
     * transactions. The cache is bounded so a flood of unknown keys cannot grow it without limit.
     */
    private static final class BouncyCastleVerifier implements SignatureVerifier {
        private static final int MAX_CACHED_KEYS = 4096;
        private final Map<PublicKey, Ed25519.PublicPoint> points = new ConcurrentHashMap<>();

        @Override
        public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature,
                              int signatureOffset) {
            if (signature == null || signature.length - signatureOffset < SIGNATURE_LENGTH) {
                return false;
            }
            Ed25519.PublicPoint point = points.get(key);
            if (point == null) {
                point = Ed25519.validatePublicKeyFullExport(key.raw(), 0);
                if (point == null) {
                    return false;
                }
                if (points.size() >= MAX_CACHED_KEYS) {
                    points.clear();
                }
                points.put(key, point);
            }
            return Ed25519.verify(signature, signatureOffset, point, message, offset, length);
        }

        @Override
        public String name() {
            return "bouncycastle";
        }
    }

    /** The JDK's SunEC provider ("Ed25519"), used through the JCA. */
    private static final class JdkVerifier implements SignatureVerifier {
        private final Map<PublicKey, java.security.PublicKey> keys = new ConcurrentHashMap<>();
        private final ThreadLocal<Signature> signatures = ThreadLocal.withInitial(() -> {
            try {
                return Signature.getInstance("Ed25519");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("this JDK lacks Ed25519", e);
            }
        });

        @Override
        public boolean verify(PublicKey key, byte[] message, int offset, int length, byte[] signature,
                              int signatureOffset) {
            try {
                java.security.PublicKey jcaKey = keys.computeIfAbsent(key, JdkVerifier::toJca);
                Signature s = signatures.get();
                s.initVerify(jcaKey);
                s.update(message, offset, length);
                return s.verify(signature, signatureOffset, SIGNATURE_LENGTH);
            } catch (InvalidKeyException | SignatureException | IllegalArgumentException e) {
                return false;
            }
        }

        @Override
        public String name() {
            return "jdk";
        }

        private static java.security.PublicKey toJca(PublicKey key) {
            // RFC 8032 encoding: little-endian y with the sign of x in the top bit of the last byte.
            byte[] raw = key.bytes();
            boolean xOdd = (raw[31] & 0x80) != 0;
            raw[31] &= 0x7f;
            byte[] bigEndian = new byte[raw.length];
            for (int i = 0; i < raw.length; i++) {
                bigEndian[i] = raw[raw.length - 1 - i];
            }
            try {
                return KeyFactory.getInstance("Ed25519").generatePublic(new EdECPublicKeySpec(
                        NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
            } catch (NoSuchAlgorithmException | InvalidKeySpecException e) {
                throw new IllegalArgumentException("not an Ed25519 public key", e);
            }
        }
    }
}
