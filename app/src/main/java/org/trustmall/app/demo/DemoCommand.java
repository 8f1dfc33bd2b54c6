package org.trustmall.app.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.ledger.LedgerSetup;
import org.trustmall.contracts.registry.RegistryContract;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.ledger.tx.Transaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trustmall demo}: the one-command tour. Until the storefront exists it shows the ledger every later feature
 * rests on: it creates a ledger in the data directory (or reuses it), notarises a few hundred documents through the
 * {@code registry} contract — policies and product terms, some in several versions — and prints a signed checkpoint
 * and one inclusion proof, which it verifies against the organisation's published keys.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run the platform on embedded defaults: create (or reuse) a ledger in the data directory, "
                + "commit signed transactions through the registry contract, print a signed checkpoint and an "
                + "inclusion proof, and verify it.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--data-dir", defaultValue = "${env:TRUSTMALL_DATA_DIR:-data}",
            description = "Data directory (default: $TRUSTMALL_DATA_DIR or ./data).")
    Path dataDir;
    @Option(names = "--reset", description = "Delete the data directory first and start over.")
    boolean reset;
    @Option(names = "--transactions", defaultValue = "300",
            description = "Documents to notarise in this run (default: ${DEFAULT-VALUE}).")
    int transactions;

    @Override
    public Integer call() {
        if (transactions < 1 || transactions > 1_000_000) {
            throw new Errors.UsageException("option '--transactions' must be between 1 and 1000000");
        }
        PrintWriter out = spec.commandLine().getOut();
        DataDir data = DataDir.of(dataDir);
        if (reset) {
            deleteTree(data.root());
        }
        if (!data.hasLedger()) {
            Hash chain = LedgerSetup.init(data, LedgerSetup.DEFAULT_ORGANISATION);
            out.println("created a new ledger " + chain.hex().substring(0, 16) + "… in " + data.ledger());
        } else {
            out.println("reusing the ledger in " + data.ledger());
        }
        Transaction sample;
        try (Ledger ledger = LedgerSetup.open(data, LedgerOptions.DEFAULT)) {
            sample = notarise(ledger, data.keys(), transactions,
                    new Progress(spec.commandLine().getErr(), Progress.terminal()), out);
            out.println();
            out.println("signed checkpoint (keep it: 'trustmall ledger consistency --from' proves later history "
                    + "extends it):");
            out.println(LedgerJson.pretty(LedgerJson.checkpoint(ledger.checkpoint())));
            ProofBundle proof = ledger.proof(sample.id())
                    .orElseThrow(() -> new LedgerException("the sample transaction is missing"));
            out.println();
            out.println("inclusion proof for transaction " + sample.id().hex() + ":");
            out.println(LedgerJson.pretty(LedgerJson.proof(proof)));
            TrustedKeys trust = TrustedKeys.read(data.trustedKeys());
            Check check = proof.verify(trust, Signatures.fastest());
            out.println();
            if (!check.ok()) {
                throw new LedgerException("the demo's own proof did not verify: " + check.reason());
            }
            out.println("verified: entry " + proof.inclusion().leafIndex() + " is in the log of "
                    + proof.checkpoint().logSize() + " entries (" + proof.inclusion().path().size()
                    + " hashes, " + proof.inclusion().sizeBytes() + " bytes), checkpoint signed by "
                    + proof.checkpoint().signatures().get(0).organisation() + " — checked against "
                    + data.trustedKeys());
        }
        out.println();
        out.println("try next:");
        out.println("  ./trustmall ledger verify --dir " + data.root() + " --trusted-keys " + data.trustedKeys());
        out.println("  ./trustmall ledger proof --dir " + data.root() + " --tx " + sample.id().hex()
                + " > proof.json");
        out.println("  ./trustmall ledger verify-proof --proof proof.json --trusted-keys " + data.trustedKeys());
        out.println("(the storefront and its URL arrive with the commerce and web issues)");
        return 0;
    }

    /** Notarises demo documents; a tenth of them get a second version, showing the history the registry keeps. */
    private static Transaction notarise(Ledger ledger, KeyDirectory keys, int count, Progress progress,
                                        PrintWriter out) {
        KeyDirectory.OrganisationKey org = keys.organisation();
        SecureRandom random = new SecureRandom();
        String[] kinds = {"policy/returns", "policy/privacy", "policy/shipping", "terms/product", "terms/merchant"};
        List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        List<Transaction> sent = new ArrayList<>();
        progress.begin("notarising", count);
        long run = ledger.logSize();
        for (int i = 0; i < count; i++) {
            boolean update = i >= 10 && i % 10 == 0;
            int docNo = update ? i - 10 : i;
            String name = kinds[docNo % kinds.length] + "/" + run + "-" + docNo;
            String text = "TrustMall " + name + (update ? " (revised)" : "") + ": the terms as published.";
            Hash hash = Hash.sha256(text.getBytes(StandardCharsets.UTF_8));
            Transaction tx = Transaction.sign(ledger.chainId(), RegistryContract.ID, "notarise",
                    RegistryContract.notariseArgs(name, hash, update ? "revised" : "first publication"), org.key(),
                    random.nextLong(), System.currentTimeMillis());
            sent.add(tx);
            // Updates must follow their first version, so wait for it before sending one.
            if (update) {
                pending.forEach(CompletableFuture::join);
            }
            pending.add(ledger.submit(tx));
            progress.update(i + 1);
        }
        int failed = 0;
        for (CompletableFuture<Receipt> f : pending) {
            Receipt r = f.join();
            if (!(r instanceof Receipt.Committed c) || !c.result().ok()) {
                failed++;
            }
        }
        progress.end();
        if (failed > 0) {
            throw new LedgerException(failed + " demo transactions were not committed");
        }
        out.println("committed " + count + " signed registry transactions; ledger height " + ledger.height()
                + ", log size " + ledger.logSize());
        return sent.get(sent.size() / 2);
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + root, e);
        }
    }
}
