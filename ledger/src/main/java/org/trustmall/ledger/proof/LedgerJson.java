package org.trustmall.ledger.proof;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Supplier;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.merkle.InclusionProof;
import org.trustmall.ledger.tx.MalformedTransactionException;
import org.trustmall.ledger.tx.Transaction;

/**
 * The JSON forms of checkpoints, inclusion proofs and consistency proofs — what a client stores and what travels
 * to an offline verifier (or a browser). Hashes in proofs are base64 as in RFC 9162 tooling; ids and keys are hex.
 * Fields that repeat what the signed header says (height, log size, root, block hash) are there for readers and
 * are checked against the header when parsed. Parsing errors name the field by its path from the document, e.g.
 * {@code checkpoint.signatures[0].signature}.
 */
public final class LedgerJson {
    public static final String PROOF_FORMAT = "trustmall-inclusion-proof/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getEncoder();

    private LedgerJson() {
    }

    public static ObjectMapper mapper() {
        return JSON;
    }

    public static ObjectNode checkpoint(Checkpoint cp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("chain_id", cp.chainId().hex());
        o.put("height", cp.height());
        o.put("log_size", cp.logSize());
        o.put("root", cp.root().base64());
        o.put("block_hash", cp.blockHash().hex());
        o.put("timestamp", cp.header().timestamp());
        o.put("header", B64.encodeToString(cp.header().encode()));
        ArrayNode sigs = o.putArray("signatures");
        for (Checkpoint.Signature s : cp.signatures()) {
            sigs.addObject().put("organisation", s.organisation()).put("public_key", s.key().hex())
                    .put("signature", B64.encodeToString(s.signature()));
        }
        return o;
    }

    public static Checkpoint checkpoint(JsonNode o) {
        Hash chain = hexHash(o, "chain_id");
        byte[] headerBytes = base64(o, "header");
        if (headerBytes.length != BlockHeader.ENCODED_LENGTH) {
            throw new InvalidJsonException("header", "must be " + BlockHeader.ENCODED_LENGTH + " bytes");
        }
        BlockHeader header = BlockHeaders.decode(headerBytes);
        if (o.has("height") && o.get("height").asLong() != header.height()) {
            throw new InvalidJsonException("height", "does not match the signed header");
        }
        if (o.has("log_size") && o.get("log_size").asLong() != header.logSize()) {
            throw new InvalidJsonException("log_size", "does not match the signed header");
        }
        if (o.has("root") && !base64Hash(o, "root").equals(header.merkleRoot())) {
            throw new InvalidJsonException("root", "does not match the signed header");
        }
        if (o.has("block_hash") && !hexHash(o, "block_hash").equals(header.hash())) {
            throw new InvalidJsonException("block_hash", "does not match the signed header");
        }
        List<Checkpoint.Signature> sigs = new ArrayList<>();
        JsonNode arr = require(o, "signatures");
        if (!arr.isArray()) {
            throw new InvalidJsonException("signatures", "must be an array");
        }
        for (int i = 0; i < arr.size(); i++) {
            JsonNode s = arr.get(i);
            sigs.add(within("signatures[" + i + "]", () -> signature(s)));
        }
        return new Checkpoint(chain, header, sigs);
    }

    private static Checkpoint.Signature signature(JsonNode s) {
        String organisation = text(s, "organisation");
        PublicKey key;
        try {
            key = PublicKey.fromHex(text(s, "public_key"));
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException("public_key", "must be 64 hex digits");
        }
        byte[] signature = base64(s, "signature");
        if (signature.length != Signatures.SIGNATURE_LENGTH) {
            throw new InvalidJsonException("signature", "must be " + Signatures.SIGNATURE_LENGTH + " bytes");
        }
        return new Checkpoint.Signature(organisation, key, signature);
    }

    public static ObjectNode proof(ProofBundle p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", PROOF_FORMAT);
        Transaction tx = p.transaction();
        ObjectNode t = o.putObject("transaction");
        t.put("id", tx.id().hex());
        t.put("contract", tx.contract());
        t.put("method", tx.method());
        t.put("sender", tx.sender().hex());
        t.put("timestamp", tx.timestamp());
        t.put("encoded", B64.encodeToString(tx.encoded()));
        o.put("leaf_index", p.inclusion().leafIndex());
        o.put("tree_size", p.inclusion().treeSize());
        o.put("leaf_hash", p.leafHash().base64());
        ArrayNode path = o.putArray("path");
        p.inclusion().path().forEach(h -> path.add(h.base64()));
        o.set("checkpoint", checkpoint(p.checkpoint()));
        return o;
    }

