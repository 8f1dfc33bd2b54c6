package org.trustmall.ledger.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.merkle.MerkleHashes;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * What a client holds and checks offline: signed checkpoints (against the keys it trusts, with a threshold),
 * consistency proofs from the checkpoints it kept to the newest one, and inclusion-proof bundles as JSON — which
 * survive a round trip, fail with a readable reason when altered, and name the field when malformed.
 */
class CheckpointAndProofTest {
    @TempDir
    static Path dir;

    private static TestLedgers t;
    private static Ledger ledger;
    private static final List<Checkpoint> kept = new ArrayList<>();
    private static final List<Transaction> written = new ArrayList<>();

    @BeforeAll
    static void writeSixWavesKeepingACheckpointAfterEach() {
        t = TestLedgers.create(dir);
        ledger = t.open();
        kept.add(ledger.checkpoint());
        for (int wave = 0; wave < 6; wave++) {
            List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                Transaction tx = t.put("w" + wave + "/" + i, new byte[] {(byte) wave, (byte) i});
                written.add(tx);
                receipts.add(ledger.submit(tx));
            }
            receipts.forEach(r -> assertInstanceOf(Receipt.Committed.class, r.join()));
            kept.add(ledger.checkpoint());
        }
    }

    @AfterAll
    static void close() {
        ledger.close();
    }

    // ---- checkpoints ----

    @Test
    void theCheckpointVerifiesAgainstTheOrganisationsTrustedKey() {
        Checkpoint cp = ledger.checkpoint();

        assertEquals("ok", cp.verify(t.trustedKeys(), Signatures.fastest()).reason());
        assertEquals(ledger.logSize(), cp.logSize());
        assertEquals(ledger.height(), cp.height());
        assertEquals(ledger.block(ledger.height()).hash(), cp.blockHash());
    }

    @Test
    void aCheckpointFailsAgainstAnotherOrganisationKey() {
        SigningKey impostor = SigningKey.generate();
        TrustedKeys wrongKey = TrustedKeys.all(t.chainId, List.of(new Organisation("acme", impostor.publicKey())));

        Check check = ledger.checkpoint().verify(wrongKey, Signatures.fastest());

        assertFalse(check.ok());
        assertTrue(check.reason().contains("signature by untrusted key " + t.org.key().shortId()), check.reason());
    }

    @Test
    void aCheckpointForAnotherChainFails() {
        Hash otherChain = Hash.sha256(new byte[] {1});

        Check check = ledger.checkpoint().verify(TrustedKeys.all(otherChain, List.of(t.org)), Signatures.fastest());

        assertTrue(check.reason().contains("not the trusted chain " + otherChain.hex()), check.reason());
    }

    @Test
    void aThresholdOfTwoIsMetOnlyOnceASecondTrustedOrganisationSigns() {
        SigningKey betaKey = SigningKey.generate();
        TrustedKeys twoOfTwo = new TrustedKeys(Optional.of(t.chainId),
                List.of(t.org, new Organisation("beta", betaKey.publicKey())), 2);
        Checkpoint cp = ledger.checkpoint();

        Check alone = cp.verify(twoOfTwo, Signatures.fastest());
        Check twiceBySameOrganisation = cp.signedBy("acme", t.orgKey).verify(twoOfTwo, Signatures.fastest());
        Check withBeta = cp.signedBy("beta", betaKey).verify(twoOfTwo, Signatures.fastest());

        assertEquals("checkpoint has 1 valid trusted signature(s), 2 required", alone.reason());
        assertFalse(twiceBySameOrganisation.ok(), "one organisation signing twice is still one");
        assertEquals("ok", withBeta.reason());
    }

    // ---- consistency ----

    @Test
    void everyKeptCheckpointIsConsistentWithTheNewest() {
        Checkpoint newest = ledger.checkpoint();
        for (Checkpoint old : kept) {
            ConsistencyProof proof = ledger.consistencyProof(old.logSize(), newest.logSize());
            ConsistencyProof throughJson = LedgerJson.consistency(LedgerJson.parse(
                    LedgerJson.pretty(LedgerJson.consistency(proof))));

            assertEquals("ok", proof.verify(old.root(), newest.root()).reason(), "from size " + old.logSize());
            assertEquals("ok", throughJson.verify(old.root(), newest.root()).reason(), "from size " + old.logSize());
        }
    }

    @Test
    void aConsistencyProofDoesNotVouchForAHistoryThatWasNotThere() {
        Checkpoint newest = ledger.checkpoint();
        Checkpoint old = kept.get(2);
        Hash forgedRoot = kept.get(3).root();

        Check check = ledger.consistencyProof(old.logSize(), newest.logSize()).verify(forgedRoot, newest.root());

        assertFalse(check.ok(), "a root that was never the log's at that size must not verify");
    }

    @Test
    void anInclusionProofAgainstAnOlderCheckpointVerifiesToo() {
        Checkpoint old = kept.get(3);
        Transaction tx = written.get(5);
        long index = ledger.transaction(tx.id()).orElseThrow().logIndex();

        Check check = ledger.inclusionProof(index, old.logSize()).verify(MerkleHashes.leafHash(tx.encoded()),
                old.root());

        assertEquals("ok", check.reason());
    }

    // ---- proof bundles as JSON ----

    @Test
    void aProofBundleSurvivesAJsonRoundTripAndStillVerifies() {
        Transaction tx = written.get(17);
        ProofBundle bundle = ledger.proof(tx.id()).orElseThrow();

        ProofBundle back = LedgerJson.proof(LedgerJson.parse(LedgerJson.pretty(LedgerJson.proof(bundle))));

        assertEquals("ok", back.verify(t.trustedKeys(), Signatures.fastest()).reason());
        assertEquals(tx, back.transaction());
        assertEquals(bundle.inclusion(), back.inclusion());
        assertEquals(bundle.checkpoint().header(), back.checkpoint().header());
    }

    @Test
    void aTamperedProofBundleFailsWithAReadableReason() {
        Transaction other = written.get(40);
        assertFailsVerification(o -> ((ArrayNode) o.get("path")).set(0, Hash.sha256(new byte[] {9}).base64()),
                "inclusion proof does not lead to the checkpoint's root");
        assertFailsVerification(o -> o.put("leaf_index", o.get("leaf_index").asLong() + 1),
                "inclusion proof does not lead to the checkpoint's root");
        assertFailsVerification(o -> transaction(o).put("encoded", b64(other.encoded())).put("id", other.id().hex()),
                "inclusion proof does not lead to the checkpoint's root");
        assertFailsVerification(o -> o.put("tree_size", o.get("tree_size").asLong() - 1),
                "the proof is for a tree of");
        assertFailsVerification(o -> {
            ObjectNode cp = checkpoint(o);
            byte[] header = Base64.getDecoder().decode(cp.get("header").asText());
            header[1 + 8 + 32 + 8 + 4 + 32] ^= 1; // the state root, which no other field repeats
            cp.put("header", b64(header));
            cp.remove("block_hash");
        }, "checkpoint has 0 valid trusted signature(s), 1 required (invalid signature by acme)");
    }

    @Test
    void aTamperedFieldThatRepeatsAnotherIsRefusedWhenParsed() {
        Transaction other = written.get(40);
        assertInvalid(o -> transaction(o).put("encoded", b64(other.encoded())), "transaction.id",
                "does not match the encoded transaction");
        assertInvalid(o -> checkpoint(o).put("log_size", 3), "checkpoint.log_size", "does not match the signed header");
        assertInvalid(o -> {
            ObjectNode cp = checkpoint(o);
            byte[] header = Base64.getDecoder().decode(cp.get("header").asText());
            header[1 + 8 + 32 + 8 + 4 + 32] ^= 1;
            cp.put("header", b64(header));
        }, "checkpoint.block_hash", "does not match the signed header");
    }

    @Test
    void malformedJsonNamesTheFieldThatIsMissingOrIllTyped() {
        assertInvalid(o -> o.remove("leaf_index"), "leaf_index", "is missing");
        assertInvalid(o -> o.put("tree_size", "ten"), "tree_size", "must be an integer");
        assertInvalid(o -> o.put("leaf_index", 1.5), "leaf_index", "must be an integer");
        assertInvalid(o -> o.putObject("path"), "path", "must be an array");
        assertInvalid(o -> ((ArrayNode) o.get("path")).set(1, "not base64!"), "path[1]",
                "must be a base64 SHA-256 hash");
        assertInvalid(o -> o.put("format", "something-else/1"), "format", "must be");
        assertInvalid(o -> o.remove("transaction"), "transaction", "is missing");
        assertInvalid(o -> transaction(o).remove("encoded"), "transaction.encoded", "is missing");
        assertInvalid(o -> transaction(o).put("encoded", 12), "transaction.encoded", "must be a string");
        assertInvalid(o -> transaction(o).put("encoded", b64(new byte[] {'T', 'M', 'T', 'X', 1})),
                "transaction.encoded", "truncated at chain id");
        assertInvalid(o -> o.remove("checkpoint"), "checkpoint", "is missing");
        assertInvalid(o -> checkpoint(o).remove("chain_id"), "checkpoint.chain_id", "is missing");
        assertInvalid(o -> checkpoint(o).put("chain_id", "xyz"), "checkpoint.chain_id", "must be 64 hex digits");
        assertInvalid(o -> checkpoint(o).put("header", b64(new byte[10])), "checkpoint.header", "must be 157 bytes");
        assertInvalid(o -> checkpoint(o).put("root", "AAAA"), "checkpoint.root", "must be a base64 SHA-256 hash");
        assertInvalid(o -> checkpoint(o).remove("signatures"), "checkpoint.signatures", "is missing");
        assertInvalid(o -> signature(o).put("signature", "%%%"), "checkpoint.signatures[0].signature",
                "must be base64");
        assertInvalid(o -> signature(o).put("signature", b64(new byte[10])), "checkpoint.signatures[0].signature",
                "must be 64 bytes");
        assertInvalid(o -> signature(o).put("public_key", "00"), "checkpoint.signatures[0].public_key",
                "must be 64 hex digits");
        assertInvalid(o -> signature(o).remove("organisation"), "checkpoint.signatures[0].organisation",
                "is missing");
        LedgerJson.InvalidJsonException notJson = assertThrows(LedgerJson.InvalidJsonException.class,
                () -> LedgerJson.parse("{\"format\": "));
        assertEquals("(document)", notJson.field());
    }

    // ---- helpers ----

    private static ObjectNode bundleJson() {
        ProofBundle bundle = ledger.proof(written.get(17).id()).orElseThrow();
        return (ObjectNode) LedgerJson.parse(LedgerJson.pretty(LedgerJson.proof(bundle)));
    }

    private static void assertFailsVerification(Consumer<ObjectNode> tamper, String reason) {
        ObjectNode o = bundleJson();
        tamper.accept(o);

        Check check = LedgerJson.proof(reparse(o)).verify(t.trustedKeys(), Signatures.fastest());

        assertFalse(check.ok(), "tampered: " + o);
        assertTrue(check.reason().contains(reason), "expected '" + reason + "' in: " + check.reason());
    }

    private static void assertInvalid(Consumer<ObjectNode> damage, String field, String problem) {
        ObjectNode o = bundleJson();
        damage.accept(o);

        LedgerJson.InvalidJsonException e = assertThrows(LedgerJson.InvalidJsonException.class,
                () -> LedgerJson.proof(reparse(o)), () -> "accepted: " + o);

        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("field '" + field + "' ") && e.getMessage().contains(problem),
                e.getMessage());
    }

    private static JsonNode reparse(ObjectNode o) {
        return LedgerJson.parse(o.toString());
    }

    private static ObjectNode transaction(ObjectNode o) {
        return (ObjectNode) o.get("transaction");
    }

    private static ObjectNode checkpoint(ObjectNode o) {
        return (ObjectNode) o.get("checkpoint");
    }

    private static ObjectNode signature(ObjectNode o) {
        return (ObjectNode) checkpoint(o).get("signatures").get(0);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
