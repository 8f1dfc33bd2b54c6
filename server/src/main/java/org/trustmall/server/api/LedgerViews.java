package org.trustmall.server.api;

import static org.trustmall.server.api.Schema.array;
import static org.trustmall.server.api.Schema.bool;
import static org.trustmall.server.api.Schema.enumOf;
import static org.trustmall.server.api.Schema.integer;
import static org.trustmall.server.api.Schema.object;
import static org.trustmall.server.api.Schema.string;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.trustmall.ledger.TransactionRecord;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.encoding.Cbor;
import org.trustmall.ledger.encoding.MalformedEncodingException;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.server.ops.LedgerVerification;

/**
 * The ledger explorer's JSON: blocks, transactions with their arguments decoded, and the verification status. Hashes
 * and keys are hex, signatures base64; times are ISO-8601 with the epoch milliseconds beside them, since the signed
 * headers carry milliseconds. Ledger data holds no personal data (the contracts keep only commitments, pseudonymous
 * keys, counts and labels), so everything here is public.
 */
public final class LedgerViews {
    /** Where the API serves a transaction's decoded form and its inclusion proof. */
    private static final String TRANSACTIONS = "/api/v1/ledger/transactions/";
    private static final String BLOCKS = "/api/v1/ledger/blocks/";

    private LedgerViews() {
    }

    /** A block's header fields and the seal stored with it. */
    public static ObjectNode blockSummary(Block b, Function<PublicKey, String> organisation) {
        ObjectNode o = header(b.header(), b.hash().hex());
        o.set("seals", seals(List.of(new Checkpoint.Signature(organisation.apply(b.seal().signer()),
                b.seal().signer(), b.seal().signature()))));
        return o;
    }

    /**
     * A block with its transactions and its seals: the one stored with it, and those of the other organisations'
     * nodes that {@code checkpoint} (the block as a checkpoint) gathered.
     */
    public static ObjectNode block(Block b, Checkpoint checkpoint, long firstLeafIndex) {
        ObjectNode o = header(b.header(), b.hash().hex());
        o.set("seals", seals(checkpoint.signatures()));
        ArrayNode txs = o.putArray("transactions");
        for (int i = 0; i < b.transactions().size(); i++) {
            Transaction tx = b.transactions().get(i);
            ObjectNode t = txs.addObject().put("id", tx.id().hex()).put("contract", tx.contract())
                    .put("method", tx.method()).put("sender", tx.sender().hex());
            time(t, tx.timestamp());
            t.put("leafIndex", firstLeafIndex + i);
            result(t, b.results().get(i));
            t.put("href", TRANSACTIONS + tx.id().hex());
        }
        return o;
    }

    /** One transaction decoded: where it is, what it did, its arguments, and where its proof is. */
    public static ObjectNode transaction(TransactionRecord r) {
        Transaction tx = r.transaction();
        ObjectNode o = Views.object().put("id", tx.id().hex()).put("contract", tx.contract())
                .put("method", tx.method()).put("sender", tx.sender().hex()).put("nonce", Long.toUnsignedString(tx.nonce()));
        time(o, tx.timestamp());
        o.put("height", r.height()).put("leafIndex", r.logIndex())
                .put("blockTimestamp", Instant.ofEpochMilli(r.blockTimestamp()).toString());
        result(o, r.result());
        o.set("arguments", fields(tx.args()));
        o.put("argumentsEncoded", Base64.getEncoder().encodeToString(tx.args()));
        if (r.result() instanceof TxResult.Succeeded s) {
            o.set("output", fields(s.value()));
        }
        o.putObject("links").put("proof", TRANSACTIONS + tx.id().hex() + "/proof")
                .put("block", BLOCKS + r.height());
        return o;
    }

    /** The state of this node's own ledger verification. */
    public static ObjectNode verification(LedgerVerification.State s) {
        ObjectNode o = Views.object().put("running", s.running());
        s.runningSince().ifPresent(t -> o.put("runningSince", t.toString()));
        s.last().ifPresent(r -> {
            ObjectNode l = o.putObject("last").put("ok", r.ok()).put("status", r.status())
                    .put("blocks", r.blocks()).put("transactions", r.transactions()).put("height", r.height())
                    .put("logSize", r.logSize()).put("startedAt", r.startedAt().toString())
                    .put("finishedAt", r.finishedAt().toString()).put("durationMillis", r.duration().toMillis())
                    .put("keys", r.keysExternal() ? "trusted" : "genesis");
            r.reason().ifPresent(p -> l.putObject("reason").put("kind", p.kind()).put("location", p.location())
                    .put("detail", p.detail()));
            r.notes().forEach(l.putArray("notes")::add);
        });
        return o;
    }

    // ---- schemas ----

    private static Schema sealSchema() {
        return object().req("organisation", string().describe("the genesis organisation holding the key, or "
                        + "'unknown'")).req("publicKey", string().describe("Ed25519, hex"))
                .req("signature", string().describe("base64, over the chain id and the block hash"));
    }

    private static Schema headerSchema() {
        return object().req("height", integer()).req("hash", string()).req("previous", string())
                .req("timestamp", string().with("format", "date-time")).req("timestampMillis", integer())
                .req("transactionCount", integer()).req("logSize", integer().describe("log entries up to and "
                        + "including this block"))
                .req("merkleRoot", string().describe("the log's root at logSize, hex"))
                .req("stateRoot", string()).req("resultsHash", string()).req("seals", array(sealSchema()));
    }

    public static Schema blockPageSchema() {
        return object().req("height", integer().describe("the ledger's height now"))
                .req("blocks", array(headerSchema()).describe("newest first"))
                .opt("next", integer().describe("the 'before' of the next page; absent on the last"));
    }

