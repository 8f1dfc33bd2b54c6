package org.trustmall.ledger.execution;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.encoding.Cbor;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.identity.Organisation;

/**
 * The ledger's own system contract: who may sign transactions. The genesis transaction names the founding
 * organisations and the chain parameters; afterwards an organisation registers (and removes) keys for its signing
 * roles — a service, an arbiter — with {@code add-role} / {@code remove-role}, signed with its own key. A
 * transaction from a key not registered here is rejected before it reaches the log.
 *
 * <p>State: {@code parameters}; {@code organisations} (the list of names); {@code org/<name>} → its key;
 * {@code key/<hex>} → the organisation and role of a registered key.
 */
public final class Membership implements Contract {
    public static final String ID = "membership";
    public static final String GENESIS = "genesis";

    @Override
    public String id() {
        return ID;
    }

    /** The canonical arguments of the genesis transaction. */
    public static byte[] genesisArgs(List<Organisation> organisations, ChainParameters parameters) {
        List<Object> orgs = new ArrayList<>();
        for (Organisation o : organisations) {
            orgs.add(CborMap.builder().put("name", o.name()).put("key", o.key().bytes()).build());
        }
        return CborMap.builder().put("organisations", orgs).put("parameters", parameters.toCbor())
                .build().encode();
    }

    static List<Organisation> genesisOrganisations(CborMap args) {
        List<Organisation> out = new ArrayList<>();
        for (Object o : args.list("organisations")) {
            if (!(o instanceof java.util.Map<?, ?>)) {
                throw new ContractFailure("organisations must be a list of maps");
            }
            CborMap m = CborMap.of(castMap(o));
            try {
                out.add(new Organisation(m.text("name"), PublicKey.of(m.bytes("key"))));
            } catch (IllegalArgumentException e) {
                throw new ContractFailure("invalid organisation: " + e.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new ContractFailure("genesis names no organisation");
        }
        return out;
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case GENESIS -> genesis(args, ctx);
            case "add-role" -> addRole(args, ctx);
            case "remove-role" -> removeRole(args, ctx);
            default -> throw new ContractFailure("membership has no method '" + method + "'");
        };
    }

    private CborMap genesis(CborMap args, ContractContext ctx) {
        if (ctx.blockHeight() != 0 || ctx.contains("parameters")) {
            throw new ContractFailure("genesis is allowed only in block 0");
        }
        ChainParameters parameters = ChainParameters.fromCbor(args.map("parameters"));
        List<String> names = new ArrayList<>();
        for (Organisation o : genesisOrganisations(args)) {
            if (names.contains(o.name()) || ctx.contains(keyEntry(o.key()))) {
                throw new ContractFailure("organisation " + o.name() + " or its key appears twice");
            }
            names.add(o.name());
            ctx.put("org/" + o.name(), CborMap.builder().put("key", o.key().bytes()).build().encode());
            ctx.put(keyEntry(o.key()), member(o.name(), Caller.ORGANISATION_ROLE));
        }
        ctx.put("organisations", Cbor.encode(names));
        ctx.put("parameters", parameters.toCbor().encode());
        return CborMap.builder().put("organisations", (long) names.size()).build();
    }

    private CborMap addRole(CborMap args, ContractContext ctx) {
        requireOrganisation(ctx);
        String role = args.text("role");
        if (!role.matches("[a-z][a-z0-9-]{0,62}") || role.equals(Caller.ORGANISATION_ROLE)) {
            throw new ContractFailure("role must be 1-63 characters of a-z, 0-9, '-', and not 'org': " + role);
        }
        PublicKey key = key(args);
        if (ctx.contains(keyEntry(key))) {
            throw new ContractFailure("key " + key.shortId() + " is already registered");
        }
        ctx.put(keyEntry(key), member(ctx.caller().organisation(), role));
        return CborMap.builder().put("organisation", ctx.caller().organisation()).put("role", role).build();
    }

    private CborMap removeRole(CborMap args, ContractContext ctx) {
        requireOrganisation(ctx);
        PublicKey key = key(args);
        CborMap m = ctx.get(keyEntry(key)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("key " + key.shortId() + " is not registered"));
        if (!m.text("org").equals(ctx.caller().organisation())) {
            throw new ContractFailure("key " + key.shortId() + " belongs to another organisation");
        }
        if (m.text("role").equals(Caller.ORGANISATION_ROLE)) {
            throw new ContractFailure("an organisation's own key cannot be removed this way");
        }
        ctx.delete(keyEntry(key));
        return CborMap.builder().put("removed", key.bytes()).build();
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case "organisations" -> {
                List<Object> out = new ArrayList<>();
                for (Organisation o : organisations(state)) {
                    out.add(CborMap.builder().put("name", o.name()).put("key", o.key().bytes()).build());
                }
                yield CborMap.builder().put("organisations", out).build();
            }
            case "member" -> {
                PublicKey key = key(args);
                CborMap m = state.get(keyEntry(key)).map(CborMap::parse)
                        .orElseThrow(() -> new ContractFailure("key " + key.shortId() + " is not registered"));
                yield m;
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    /** The organisations named at genesis, in order. */
    public static List<Organisation> organisations(StateView state) {
        List<Organisation> out = new ArrayList<>();
        Optional<byte[]> names = state.get("organisations");
        if (names.isEmpty()) {
            return out;
        }
        for (Object n : (List<?>) Cbor.decode(names.get())) {
            String name = (String) n;
            byte[] key = CborMap.parse(state.get("org/" + name).orElseThrow()).bytes("key");
            out.add(new Organisation(name, PublicKey.of(key)));
        }
        return out;
    }

    /** The registered caller behind a key, read through {@code state} (this contract's namespace). */
    static Optional<Caller> resolve(Function<String, Optional<byte[]>> state, PublicKey key) {
        return state.apply(keyEntry(key)).map(CborMap::parse)
                .map(m -> new Caller(m.text("org"), m.text("role"), key));
    }

    static Optional<ChainParameters> parameters(Function<String, Optional<byte[]>> state) {
        return state.apply("parameters").map(CborMap::parse).map(ChainParameters::fromCbor);
    }

    private static void requireOrganisation(ContractContext ctx) {
        if (!ctx.caller().isOrganisation()) {
            throw new ContractFailure("only an organisation's own key may manage its signing roles");
        }
    }

    private static PublicKey key(CborMap args) {
        try {
            return PublicKey.of(args.bytes("key"));
        } catch (IllegalArgumentException e) {
            throw new ContractFailure("field 'key': " + e.getMessage());
        }
    }

    private static String keyEntry(PublicKey key) {
        return "key/" + key.hex();
    }

    private static byte[] member(String organisation, String role) {
        return CborMap.builder().put("org", organisation).put("role", role).build().encode();
    }

    @SuppressWarnings("unchecked")
    private static java.util.Map<String, ?> castMap(Object o) {
        return (java.util.Map<String, ?>) o;
    }
}
