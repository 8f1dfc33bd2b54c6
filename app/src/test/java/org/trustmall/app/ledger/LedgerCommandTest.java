package org.trustmall.app.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.trustmall.app.Cli;
import org.trustmall.app.cli.DataDir;
import org.trustmall.contracts.registry.RegistryContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.ledger.proof.LedgerJson;

/** The ledger commands, run for real on real files. */
class LedgerCommandTest {
    @TempDir
    Path tmp;

    private Path demo(int transactions) {
        return ledgerWith(tmp.resolve("data"), transactions);
    }

    /** A data dir whose ledger holds {@code transactions} registry notarisations (created on first use). */
    static Path ledgerWith(Path data, int transactions) {
        if (!Files.exists(data.resolve("ledger/commits"))) {
            Cli init = Cli.run("ledger", "init", "--dir", data.toString());
            assertEquals(0, init.exit(), init::toString);
        }
        lastTransaction = notarise(data, transactions);
        return data;
    }

    static String lastTransaction;

    private static String notarise(Path data, int count) {
        DataDir dir = DataDir.of(data);
        try (Ledger ledger = LedgerSetup.open(dir, LedgerOptions.DEFAULT)) {
            SigningKey key = dir.keys().organisation().key();
            SecureRandom random = new SecureRandom();
            String id = null;
            List<CompletableFuture<Receipt>> pending = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Transaction tx = Transaction.sign(ledger.chainId(), RegistryContract.ID, "notarise",
                        RegistryContract.notariseArgs("doc/" + random.nextLong(), Hash.sha256(new byte[] {(byte) i}),
                                null), key, random.nextLong(), System.currentTimeMillis());
                pending.add(ledger.submit(tx));
                id = tx.id().hex();
            }
            pending.forEach(f -> assertTrue(f.join() instanceof Receipt.Committed));
            return id;
        }
    }

    @Test
    void initCreatesALedgerAPrivateKeyOnlyTheOwnerCanReadAndTrustedKeys() throws Exception {
        Path data = tmp.resolve("d");
        Cli r = Cli.run("ledger", "init", "--dir", data.toString(), "--org", "acme", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = LedgerJson.parse(r.out());
        assertEquals(64, o.get("chain_id").asText().length());
        Path key = data.resolve("keys/acme.key");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())));
        JsonNode trusted = LedgerJson.parse(Files.readString(data.resolve("trusted-keys.json")));
        assertEquals("acme", trusted.get("organisations").get(0).get("name").asText());
        assertFalse(Files.list(data.resolve("ledger")).anyMatch(p -> p.toString().endsWith(".key")),
                "no private key inside the ledger directory");

        Cli again = Cli.run("ledger", "init", "--dir", data.toString());
        assertEquals(1, again.exit(), again::toString);
        assertTrue(again.err().contains("already holds a ledger"), again::toString);
    }

    @Test
    void verifyReportsIntactAgainstTrustedKeysAndNamesTheDamageAfterAByteFlip() throws Exception {
        Path data = demo(120);
        Cli ok = Cli.run("ledger", "verify", "--dir", data.toString(), "--trusted-keys",
                data.resolve("trusted-keys.json").toString(), "--json");
        assertEquals(0, ok.exit(), ok::toString);
        JsonNode report = LedgerJson.parse(ok.out());
        assertEquals("intact", report.get("status").asText());
        assertEquals("trusted", report.get("keys").asText());
        assertEquals(121, report.get("transactions").asLong());

        Cli internal = Cli.run("ledger", "verify", "--dir", data.toString());
        assertEquals(0, internal.exit(), internal::toString);
        assertTrue(internal.out().contains("only internal consistency"), internal::toString);

        Path segment = Files.list(data.resolve("ledger/segments")).sorted().findFirst().orElseThrow();
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 500);
            b.put(0, (byte) (b.get(0) ^ 0x40));
            b.rewind();
            ch.write(b, 500);
        }
        Cli bad = Cli.run("ledger", "verify", "--dir", data.toString(), "--trusted-keys",
                data.resolve("trusted-keys.json").toString());
        assertEquals(1, bad.exit(), bad::toString);
        assertTrue(bad.out().contains("CORRUPT") && bad.out().contains("checksum")
                && bad.out().contains(segment.getFileName().toString()), bad::toString);
    }

    @Test
    void aProofFromTheLedgerVerifiesOfflineAndATamperedOneDoesNot() throws Exception {
        Path data = demo(60);
        Path trusted = data.resolve("trusted-keys.json");
        Cli cp = Cli.run("ledger", "checkpoint", "--dir", data.toString());
        assertEquals(0, cp.exit(), cp::toString);
        String txId = lastTransaction;

        Cli proof = Cli.run("ledger", "proof", "--dir", data.toString(), "--tx", txId);
        assertEquals(0, proof.exit(), proof::toString);
        Path file = tmp.resolve("proof.json");
        Files.writeString(file, proof.out());
        Cli valid = Cli.run("ledger", "verify-proof", "--proof", file.toString(), "--trusted-keys",
                trusted.toString(), "--json");
        assertEquals(0, valid.exit(), valid::toString);
        assertTrue(LedgerJson.parse(valid.out()).get("valid").asBoolean());

        ObjectNode tampered = (ObjectNode) LedgerJson.parse(proof.out());
        ArrayNode path = (ArrayNode) tampered.get("path");
        String first = path.get(0).asText();
        path.set(0, path.textNode((first.charAt(0) == 'A' ? "B" : "A") + first.substring(1)));
        Files.writeString(file, LedgerJson.pretty(tampered));
        Cli invalid = Cli.run("ledger", "verify-proof", "--proof", file.toString(), "--trusted-keys",
                trusted.toString());
        assertEquals(1, invalid.exit(), invalid::toString);
        assertTrue(invalid.out().startsWith("INVALID"), invalid::toString);

        Path other = tmp.resolve("other");
        assertEquals(0, Cli.run("ledger", "init", "--dir", other.toString()).exit());
        Files.writeString(file, proof.out());
        Cli foreign = Cli.run("ledger", "verify-proof", "--proof", file.toString(), "--trusted-keys",
                other.resolve("trusted-keys.json").toString());
        assertEquals(1, foreign.exit(), foreign::toString);
        assertTrue(foreign.out().contains("INVALID"), foreign::toString);
    }

    @Test
    void badInputGivesAClearErrorNamingWhatIsWrongAndNoStackTrace() throws Exception {
        Path data = demo(5);
        Cli badId = Cli.run("ledger", "proof", "--dir", data.toString(), "--tx", "xyz");
        assertEquals(2, badId.exit(), badId::toString);
        assertTrue(badId.err().contains("'--tx'"), badId::toString);

        Cli missing = Cli.run("ledger", "proof", "--dir", data.toString(), "--tx", "0".repeat(64));
        assertEquals(1, missing.exit(), missing::toString);
        assertTrue(missing.err().contains("no transaction"), missing::toString);

        Path junk = tmp.resolve("junk.json");
        Files.writeString(junk, "{\"format\": \"trustmall-inclusion-proof/1\", \"transaction\": {}}");
        Cli badProof = Cli.run("ledger", "verify-proof", "--proof", junk.toString(), "--trusted-keys",
                data.resolve("trusted-keys.json").toString());
        assertEquals(1, badProof.exit(), badProof::toString);
        assertTrue(badProof.err().contains(junk.toString()) && badProof.err().contains("transaction.encoded")
                || badProof.err().contains("'encoded'"), badProof::toString);

        Cli noLedger = Cli.run("ledger", "verify", "--dir", tmp.resolve("nothing").toString());
        assertEquals(1, noLedger.exit(), noLedger::toString);
        assertTrue(noLedger.err().contains("no ledger in"), noLedger::toString);

        for (Cli r : new Cli[] {badId, missing, badProof, noLedger}) {
            assertFalse(r.err().contains("\tat "), r::toString);
        }
    }

    @Test
    void consistencyProvesTheLedgerExtendsAnEarlierCheckpoint() throws Exception {
        Path data = demo(20);
        Cli cp = Cli.run("ledger", "checkpoint", "--dir", data.toString());
        Path saved = tmp.resolve("cp.json");
        Files.writeString(saved, cp.out());
        demo(30);
        Cli r = Cli.run("ledger", "consistency", "--dir", data.toString(), "--from", saved.toString(),
                "--trusted-keys", data.resolve("trusted-keys.json").toString(), "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = LedgerJson.parse(r.out());
        assertTrue(o.get("consistent").asBoolean());
        assertEquals(21, o.get("from").get("log_size").asLong());
        assertEquals(51, o.get("to").get("log_size").asLong());

        // A checkpoint from another chain is never consistent with this one.
        Path other = ledgerWith(tmp.resolve("other"), 3);
        Files.writeString(saved, Cli.run("ledger", "checkpoint", "--dir", other.toString()).out());
        Cli foreign = Cli.run("ledger", "consistency", "--dir", data.toString(), "--from", saved.toString());
        assertEquals(1, foreign.exit(), foreign::toString);
        assertTrue(foreign.out().contains("INCONSISTENT"), foreign::toString);
    }

    @Test
    void benchPrintsEveryFigureAsJson() {
        Cli r = Cli.run("ledger", "bench", "--dir", tmp.resolve("bench").toString(), "--txs", "600",
                "--threads", "2", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = LedgerJson.parse(r.out());
        for (String field : new String[] {"committed_tps", "raw_verify_per_s", "ratio", "p99_commit_ms",
            "inclusion_proof_bytes", "inclusion_verify_us", "checkpoint_verify_us", "consistency_verify_us"}) {
            assertTrue(o.has(field), "missing " + field + " in " + r.out());
            assertTrue(o.get(field).asDouble() > 0, field + " should be positive: " + r.out());
        }
        assertEquals(600, o.get("transactions").asInt());
        assertTrue(o.get("inclusion_proof_bytes").asInt() <= o.get("inclusion_proof_bound_bytes").asInt(),
                r::toString);
        assertEquals("bouncycastle", o.get("verifier").asText());
    }

}