    private static Schema fieldSchema() {
        return object().req("name", string())
                .req("type", enumOf("text", "integer", "bool", "null", "bytes", "list", "map"))
                .req("value", Schema.any().describe("the value for text, integer, bool and null; base64 of the bytes, "
                        + "or of the canonical CBOR of a list or map"))
                .opt("hex", string().describe("bytes of 32 (a hash or id), also in hex"));
    }

    private static Schema resultFields(Schema o) {
        return o.req("status", enumOf("succeeded", "failed"))
                .opt("reason", string().describe("why it failed; its writes were rolled back"));
    }

    public static Schema blockSchema() {
        return headerSchema().req("transactions", array(resultFields(object().req("id", string())
                .req("contract", string()).req("method", string()).req("sender", string())
                .req("timestamp", string().with("format", "date-time")).req("timestampMillis", integer())
                .req("leafIndex", integer())).req("href", string())));
    }

    public static Schema transactionSchema() {
        return resultFields(object().req("id", string()).req("contract", string()).req("method", string())
                .req("sender", string().describe("the signer's Ed25519 key, hex"))
                .req("nonce", string().describe("the unsigned 64-bit nonce in decimal, as text: JavaScript numbers "
                        + "hold only 53 bits exactly"))
                .req("timestamp", string().with("format", "date-time")).req("timestampMillis", integer())
                .req("height", integer()).req("leafIndex", integer())
                .req("blockTimestamp", string().with("format", "date-time")))
                .req("arguments", array(fieldSchema())).req("argumentsEncoded", string().describe("canonical CBOR, "
                        + "base64"))
                .opt("output", array(fieldSchema()).describe("what the contract returned, when it succeeded"))
                .req("links", object().req("proof", string()).req("block", string()));
    }

    public static Schema verificationSchema() {
        return object().req("running", bool()).opt("runningSince", string().with("format", "date-time"))
                .opt("last", object().req("ok", bool())
                        .req("status", enumOf("intact", "torn_tail", "corrupt", "failed"))
                        .req("blocks", integer()).req("transactions", integer())
                        .req("height", integer().describe("the last block checked; -1 if none"))
                        .req("logSize", integer()).req("startedAt", string().with("format", "date-time"))
                        .req("finishedAt", string().with("format", "date-time")).req("durationMillis", integer())
                        .req("keys", enumOf("genesis", "trusted").describe("genesis: seals checked against the "
                                + "organisations the ledger's own genesis names (internal consistency)"))
                        .opt("reason", object().req("kind", string()).req("location", string())
                                .req("detail", string()))
                        .req("notes", array(string())));
    }

    // ---- helpers ----

    private static ObjectNode header(BlockHeader h, String hash) {
        ObjectNode o = Views.object().put("height", h.height()).put("hash", hash).put("previous", h.previous().hex());
        time(o, h.timestamp());
        return o.put("transactionCount", h.transactionCount()).put("logSize", h.logSize())
                .put("merkleRoot", h.merkleRoot().hex()).put("stateRoot", h.stateRoot().hex())
                .put("resultsHash", h.resultsHash().hex());
    }

    private static void time(ObjectNode o, long millis) {
        o.put("timestamp", Instant.ofEpochMilli(millis).toString()).put("timestampMillis", millis);
    }

    private static void result(ObjectNode o, TxResult r) {
        if (r instanceof TxResult.Failed f) {
            o.put("status", "failed").put("reason", f.reason());
        } else {
            o.put("status", "succeeded");
        }
    }

    private static ArrayNode seals(List<Checkpoint.Signature> signatures) {
        ArrayNode a = Views.object().arrayNode();
        for (Checkpoint.Signature s : signatures) {
            a.addObject().put("organisation", s.organisation()).put("publicKey", s.key().hex())
                    .put("signature", Base64.getEncoder().encodeToString(s.signature()));
        }
        return a;
    }

    /**
     * A canonical CBOR map's fields, each as a plain JSON value where it is one (text, integer, bool, null), else
     * base64; a value that is not a map is one field named {@code value}.
     */
    static ArrayNode fields(byte[] cbor) {
        ArrayNode out = Views.object().arrayNode();
        Object decoded;
        try {
            decoded = cbor.length == 0 ? null : Cbor.decode(cbor);
        } catch (MalformedEncodingException e) {
            out.addObject().put("name", "value").put("type", "bytes")
                    .put("value", Base64.getEncoder().encodeToString(cbor));
            return out;
        }
        if (decoded instanceof Map<?, ?> m) {
            m.forEach((k, v) -> field(out, String.valueOf(k), v));
        } else if (cbor.length > 0) {
            field(out, "value", decoded);
        }
        return out;
    }

    private static void field(ArrayNode out, String name, Object v) {
        ObjectNode f = out.addObject().put("name", name);
        switch (v) {
            case null -> f.put("type", "null").putNull("value");
            case String s -> f.put("type", "text").put("value", s);
            case Long n -> f.put("type", "integer").put("value", n);
            case Boolean b -> f.put("type", "bool").put("value", b);
            case byte[] b -> {
                f.put("type", "bytes").put("value", Base64.getEncoder().encodeToString(b));
                if (b.length == 32) {
                    f.put("hex", HexFormat.of().formatHex(b));
                }
            }
            case List<?> l -> f.put("type", "list").put("value", Base64.getEncoder().encodeToString(Cbor.encode(l)));
            default -> f.put("type", "map").put("value", Base64.getEncoder().encodeToString(Cbor.encode(v)));
        }
    }
}
