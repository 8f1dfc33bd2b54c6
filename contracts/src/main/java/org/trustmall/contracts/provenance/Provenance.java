package org.trustmall.contracts.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * What the dataset and model registries share: who operates them, the checks on hashes, labels and lists, and the
 * supersession entry. Pure functions of their arguments and the state they are given.
 */
final class Provenance {
    static final String OPERATOR_KEY = "operator";
    static final int MAX_LIST = 100;
    static final int MAX_REASON_CHARS = 500;
    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,63}");

    private Provenance() {
    }

    /** The operator as stored: {@code {org, role}}. */
    static Optional<CborMap> operator(Optional<byte[]> stored) {
        return stored.map(CborMap::parse);
    }

    /**
     * Fails unless {@code caller} may act for the registry operated by {@code operator}: the same organisation and
     * role, or that organisation's own key (which can register and revoke the role anyway).
     */
    static void requireOperator(CborMap operator, Caller caller, String what) {
        String org = operator.text("org");
        String role = operator.text("role");
        boolean same = org.equals(caller.organisation()) && role.equals(caller.role());
        if (!same && !(caller.isOrganisation() && org.equals(caller.organisation()))) {
            throw new ContractFailure(caller + " may not " + what + "; only the registry's operator " + org + "/"
                    + role + " or " + org + "/" + Caller.ORGANISATION_ROLE + " may");
        }
    }

    static CborMap operatorOf(Caller caller) {
        return CborMap.builder().put("org", caller.organisation()).put("role", caller.role()).build();
    }

    /** A SHA-256 as 64 lower-case hex digits. */
    static String sha256Hex(CborMap args, String field) {
        String value = args.text(field);
        if (!SHA256_HEX.matcher(value).matches()) {
            throw new ContractFailure("field '" + field + "': a SHA-256 as 64 lower-case hex digits");
        }
        return value;
    }

    /** A short machine label (a source, a family, a policy version): never free text that could name a person. */
    static String label(CborMap args, String field) {
        String value = args.text(field);
        if (!LABEL.matcher(value).matches()) {
            throw new ContractFailure("field '" + field + "': a label of 1-64 characters a-z 0-9 . _ : / -, "
                    + "starting with a letter or digit");
        }
        return value;
    }

    static long count(CborMap args, String field) {
        long value = args.integer(field);
        if (value < 0) {
            throw new ContractFailure("field '" + field + "': 0 or more, got " + value);
        }
        return value;
    }

    static String reason(CborMap args) {
        String value = args.text("reason");
        int chars = value.codePointCount(0, value.length());
        if (chars < 1 || chars > MAX_REASON_CHARS || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new ContractFailure("field 'reason': 1-" + MAX_REASON_CHARS + " characters, no control characters");
        }
        return value;
    }

    /** Where and when in the chain an entry was written, and by which transaction and signer. */
    static CborMap.Builder stamp(CborMap.Builder b, ContractContext ctx) {
        return b.put("height", ctx.blockHeight()).put("timestamp", ctx.blockTimestamp())
                .put("tx", ctx.transactionId().bytes()).put("by", ctx.caller().toString());
    }

    static long counter(StateView state, String key) {
        return state.get(key).map(CborMap::parse).map(m -> m.integer("count")).orElse(0L);
    }

    static byte[] counterValue(long n) {
        return CborMap.builder().put("count", n).build().encode();
    }

    /** The 1-based window {@code [from, from + limit)} of a list of {@code count}, checked. */
    static List<Long> window(CborMap args, long count) {
        OptionalLong from = args.optionalInteger("from");
        if (from.isPresent() && from.getAsLong() < 1) {
            throw new ContractFailure("field 'from': 1 or more, got " + from.getAsLong());
        }
        OptionalLong limit = args.optionalInteger("limit");
        if (limit.isPresent() && (limit.getAsLong() < 1 || limit.getAsLong() > MAX_LIST)) {
            throw new ContractFailure("field 'limit': 1-" + MAX_LIST + ", got " + limit.getAsLong());
        }
        long first = from.orElse(1);
        long last = Math.min(count, first - 1 + limit.orElse(MAX_LIST));
        List<Long> out = new ArrayList<>();
        for (long n = first; n <= last; n++) {
            out.add(n);
        }
        return out;
    }

    static CborMap required(StateView state, String key, String what) {
        return state.get(key).map(CborMap::parse).orElseThrow(() -> new ContractFailure(what + " is missing"));
    }
}