    public static ProofBundle proof(JsonNode o) {
        if (!PROOF_FORMAT.equals(o.path("format").asText())) {
            throw new InvalidJsonException("format", "must be \"" + PROOF_FORMAT + "\"");
        }
        JsonNode t = require(o, "transaction");
        Transaction tx = within("transaction", () -> {
            Transaction decoded;
            try {
                decoded = Transaction.decode(base64(t, "encoded"), Integer.MAX_VALUE);
            } catch (MalformedTransactionException e) {
                throw new InvalidJsonException("encoded", e.getMessage());
            }
            if (t.has("id") && !hexHash(t, "id").equals(decoded.id())) {
                throw new InvalidJsonException("id", "does not match the encoded transaction");
            }
            return decoded;
        });
        InclusionProof inclusion = new InclusionProof(longField(o, "leaf_index"), longField(o, "tree_size"),
                hashes(o, "path"));
        JsonNode checkpoint = require(o, "checkpoint");
        return new ProofBundle(tx, inclusion, within("checkpoint", () -> checkpoint(checkpoint)));
    }

    public static ObjectNode consistency(ConsistencyProof p) {
        ObjectNode o = JSON.createObjectNode();
        o.put("size1", p.size1());
        o.put("size2", p.size2());
        ArrayNode path = o.putArray("path");
        p.path().forEach(h -> path.add(h.base64()));
        return o;
    }

    public static ConsistencyProof consistency(JsonNode o) {
        return new ConsistencyProof(longField(o, "size1"), longField(o, "size2"), hashes(o, "path"));
    }

    public static String pretty(JsonNode node) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new LedgerException("cannot write JSON", e);
        }
    }

    public static JsonNode parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            if (n == null || !n.isObject()) {
                throw new InvalidJsonException("(document)", "must be a JSON object");
            }
            return n;
        } catch (JsonProcessingException e) {
            throw new InvalidJsonException("(document)", "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static List<Hash> hashes(JsonNode o, String field) {
        JsonNode arr = require(o, field);
        if (!arr.isArray()) {
            throw new InvalidJsonException(field, "must be an array");
        }
        List<Hash> out = new ArrayList<>();
        for (int i = 0; i < arr.size(); i++) {
            try {
                out.add(Hash.of(Base64.getDecoder().decode(arr.get(i).asText())));
            } catch (IllegalArgumentException e) {
                throw new InvalidJsonException(field + "[" + i + "]", "must be a base64 SHA-256 hash");
            }
        }
        return out;
    }

    /** Parses a nested object, so that its errors name fields by their path from the document, e.g. {@code a.b}. */
    private static <T> T within(String path, Supplier<T> parse) {
        try {
            return parse.get();
        } catch (InvalidJsonException e) {
            throw new InvalidJsonException(path + "." + e.field, e.problem);
        }
    }

    private static JsonNode require(JsonNode o, String field) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            throw new InvalidJsonException(field, "is missing");
        }
        return n;
    }

    private static String text(JsonNode o, String field) {
        JsonNode n = require(o, field);
        if (!n.isTextual()) {
            throw new InvalidJsonException(field, "must be a string");
        }
        return n.asText();
    }

    private static long longField(JsonNode o, String field) {
        JsonNode n = require(o, field);
        if (!n.canConvertToLong() || !n.isIntegralNumber()) {
            throw new InvalidJsonException(field, "must be an integer");
        }
        return n.asLong();
    }

    private static byte[] base64(JsonNode o, String field) {
        try {
            return Base64.getDecoder().decode(text(o, field));
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(field, "must be base64");
        }
    }

    private static Hash base64Hash(JsonNode o, String field) {
        try {
            return Hash.of(base64(o, field));
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(field, "must be a base64 SHA-256 hash");
        }
    }

    private static Hash hexHash(JsonNode o, String field) {
        try {
            return Hash.fromHex(text(o, field));
        } catch (IllegalArgumentException e) {
            throw new InvalidJsonException(field, "must be 64 hex digits");
        }
    }

    /** JSON that does not hold what it should; names the field. */
    public static final class InvalidJsonException extends LedgerException {
        private final String field;
        private final String problem;

        public InvalidJsonException(String field, String problem) {
            super("field '" + field + "' " + problem);
            this.field = field;
            this.problem = problem;
        }

        public String field() {
            return field;
        }

        /** What is wrong with the field, without its name. */
        public String problem() {
            return problem;
        }
    }

    /** Header decoding lives with the header; this adapter keeps the JSON errors in JSON terms. */
    private static final class BlockHeaders {
        static BlockHeader decode(byte[] bytes) {
            try {
                return BlockHeader.decode(ByteBuffer.wrap(bytes));
            } catch (RuntimeException e) {
                throw new InvalidJsonException("header", "is not a block header: " + e.getMessage());
            }
        }
    }
}
