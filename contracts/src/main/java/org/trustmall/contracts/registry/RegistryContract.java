package org.trustmall.contracts.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Notarises document hashes under a name. The first {@code notarise} of a name makes the signer's organisation and
 * role its owner; later ones add versions, and only the owner may add them. Every version stays: the full history
 * is kept, with the block height and time at which each was recorded, so anyone can check that a document existed
 * in a given form at a given time and that nothing was silently replaced.
 *
 * <p>Methods: {@code notarise {name, hash (32 bytes), note?}} → {name, version}.
 * Queries: {@code get {name}}, {@code history {name, from?, limit?}}, {@code check {name, hash}}.
 *
 * <p>State: {@code doc/<name>} → {owner_org, owner_role, versions, created_height};
 * {@code doc/<name>/v/<n>} → {hash, note, height, timestamp, tx, signer}.
 */
public final class RegistryContract implements Contract {
    public static final String ID = "registry";
    public static final int MAX_NAME_BYTES = 200;
    public static final int MAX_NOTE_BYTES = 1024;
    public static final int MAX_HISTORY_PAGE = 1000;

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code notarise} call. */
    public static byte[] notariseArgs(String name, Hash hash, String note) {
        CborMap.Builder b = CborMap.builder().put("name", name).put("hash", hash.bytes());
        if (note != null) {
            b.put("note", note);
        }
        return b.build().encode();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        if (!method.equals("notarise")) {
            throw new ContractFailure("registry has no method '" + method + "'");
        }
        String name = name(args);
        byte[] hash = args.bytes("hash");
        if (hash.length != Hash.LENGTH) {
            throw new ContractFailure("field 'hash': a SHA-256 hash has 32 bytes, got " + hash.length);
        }
        String note = args.optionalText("note").orElse("");
        if (utf8Length(note) > MAX_NOTE_BYTES) {
            throw new ContractFailure("field 'note': longer than " + MAX_NOTE_BYTES + " bytes");
        }
        Caller caller = ctx.caller();
        Optional<CborMap> existing = ctx.get(docKey(name)).map(CborMap::parse);
        long version;
        long created;
        if (existing.isEmpty()) {
            version = 1;
            created = ctx.blockHeight();
        } else {
            CborMap doc = existing.get();
            if (!doc.text("owner_org").equals(caller.organisation()) || !doc.text("owner_role").equals(caller.role())) {
                throw new ContractFailure("'" + name + "' belongs to " + doc.text("owner_org") + "/"
                        + doc.text("owner_role") + "; only its owner may add versions");
            }
            version = doc.integer("versions") + 1;
            created = doc.integer("created_height");
        }
        ctx.put(docKey(name), CborMap.builder()
                .put("owner_org", caller.organisation())
                .put("owner_role", caller.role())
                .put("versions", version)
                .put("created_height", created)
                .build().encode());
        ctx.put(versionKey(name, version), CborMap.builder()
                .put("hash", hash)
                .put("note", note)
                .put("height", ctx.blockHeight())
                .put("timestamp", ctx.blockTimestamp())
                .put("tx", ctx.transactionId().bytes())
                .put("signer", caller.key().bytes())
                .build().encode());
        return CborMap.builder().put("name", name).put("version", version).build();
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        String name = name(args);
        CborMap doc = state.get(docKey(name)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("nothing is notarised under '" + name + "'"));
        long versions = doc.integer("versions");
        return switch (method) {
            case "get" -> CborMap.builder()
                    .put("name", name)
                    .put("owner", doc.text("owner_org") + "/" + doc.text("owner_role"))
                    .put("versions", versions)
                    .put("latest", version(state, name, versions))
                    .build();
            case "history" -> {
                long from = args.optionalInteger("from").orElse(1);
                long limit = args.optionalInteger("limit").orElse(100);
                if (from < 1 || limit < 1 || limit > MAX_HISTORY_PAGE) {
                    throw new ContractFailure("history needs from >= 1 and 1 <= limit <= " + MAX_HISTORY_PAGE);
                }
                List<Object> out = new ArrayList<>();
                for (long v = from; v <= versions && v < from + limit; v++) {
                    out.add(version(state, name, v));
                }
                yield CborMap.builder().put("name", name).put("versions", versions).put("history", out).build();
            }
            case "check" -> {
                byte[] hash = args.bytes("hash");
                long found = 0;
                for (long v = versions; v >= 1 && found == 0; v--) {
                    if (java.util.Arrays.equals(version(state, name, v).bytes("hash"), hash)) {
                        found = v;
                    }
                }
                yield CborMap.builder().put("name", name).put("match", found > 0).put("version", found)
                        .put("latest", found == versions).build();
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    private static CborMap version(StateView state, String name, long v) {
        CborMap m = state.get(versionKey(name, v)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("version " + v + " of '" + name + "' is missing"));
        return CborMap.builder().put("version", v).put("hash", m.bytes("hash")).put("note", m.text("note"))
                .put("height", m.integer("height")).put("timestamp", m.integer("timestamp"))
                .put("tx", m.bytes("tx")).put("signer", m.bytes("signer")).build();
    }

    private static String name(CborMap args) {
        String name = args.text("name");
        if (name.isEmpty() || utf8Length(name) > MAX_NAME_BYTES || name.indexOf('\0') >= 0) {
            throw new ContractFailure("field 'name': 1-" + MAX_NAME_BYTES + " bytes, no NUL");
        }
        return name;
    }

    private static String docKey(String name) {
        return "doc/" + name;
    }

    private static String versionKey(String name, long v) {
        return "doc/" + name + "\0v/" + v;
    }

    private static int utf8Length(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
