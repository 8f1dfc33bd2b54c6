package org.trustmall.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.testing.KvContract;
import org.trustmall.ledger.testing.LedgerCopies;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;

/**
 * Bad input at the ledger's edge: every malformed, forged, replayed, stale or misaddressed transaction is answered
 * with a {@link Receipt.Rejected} whose reason says what is wrong, and nothing is written — the files, the log size
 * and the height are as before, and the ledger still verifies intact.
 */
class TransactionRejectionTest {
    private static final long MINUTE = 60_000;

    @TempDir
    Path dir;

    private TestLedgers t;
    private Ledger ledger;
    private Transaction committed;
    private Map<String, Long> filesBefore;
    private long logSizeBefore;
    private long heightBefore;

    @BeforeEach
    void openALedgerWithOneCommittedTransaction() {
        t = TestLedgers.create(dir);
        ledger = t.open();
        committed = t.put("k", new byte[] {1});
        assertInstanceOf(Receipt.Committed.class, ledger.submitAndWait(committed));
        snapshot();
    }

    @AfterEach
    void nothingWasWrittenAndTheLedgerStillVerifiesIntact() {
        ledger.close();
        assertEquals(filesBefore, LedgerCopies.fileSizes(dir));
        VerificationReport report = new LedgerVerifier(TestLedgers.runtime(), Signatures.fastest())
                .verify(dir, Optional.of(t.trustedKeys()));
        assertEquals(VerificationReport.Status.INTACT, report.status(), () -> report.problem().toString());
        assertEquals(logSizeBefore, report.transactions());
    }

    // ---- malformed encodings (only bytes can carry these) ----

    @Test
    void aTruncatedEncodingIsRejectedAsMalformed() {
        byte[] good = t.put("x", new byte[] {2}).encoded();
        for (int length : new int[] {0, 3, 4, 5, 40, good.length - 65, good.length - 1}) {
            assertRejected(ledger.submit(Arrays.copyOf(good, length)), length < 4 ? "bad magic" : "truncated at");
        }
    }

    @Test
    void bytesAfterTheSignatureAreRejected() {
        byte[] good = t.put("x", new byte[] {2}).encoded();

        assertRejected(ledger.submit(Arrays.copyOf(good, good.length + 1)), "1 unexpected bytes after the signature");
    }

    @Test
    void aBadMagicIsRejected() {
        byte[] bad = t.put("x", new byte[] {2}).encoded();
        bad[0] = 'X';

        assertRejected(ledger.submit(bad), "not a TrustMall transaction (bad magic)");
    }

    @Test
    void anUnknownVersionIsRejected() {
        byte[] body = body(2, t.chainId, KvContract.ID, "put", putArgs());

        assertRejected(ledger.submit(signed(body, t.orgKey)), "unsupported transaction version 2");
    }

    @Test
    void argumentsThatAreNotCanonicalCborAreRejectedEvenWhenSigned() {
        byte[] longerHeadThanNeeded = HexFormat.of().parseHex("a1616e1801");
        byte[] unsortedKeys = HexFormat.of().parseHex("a26162016161" + "02");

        for (byte[] args : new byte[][] {longerHeadThanNeeded, unsortedKeys}) {
            assertRejected(ledger.submit(signed(body(1, t.chainId, KvContract.ID, "put", args), t.orgKey)),
                    "args are not canonical CBOR");
        }
    }

    @Test
    void anInvalidContractOrMethodNameIsRejected() {
        assertRejected(ledger.submit(signed(body(1, t.chainId, "KV", "put", putArgs()), t.orgKey)),
                "contract name is not a valid identifier");
        assertRejected(ledger.submit(signed(body(1, t.chainId, KvContract.ID, "put it", putArgs()), t.orgKey)),
                "method name is not a valid identifier");
    }

    @Test
    void argumentsOverTheChainsLimitAreRejected() {
        Transaction tooBig = t.call("put", CborMap.builder().put("key", "big").put("value", new byte[70_000])
                .build());

        assertRejected(ledger.submit(tooBig.encoded()), "more than the limit of 65536");
        assertRejected(ledger.submit(tooBig), "more than the limit of 65536");
    }

    // ---- forged signatures and signers ----

    @Test
    void aSignatureWithOneFlippedBitIsRejected() {
        byte[] bad = t.put("x", new byte[] {2}).encoded();
        bad[bad.length - 10] ^= 0x01;

        assertRejected(ledger.submit(bad), "invalid signature");
        assertRejected(ledger.submit(Transaction.decode(bad, 1 << 16)), "invalid signature");
    }

    @Test
    void aBodyNamingTheOrganisationButSignedByAnotherKeyIsRejected() {
        byte[] body = body(1, t.chainId, KvContract.ID, "put", putArgs());

        assertRejected(ledger.submit(signed(body, SigningKey.generate())), "invalid signature");
    }

