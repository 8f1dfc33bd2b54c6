package org.trustmall.ledger.proof;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * The proof bundles the browser's verifier is tested on (web-tests/fixtures, run by {@code node --test
 * web-tests/unit/}) are real ones: a three-organisation ledger's inclusion proofs, each checkpoint co-signed by all
 * three, with the organisations' trusted-keys.json requiring two of them. Run with
 * {@code -Dtrustmall.writeFixtures=true} to write them afresh; otherwise this checks that the committed ones still
 * parse and verify here, so the Java and the JavaScript verifiers are held to the same files.
 */
class BrowserProofFixturesTest {
    static final String TRUSTED_KEYS = "trusted-keys.json";
    private static final int BUNDLES = 5;

    @BeforeAll
    static void writeTheFixturesWhenAsked(@TempDir Path dir) throws IOException {
        if (Boolean.getBoolean("trustmall.writeFixtures")) {
            writeFixtures(fixtures(), dir);
        }
    }

    /** web-tests/fixtures of this repository; Maven runs a module's tests in the module's directory. */
    static Path fixtures() {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.isDirectory(root.resolve("web-tests"))) {
            root = root.getParent();
        }
        if (root == null) {
            throw new IllegalStateException("no web-tests folder above " + Path.of("").toAbsolutePath());
        }
        return root.resolve("web-tests").resolve("fixtures");
    }

    @Test
    void theCommittedBrowserFixturesVerifyAgainstTheirTrustedKeysInJava() throws IOException {
        Path folder = fixtures();
        TrustedKeys trust = TrustedKeys.read(folder.resolve(TRUSTED_KEYS));
        List<Path> bundles = bundleFiles(folder);

        assertEquals(BUNDLES, bundles.size(), "bundles in " + folder);
        assertEquals(2, trust.threshold());
        for (Path file : bundles) {
            ProofBundle bundle = LedgerJson.proof(LedgerJson.parse(Files.readString(file)));

            assertEquals("ok", bundle.verify(trust, Signatures.fastest()).reason(), file.toString());
            assertEquals(3, bundle.checkpoint().signatures().size(), file + " is co-signed by all three");
        }
    }

    @Test
    void aFixtureCheckpointSignedByOnlyOneOrganisationFallsBelowTheThreshold() throws IOException {
        Path folder = fixtures();
        TrustedKeys trust = TrustedKeys.read(folder.resolve(TRUSTED_KEYS));
        ProofBundle bundle = LedgerJson.proof(LedgerJson.parse(Files.readString(bundleFiles(folder).get(0))));
        Checkpoint cp = bundle.checkpoint();
        Checkpoint alone = new Checkpoint(cp.chainId(), cp.header(), cp.signatures().subList(0, 1));

        Check check = new ProofBundle(bundle.transaction(), bundle.inclusion(), alone)
                .verify(trust, Signatures.fastest());

        assertFalse(check.ok());
        assertEquals("checkpoint has 1 valid trusted signature(s), 2 required", check.reason());
    }

    private static List<Path> bundleFiles(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.getFileName().toString().matches("bundle-\\d+\\.json")).sorted().toList();
        }
    }

    /**
     * A ledger of three organisations, written in four blocks by the founder's node; each bundle's checkpoint is
     * then co-signed by the other two over the same (chain id, block hash), as their nodes would.
     */
    private static void writeFixtures(Path folder, Path dir) throws IOException {
        List<SigningKey> keys = List.of(SigningKey.generate(), SigningKey.generate(), SigningKey.generate());
        List<String> names = List.of("acme", "beta", "gamma");
        List<Organisation> orgs = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            orgs.add(new Organisation(names.get(i), keys.get(i).publicKey()));
        }
        Path home = dir.resolve("ledger");
        var chain = Ledger.create(home, orgs, keys.get(0), ChainParameters.DEFAULT, TestLedgers.runtime(),
                LedgerOptions.DEFAULT);
        TestLedgers t = TestLedgers.existing(home, keys.get(0), chain);
        List<ProofBundle> bundles = new ArrayList<>();
        try (Ledger ledger = t.open()) {
            List<Transaction> written = new ArrayList<>();
            List<Checkpoint> kept = new ArrayList<>();
            for (int wave = 0; wave < 4; wave++) {
                List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
                for (int i = 0; i < 3 + wave * 2; i++) {
                    Transaction tx = t.put("fixture/" + wave + "/" + i, new byte[] {(byte) wave, (byte) i});
                    written.add(tx);
                    receipts.add(ledger.submit(tx));
                }
                receipts.forEach(r -> assertInstanceOf(Receipt.Committed.class, r.join()));
                kept.add(ledger.checkpoint());
            }
            Checkpoint newest = kept.get(kept.size() - 1);
            for (int n : new int[] {0, 4, 9, written.size() - 1}) {
                Transaction tx = written.get(n);
                bundles.add(bundle(ledger, tx, newest, keys, names));
            }
            // One bundle against an older checkpoint: a proof for a smaller tree.
            bundles.add(bundle(ledger, written.get(1), kept.get(1), keys, names));
        }
        Files.createDirectories(folder);
        try (Stream<Path> old = Files.list(folder)) {
            for (Path p : old.filter(p -> p.getFileName().toString().startsWith("bundle-")).toList()) {
                Files.delete(p);
            }
        }
        for (int i = 0; i < bundles.size(); i++) {
            Files.writeString(folder.resolve("bundle-" + (i + 1) + ".json"),
                    LedgerJson.pretty(LedgerJson.proof(bundles.get(i))) + "\n");
        }
        new TrustedKeys(Optional.of(chain), orgs, 2).write(folder.resolve(TRUSTED_KEYS));
        assertTrue(Files.exists(folder.resolve(TRUSTED_KEYS)));
    }

    private static ProofBundle bundle(Ledger ledger, Transaction tx, Checkpoint cp, List<SigningKey> keys,
                                      List<String> names) {
        long index = ledger.transaction(tx.id()).orElseThrow().logIndex();
        Checkpoint cosigned = cp.signedBy(names.get(1), keys.get(1)).signedBy(names.get(2), keys.get(2));
        return new ProofBundle(tx, ledger.inclusionProof(index, cp.logSize()), cosigned);
    }
}
