package org.trustmall.app.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.proof.LedgerJson;

/**
 * {@code ledger verify-checkpoint} on real files from the real commands: a later checkpoint is accepted with a
 * consistency proof from the earlier one and refused without it, with a proof that does not fit, or going backwards;
 * with three organisations and k = 2, one seal is refused and a second organisation's makes it accepted.
 */
class VerifyCheckpointCommandTest {
    @TempDir
    Path tmp;

    private Path data;
    private Path trusted;

    private Path write(String name, String content) throws Exception {
        Path f = tmp.resolve(name);
        Files.writeString(f, content);
        return f;
    }

    private Path checkpointNow(String name) throws Exception {
        Cli cp = Cli.run("ledger", "checkpoint", "--dir", data.toString());
        assertEquals(0, cp.exit(), cp::toString);
        return write(name, cp.out());
    }

    private Cli verify(String... args) {
        List<String> all = new ArrayList<>(List.of("ledger", "verify-checkpoint"));
        all.addAll(List.of(args));
        return Cli.run(all.toArray(String[]::new));
    }

    /** A ledger with an old checkpoint, more transactions, a new checkpoint and the proof between them. */
    private Path[] oldNewAndProof() throws Exception {
        data = LedgerCommandTest.ledgerWith(tmp.resolve("data"), 5);
        trusted = data.resolve("trusted-keys.json");
        Path old = checkpointNow("old.json");
        LedgerCommandTest.ledgerWith(data, 7);
        Path now = checkpointNow("new.json");
        Cli consistency = Cli.run("ledger", "consistency", "--dir", data.toString(), "--from", old.toString(),
                "--json");
        assertEquals(0, consistency.exit(), consistency::toString);
        return new Path[] {old, now, write("consistency.json", consistency.out())};
    }

    @Test
    void aLaterCheckpointIsAcceptedOnlyWithAConsistencyProofFromTheEarlierOne() throws Exception {
        Path[] f = oldNewAndProof();

        Cli accepted = verify("--checkpoint", f[1].toString(), "--previous", f[0].toString(), "--consistency",
                f[2].toString(), "--trusted-keys", trusted.toString());
        Cli asJson = verify("--checkpoint", f[1].toString(), "--previous", f[0].toString(), "--consistency",
                f[2].toString(), "--trusted-keys", trusted.toString(), "--json");
        Cli unproven = verify("--checkpoint", f[1].toString(), "--previous", f[0].toString(), "--trusted-keys",
                trusted.toString());
        Cli backwards = verify("--checkpoint", f[0].toString(), "--previous", f[1].toString(), "--trusted-keys",
                trusted.toString(), "--json");

        assertEquals(0, accepted.exit(), accepted::toString);
        assertTrue(accepted.out().startsWith("ACCEPTED: block ") && accepted.out().contains("1 of 1 required")
                && accepted.out().contains("extends the previous checkpoint"), accepted::toString);
        JsonNode o = LedgerJson.parse(asJson.out());
        assertTrue(o.get("accepted").asBoolean(), asJson::toString);
        assertTrue(o.get("extends_previous").asBoolean(), asJson::toString);
        assertEquals(1, unproven.exit(), unproven::toString);
        assertTrue(unproven.out().startsWith("REFUSED: not a consistent extension of the trusted checkpoint: "
                + "no consistency proof"), unproven::toString);
        assertEquals(1, backwards.exit(), backwards::toString);
        assertEquals("not_an_extension", LedgerJson.parse(backwards.out()).get("reason").asText());
    }