    @Test
    void aValidlySignedTransactionFromAnUnregisteredKeyIsRejected() {
        SigningKey stranger = SigningKey.generate();

        assertRejectedBothWays(t.call(stranger, KvContract.ID, "put", CborMap.of(Map.of("key", "x", "value",
                new byte[] {1}))), "signer " + stranger.publicKey().shortId() + " is not a registered member");
    }

    // ---- replays, clocks, addressing ----

    @Test
    void resubmittingACommittedTransactionIsRejectedAsAReplay() {
        assertRejectedBothWays(committed, "replay: nonce " + Long.toUnsignedString(committed.nonce()));
    }

    @Test
    void reusingACommittedNonceWithOtherArgumentsIsRejectedAsAReplay() {
        Transaction sameNonce = t.put("another", new byte[] {2}, committed.nonce(), System.currentTimeMillis());

        assertRejectedBothWays(sameNonce, "was already used");
    }

    @Test
    void aTransactionOlderThanTheNonceWindowIsRejectedAsExpired() {
        Transaction stale = t.put("x", new byte[] {2}, 42, System.currentTimeMillis() - 11 * MINUTE);

        assertRejectedBothWays(stale, "transaction expired");
    }

    @Test
    void aTransactionFromFarInTheFutureIsRejected() {
        Transaction early = t.put("x", new byte[] {2}, 43, System.currentTimeMillis() + 6 * MINUTE);

        assertRejectedBothWays(early, "ahead of the ledger's time");
    }

    @Test
    void aTransactionSignedForAnotherChainIsRejected() {
        Hash otherChain = Hash.sha256("another ledger".getBytes(StandardCharsets.US_ASCII));
        Transaction misaddressed = Transaction.sign(otherChain, KvContract.ID, "put", putArgs(), t.orgKey, 44,
                System.currentTimeMillis());

        assertRejectedBothWays(misaddressed, "not this ledger's chain");
    }

    @Test
    void aTransactionForAnUnknownContractIsRejected() {
        assertRejectedBothWays(t.call(t.orgKey, "nosuch", "put", CborMap.parse(putArgs())),
                "unknown contract 'nosuch'");
    }

    @Test
    void theHandBuiltEncodingIsAcceptedWhenNothingInItIsWrong() {
        byte[] good = signed(body(1, t.chainId, KvContract.ID, "put", putArgs()), t.orgKey);

        assertInstanceOf(Receipt.Committed.class, ledger.submit(good).join());
        snapshot();
    }

    @Test
    void theSameTransactionSubmittedTwiceAtOnceIsCommittedOnce() {
        Transaction tx = t.put("twice", new byte[] {3});

        CompletableFuture<Receipt> first = ledger.submit(tx);
        CompletableFuture<Receipt> second = ledger.submit(tx);

        assertInstanceOf(Receipt.Committed.class, first.join());
        Receipt.Rejected duplicate = assertInstanceOf(Receipt.Rejected.class, second.join());
        assertTrue(duplicate.reason().contains("replay"), duplicate.reason());
        assertEquals(logSizeBefore + 1, ledger.logSize());
        snapshot();
    }

    // ---- helpers ----

    private void snapshot() {
        filesBefore = LedgerCopies.fileSizes(dir);
        logSizeBefore = ledger.logSize();
        heightBefore = ledger.height();
    }

    private void assertRejectedBothWays(Transaction tx, String phrase) {
        assertRejected(ledger.submit(tx), phrase);
        assertRejected(ledger.submit(tx.encoded()), phrase);
    }

    private void assertRejected(CompletableFuture<Receipt> future, String phrase) {
        Receipt receipt = future.join();

        Receipt.Rejected rejected = assertInstanceOf(Receipt.Rejected.class, receipt, receipt::toString);
        assertTrue(rejected.reason().contains(phrase), "expected '" + phrase + "' in: " + rejected.reason());
        assertEquals(logSizeBefore, ledger.logSize());
        assertEquals(heightBefore, ledger.height());
        assertEquals(filesBefore, LedgerCopies.fileSizes(dir));
    }

    private static byte[] putArgs() {
        return CborMap.builder().put("key", "x").put("value", new byte[] {1}).build().encode();
    }

    /** A transaction body laid out as {@link Transaction}'s Javadoc says, with no checks, so it can be wrong. */
    private byte[] body(int version, Hash chainId, String contract, String method, byte[] args) {
        byte[] c = contract.getBytes(StandardCharsets.US_ASCII);
        byte[] m = method.getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(4 + 1 + 32 + 1 + c.length + 1 + m.length + 4 + args.length + 32 + 16);
        b.put("TMTX".getBytes(StandardCharsets.US_ASCII)).put((byte) version).put(chainId.bytes());
        b.put((byte) c.length).put(c).put((byte) m.length).put(m).putInt(args.length).put(args);
        b.put(t.orgKey.publicKey().bytes()).putLong(System.nanoTime()).putLong(System.currentTimeMillis());
        return b.array();
    }

    private static byte[] signed(byte[] body, SigningKey key) {
        byte[] out = Arrays.copyOf(body, body.length + 64);
        System.arraycopy(key.sign(body), 0, out, body.length, 64);
        return out;
    }
}
