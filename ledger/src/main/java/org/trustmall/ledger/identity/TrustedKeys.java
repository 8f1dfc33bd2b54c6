package org.trustmall.ledger.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;

/**
 * The organisations' public keys as a verifier obtained them out of band (not from the server being checked), and
 * how many of them must sign a checkpoint before it is believed.
 *
 * <pre>{"chain_id": "hex (optional)", "threshold": 1,
 *  "organisations": [{"name": "trustmall", "public_key": "64 hex digits"}]}</pre>
 */
public record TrustedKeys(Optional<Hash> chainId, List<Organisation> organisations, int threshold) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TrustedKeys {
        organisations = List.copyOf(organisations);
        if (organisations.isEmpty()) {
            throw new IllegalArgumentException("trusted keys name no organisation");
        }
        if (threshold < 1 || threshold > organisations.size()) {
            throw new IllegalArgumentException("threshold " + threshold + " must be between 1 and "
                    + organisations.size());
        }
    }

    public static TrustedKeys all(Hash chainId, List<Organisation> organisations) {
        return new TrustedKeys(Optional.of(chainId), organisations, organisations.size());
    }

    /** The same keys with another threshold: k of these n organisations must sign (1 ≤ k ≤ n). */
    public TrustedKeys withThreshold(int k) {
        return new TrustedKeys(chainId, organisations, k);
    }

    public Optional<Organisation> byKey(PublicKey key) {
        return organisations.stream().filter(o -> o.key().equals(key)).findFirst();
    }

    public boolean trusts(PublicKey key) {
        return byKey(key).isPresent();
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        chainId.ifPresent(c -> root.put("chain_id", c.hex()));
        root.put("threshold", threshold);
        ArrayNode orgs = root.putArray("organisations");
        for (Organisation o : organisations) {
            orgs.addObject().put("name", o.name()).put("public_key", o.key().hex());
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (IOException e) {
            throw new LedgerException("cannot write trusted keys", e);
        }
    }

    public void write(Path file) {
        try {
            Files.writeString(file, toJson());
        } catch (IOException e) {
            throw new LedgerException(file + ": cannot write trusted keys: " + e.getMessage(), e);
        }
    }

    /** Reads a trusted-keys file; every problem names the file and the field. */
    public static TrustedKeys read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new LedgerException(file + ": cannot read trusted keys: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new LedgerException(file + ": trusted keys must be a JSON object");
        }
        try {
            Optional<Hash> chain = root.hasNonNull("chain_id")
                    ? Optional.of(Hash.fromHex(root.get("chain_id").asText())) : Optional.empty();
            JsonNode orgs = root.get("organisations");
            if (orgs == null || !orgs.isArray()) {
                throw new IllegalArgumentException("field 'organisations' must be an array");
            }
            List<Organisation> list = new ArrayList<>();
            for (int i = 0; i < orgs.size(); i++) {
                JsonNode o = orgs.get(i);
                String where = "organisations[" + i + "]";
                if (!o.hasNonNull("name") || !o.hasNonNull("public_key")) {
                    throw new IllegalArgumentException(where + " needs 'name' and 'public_key'");
                }
                try {
                    list.add(new Organisation(o.get("name").asText(), PublicKey.fromHex(o.get("public_key").asText())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": " + e.getMessage());
                }
            }
            int threshold = root.hasNonNull("threshold") ? root.get("threshold").asInt() : list.size();
            return new TrustedKeys(chain, list, threshold);
        } catch (IllegalArgumentException e) {
            throw new LedgerException(file + ": " + e.getMessage());
        }
    }
}