    @Test
    void aProofThatDoesNotLeadToTheNewRootIsRefused() throws Exception {
        Path[] f = oldNewAndProof();
        ObjectNode c = (ObjectNode) LedgerJson.parse(Files.readString(f[2]));
        ArrayNode path = (ArrayNode) c.get("proof").get("path");
        String first = path.get(0).asText();
        path.set(0, path.textNode((first.charAt(0) == 'A' ? "B" : "A") + first.substring(1)));
        Path tampered = write("tampered.json", LedgerJson.pretty(c.get("proof")));

        Cli r = verify("--checkpoint", f[1].toString(), "--previous", f[0].toString(), "--consistency",
                tampered.toString(), "--trusted-keys", trusted.toString());

        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.out().startsWith("REFUSED: not a consistent extension") && r.out().contains("fails: "),
                r::toString);
    }

    @Test
    void withThreeOrganisationsAndKOfTwoOneSealIsRefusedAndASecondOrganisationsMakesItAccepted() throws Exception {
        Path[] f = oldNewAndProof();
        TrustedKeys one = TrustedKeys.read(trusted);
        SigningKey beta = SigningKey.generate();
        SigningKey gamma = SigningKey.generate();
        List<Organisation> three = new ArrayList<>(one.organisations());
        three.add(new Organisation("beta", beta.publicKey()));
        three.add(new Organisation("gamma", gamma.publicKey()));
        Path threeKeys = tmp.resolve("three-keys.json");
        new TrustedKeys(one.chainId(), three, 3).write(threeKeys);
        Checkpoint own = LedgerJson.checkpoint(LedgerJson.parse(Files.readString(f[1])));
        Path cosigned = write("cosigned.json", LedgerJson.pretty(LedgerJson.checkpoint(own.signedBy("beta", beta))));

        Cli alone = verify("--checkpoint", f[1].toString(), "--trusted-keys", threeKeys.toString(), "--threshold",
                "2");
        Cli withBeta = verify("--checkpoint", cosigned.toString(), "--trusted-keys", threeKeys.toString(),
                "--threshold", "2", "--json");
        Cli fileThreshold = verify("--checkpoint", cosigned.toString(), "--trusted-keys", threeKeys.toString());
        Cli badK = verify("--checkpoint", cosigned.toString(), "--trusted-keys", threeKeys.toString(), "--threshold",
                "4");

        assertEquals(1, alone.exit(), alone::toString);
        assertEquals("REFUSED: too few trusted signatures: checkpoint has 1 valid trusted signature(s), 2 required\n",
                alone.out());
        assertEquals(0, withBeta.exit(), withBeta::toString);
        JsonNode o = LedgerJson.parse(withBeta.out());
        assertEquals(2, o.get("threshold").asInt());
        assertEquals(3, o.get("organisations").asInt());
        assertEquals(1, fileThreshold.exit(), "the file asks for 3: " + fileThreshold);
        assertEquals(2, badK.exit(), badK::toString);
        assertTrue(badK.err().contains("'--threshold' must be between 1 and 3"), badK::toString);
    }

    @Test
    void badInputNamesTheFileAndFieldWithoutAStackTrace() throws Exception {
        Path[] f = oldNewAndProof();
        Path noSize = write("nosize.json", "{\"proof\": {\"size2\": 3, \"path\": []}}");
        Path otherChain = tmp.resolve("other");
        assertEquals(0, Cli.run("ledger", "init", "--dir", otherChain.toString()).exit());

        Cli missingField = verify("--checkpoint", f[1].toString(), "--previous", f[0].toString(), "--consistency",
                noSize.toString(), "--trusted-keys", trusted.toString());
        Cli noPrevious = verify("--checkpoint", f[1].toString(), "--consistency", f[2].toString(),
                "--trusted-keys", trusted.toString());
        Cli foreign = verify("--checkpoint", f[1].toString(), "--trusted-keys",
                otherChain.resolve("trusted-keys.json").toString());

        assertEquals(1, missingField.exit(), missingField::toString);
        assertTrue(missingField.err().contains(noSize.toString()) && missingField.err().contains(
                "field 'proof.size1' is missing"), missingField::toString);
        assertEquals(2, noPrevious.exit(), noPrevious::toString);
        assertTrue(noPrevious.err().contains("'--consistency' needs '--previous'"), noPrevious::toString);
        assertEquals(1, foreign.exit(), foreign::toString);
        assertTrue(foreign.out().startsWith("REFUSED: checkpoint of another chain: "), foreign::toString);
        for (Cli r : new Cli[] {missingField, noPrevious, foreign}) {
            assertFalse(r.err().contains("\tat "), r::toString);
        }
    }
}
