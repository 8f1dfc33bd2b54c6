package org.trustmall.app.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Check;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall ledger …}: create, benchmark, verify and prove the ledger, and run a consortium node. */
@Command(name = "ledger", mixinStandardHelpOptions = true,
        description = "Create, benchmark and verify the ledger, and produce or check proofs.",
        subcommands = {LedgerCommand.Init.class, LedgerBenchCommand.class, LedgerCommand.Verify.class,
                LedgerCommand.Proof.class, LedgerCommand.VerifyProof.class, LedgerCommand.CheckpointCmd.class,
                LedgerCommand.Consistency.class, VerifyCheckpointCommand.class, LedgerClusterInitCommand.class,
                LedgerNodeCommand.class, LedgerChaosCommand.class})
public final class LedgerCommand implements Runnable {
    /** Exit code of {@code verify} when only an unacknowledged torn tail follows intact data. */
    public static final int EXIT_TORN_TAIL = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create a new ledger: the genesis block and the organisation's key.")
    static final class Init implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Data directory (the ledger goes to DIR/ledger, "
                + "the private key to DIR/keys).")
        Path dir;
        @Option(names = "--org", defaultValue = LedgerSetup.DEFAULT_ORGANISATION,
                description = "Name of the founding organisation (default: ${DEFAULT-VALUE}).")
        String org;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            DataDir data = DataDir.of(dir);
            Hash chain = LedgerSetup.init(data, org);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("chain_id", chain.hex());
                o.put("organisation", org);
                o.put("ledger", data.ledger().toString());
                o.put("private_key", data.keys().dir().resolve(org + ".key").toString());
                o.put("trusted_keys", data.trustedKeys().toString());
                Json.print(out, o);
            } else {
                out.println("created ledger " + chain.hex());
                out.println("  ledger files:   " + data.ledger());
                out.println("  organisation:   " + org + " (private key " + data.keys().dir().resolve(org + ".key")
                        + ", mode 0600)");
                out.println("  trusted keys:   " + data.trustedKeys() + "  <- give this to verifiers");
            }
            return 0;
        }
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Recompute everything from the ledger files and the organisations' public keys: "
                    + "checksums, hash links, seals, signatures, Merkle roots and state roots.",
                    "Exit codes: 0 intact; 1 damaged or forged; 3 intact but with an unacknowledged torn tail "
                            + "(nothing acknowledged is lost; opening the ledger cuts it)."})
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Data directory (or the ledger directory itself).")
        Path dir;
        @Option(names = "--trusted-keys", description = "The organisations' public keys, obtained out of band. "
                + "Without it only internal consistency is checked.")
        Path trustedKeys;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Path ledgerDir = ledgerDir(dir);
            Optional<TrustedKeys> trust = Optional.ofNullable(trustedKeys).map(TrustedKeys::read);
            VerificationReport r = new LedgerVerifier(Contracts.runtime(), Signatures.fastest())
                    .verify(ledgerDir, trust);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("ledger", ledgerDir.toString());
                o.put("status", r.status().name().toLowerCase(java.util.Locale.ROOT));
                o.put("blocks", r.blocks());
                o.put("transactions", r.transactions());
                o.put("keys", r.keysExternal() ? "trusted" : "internal");
                r.head().ifPresent(h -> o.set("head", LedgerJson.checkpoint(h)));
                r.problem().ifPresent(p -> o.putObject("problem").put("kind", p.kind())
                        .put("location", p.location()).put("detail", p.detail()));
                ArrayNode notes = o.putArray("notes");
                r.notes().forEach(notes::add);
                Json.print(out, o);
            } else {
                out.println(ledgerDir + ": " + r.status() + " — " + r.blocks() + " acknowledged blocks, "
                        + r.transactions() + " transactions verified");
                r.head().ifPresent(h -> out.println("  head: height " + h.height() + ", log size " + h.logSize()
                        + ", root " + h.root().hex() + ", block " + h.blockHash().hex()));
                r.problem().ifPresent(p -> out.println("  FIRST PROBLEM: " + p.describe()));
                out.println(r.keysExternal() ? "  seals checked against the trusted keys in " + trustedKeys
                        : "  note: " + r.notes().get(0));
                r.notes().stream().skip(r.keysExternal() ? 0 : 1).forEach(n -> out.println("  note: " + n));
            }
            return switch (r.status()) {
                case INTACT -> 0;
                case TORN_TAIL -> EXIT_TORN_TAIL;
                case CORRUPT -> 1;
            };
        }
    }

    @Command(name = "proof", mixinStandardHelpOptions = true,
            description = "Print a transaction's inclusion proof and the signed checkpoint it verifies against, "
                    + "as JSON (check it offline with 'ledger verify-proof').")
    static final class Proof implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Data directory.")
        Path dir;
        @Option(names = "--tx", required = true, description = "Transaction id (64 hex digits).")
        String tx;

        @Override
        public Integer call() {
            Hash id = parseId(tx, "--tx");
            try (Ledger ledger = LedgerSetup.openReadOnly(DataDir.of(dir))) {
                ProofBundle bundle = ledger.proof(id).orElseThrow(() -> new LedgerException("no transaction " + tx
                        + " in the ledger at " + dir));
                Json.print(spec.commandLine().getOut(), LedgerJson.proof(bundle));
            }
            return 0;
        }
    }

    @Command(name = "verify-proof", mixinStandardHelpOptions = true,
            description = "Check a proof from 'ledger proof' offline: the transaction's leaf, the hash path, the "
                    + "root and the checkpoint's signatures against trusted keys. Exit 0 valid, 1 invalid.")
    static final class VerifyProof implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--proof", required = true, description = "Proof JSON file.")
        Path proof;
        @Option(names = "--trusted-keys", required = true, description = "The organisations' public keys.")
        Path trustedKeys;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            ProofBundle bundle = readJson(proof, LedgerJson::proof);
            TrustedKeys trust = TrustedKeys.read(trustedKeys);
            Check check = bundle.verify(trust, Signatures.fastest());
            PrintWriter out = spec.commandLine().getOut();
            Checkpoint cp = bundle.checkpoint();
            if (json) {
                ObjectNode o = Json.object();
                o.put("valid", check.ok());
                if (!check.ok()) {
                    o.put("reason", check.reason());
                }
                o.put("transaction", bundle.transaction().id().hex());
                o.put("leaf_index", bundle.inclusion().leafIndex());
                o.put("tree_size", bundle.inclusion().treeSize());
                o.put("proof_bytes", bundle.inclusion().sizeBytes());
                o.put("checkpoint_height", cp.height());
                ArrayNode signers = o.putArray("signed_by");
                cp.signatures().forEach(s -> signers.add(s.organisation()));
                Json.print(out, o);
            } else if (check.ok()) {
                out.println("VALID: transaction " + bundle.transaction().id().hex() + " ("
                        + bundle.transaction().contract() + "." + bundle.transaction().method() + ") is entry "
                        + bundle.inclusion().leafIndex() + " of the log of " + cp.logSize()
                        + " entries at block " + cp.height() + ", checkpoint signed by "
                        + String.join(", ", cp.signatures().stream().map(Checkpoint.Signature::organisation).toList()));
            } else {
                out.println("INVALID: " + check.reason());
            }
            return check.ok() ? 0 : 1;
        }
    }

    @Command(name = "checkpoint", mixinStandardHelpOptions = true,
            description = "Print the latest signed checkpoint as JSON; keep it to check consistency later.")
    static final class CheckpointCmd implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Data directory.")
        Path dir;

        @Override
        public Integer call() {
            try (Ledger ledger = LedgerSetup.openReadOnly(DataDir.of(dir))) {
                Json.print(spec.commandLine().getOut(), LedgerJson.checkpoint(ledger.checkpoint()));
            }
            return 0;
        }
    }

    @Command(name = "consistency", mixinStandardHelpOptions = true,
            description = "Prove that the ledger's current history extends a checkpoint kept earlier (nothing "
                    + "rewritten or removed). Exit 0 consistent, 1 not.")
    static final class Consistency implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--dir", required = true, description = "Data directory.")
        Path dir;
        @Option(names = "--from", required = true, description = "A checkpoint JSON file kept earlier.")
        Path from;
        @Option(names = "--trusted-keys", description = "Check the old checkpoint's signatures too.")
        Path trustedKeys;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            Checkpoint old = readJson(from, LedgerJson::checkpoint);
            Check check = Check.passed();
            ObjectNode o = Json.object();
            try (Ledger ledger = LedgerSetup.openReadOnly(DataDir.of(dir))) {
                Checkpoint now = ledger.checkpoint();
                o.set("from", LedgerJson.checkpoint(old));
                o.set("to", LedgerJson.checkpoint(now));
                if (trustedKeys != null) {
                    check = old.verify(TrustedKeys.read(trustedKeys), Signatures.fastest());
                }
                if (check.ok() && !old.chainId().equals(now.chainId())) {
                    check = Check.failed("the checkpoint is for another chain");
                }
                if (check.ok() && old.logSize() > now.logSize()) {
                    check = Check.failed("the ledger now has " + now.logSize() + " entries, fewer than the "
                            + old.logSize() + " of the checkpoint: history was cut");
                }
                if (check.ok()) {
                    ConsistencyProof proof = ledger.consistencyProof(old.logSize(), now.logSize());
                    o.set("proof", LedgerJson.consistency(proof));
                    check = proof.verify(old.root(), now.root());
                }
            }
            o.put("consistent", check.ok());
            if (!check.ok()) {
                o.put("reason", check.reason());
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                Json.print(out, o);
            } else {
                JsonNode to = o.get("to");
                out.println(check.ok() ? "CONSISTENT: the log of " + old.logSize() + " entries at height "
                        + old.height() + " is a prefix of the current log of " + to.get("log_size").asLong()
                        + " entries" : "INCONSISTENT: " + check.reason());
            }
            return check.ok() ? 0 : 1;
        }
    }

    /** Reads and parses a JSON file; every error names the file (and the field, for malformed content). */
    static <T> T readJson(Path file, java.util.function.Function<JsonNode, T> parser) {
        try {
            return parser.apply(LedgerJson.parse(Files.readString(file)));
        } catch (IOException e) {
            throw new LedgerException(file + ": cannot read: " + e.getMessage());
        } catch (LedgerJson.InvalidJsonException e) {
            throw new LedgerException(file + ": " + e.getMessage());
        }
    }

    /** Accepts either a data directory (holding ledger/) or the ledger directory itself. */
    static Path ledgerDir(Path dir) {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.isDirectory(d.resolve("ledger"))) {
            return d.resolve("ledger");
        }
        if (Files.exists(d.resolve("commits")) || Files.isDirectory(d.resolve("segments"))) {
            return d;
        }
        throw new LedgerException("no ledger in " + d);
    }

    static Hash parseId(String hex, String option) {
        if (hex == null || !hex.matches("[0-9a-fA-F]{64}")) {
            throw new Errors.UsageException("option '" + option + "' must be a transaction id of 64 hex digits");
        }
        return Hash.fromHex(hex.toLowerCase(java.util.Locale.ROOT));
    }
}
