package org.trustmall.app.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointVerdict;
import org.trustmall.ledger.cosign.LightClient;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.proof.LedgerJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code trustmall ledger verify-checkpoint}: the light client's rule, offline. A checkpoint is accepted when k
 * distinct trusted organisations signed it and, given the checkpoint trusted before, a consistency proof shows it
 * to extend that one.
 */
@Command(name = "verify-checkpoint", mixinStandardHelpOptions = true,
        description = {"Decide whether to trust a checkpoint (from 'ledger checkpoint' or co-signed by several "
                + "nodes): it needs valid signatures by at least k of the trusted organisations and, when "
                + "--previous names the checkpoint trusted before, a consistency proof from that one to it "
                + "(from 'ledger consistency --json', or a bare {size1, size2, path}).",
                "Exit 0 accepted, 1 refused (the reason is printed)."})
final class VerifyCheckpointCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--checkpoint", required = true, description = "The new checkpoint (JSON).")
    Path checkpoint;
    @Option(names = "--previous", description = "The checkpoint trusted before (JSON); its signatures are checked "
            + "too.")
    Path previous;
    @Option(names = "--consistency", description = "Consistency proof JSON from the previous checkpoint's log size "
            + "to the new one's.")
    Path consistency;
    @Option(names = "--trusted-keys", required = true, description = "The organisations' public keys, obtained out "
            + "of band, with their threshold.")
    Path trustedKeys;
    @Option(names = "--threshold", description = "k: how many distinct trusted organisations must sign (default: "
            + "the trusted-keys file's 'threshold', or all of them).")
    Integer threshold;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (consistency != null && previous == null) {
            throw new Errors.UsageException("option '--consistency' needs '--previous', the checkpoint it runs from");
        }
        TrustedKeys trust = TrustedKeys.read(trustedKeys);
        if (threshold != null) {
            int n = trust.organisations().size();
            if (threshold < 1 || threshold > n) {
                throw new Errors.UsageException("option '--threshold' must be between 1 and " + n + " (the "
                        + "organisations in " + trustedKeys + "), got " + threshold);
            }
            trust = trust.withThreshold(threshold);
        }
        Checkpoint next = LedgerCommand.readJson(checkpoint, LedgerJson::checkpoint);
        Optional<ConsistencyProof> proof = consistency == null ? Optional.empty()
                : Optional.of(LedgerCommand.readJson(consistency, VerifyCheckpointCommand::proof));
        LightClient client = new LightClient(trust, Signatures.fastest());
        CheckpointVerdict verdict = null;
        String refusedBefore = "";
        if (previous != null) {
            verdict = client.offer(LedgerCommand.readJson(previous, LedgerJson::checkpoint), Optional.empty());
            refusedBefore = "the previous checkpoint " + previous + ": ";
        }
        if (verdict == null || verdict.accepted()) {
            verdict = client.offer(next, proof);
            refusedBefore = "";
        }
        print(trust, next, verdict, refusedBefore);
        return verdict.accepted() ? 0 : 1;
    }

    /** A proof as 'ledger consistency --json' prints it (under "proof"), or the bare proof object. */
    private static ConsistencyProof proof(JsonNode o) {
        JsonNode p = o.get("proof");
        if (p == null) {
            return LedgerJson.consistency(o);
        }
        if (!p.isObject()) {
            throw new LedgerJson.InvalidJsonException("proof", "must be an object");
        }
        try {
            return LedgerJson.consistency(p);
        } catch (LedgerJson.InvalidJsonException e) {
            throw new LedgerJson.InvalidJsonException("proof." + e.field(), e.problem());
        }
    }

    private void print(TrustedKeys trust, Checkpoint next, CheckpointVerdict verdict, String refusedBefore) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("accepted", verdict.accepted());
            if (verdict instanceof CheckpointVerdict.Refused r) {
                o.put("reason", r.reason().name().toLowerCase(Locale.ROOT));
                o.put("detail", refusedBefore + r.detail());
            }
            o.put("height", next.height());
            o.put("log_size", next.logSize());
            o.put("block_hash", next.blockHash().hex());
            o.put("threshold", trust.threshold());
            o.put("organisations", trust.organisations().size());
            ArrayNode signers = o.putArray("signed_by");
            next.signatures().forEach(s -> signers.add(s.organisation()));
            o.put("extends_previous", previous != null && verdict.accepted());
            Json.print(out, o);
        } else if (verdict instanceof CheckpointVerdict.Refused r) {
            out.println("REFUSED: " + r.reason().sentence() + ": " + refusedBefore + r.detail());
        } else {
            out.println("ACCEPTED: block " + next.height() + " (" + next.logSize() + " entries, root "
                    + next.root().base64() + "), signed by " + String.join(", ", next.signatures().stream()
                    .map(Checkpoint.Signature::organisation).distinct().toList()) + "; " + trust.threshold()
                    + " of " + trust.organisations().size() + " required"
                    + (previous != null ? "; extends the previous checkpoint" : ""));
        }
    }
}
