package org.trustmall.contracts.consent;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * A person's consents, purpose by purpose, as an append-only history: each grant or withdrawal is a new version, so
 * anyone holding the proofs can see what the person had agreed to at any time. The person appears only as a 32-byte
 * keyed commitment (HMAC with their own secret, destroyed when they are erased), never by name or id. The platform
 * records the person's own choices on their behalf — persons hold no keys.
 *
 * <p>Methods: {@code set {subject: bytes(32), purpose, granted: bool}} → {purpose, granted, n, height, timestamp}.
 * Queries: {@code get {subject, purpose}} → the latest version, or {purpose, granted: false, n: 0} when never set;
 * {@code history {subject, purpose}} → {versions: [...]} oldest first.
 *
 * <p>Purposes: {@value #PERSONALISATION}, {@value #MARKETING}, {@value #ANALYTICS}, {@value #EXTERNAL_AI}. At most
 * {@value #MAX_VERSIONS} versions per subject and purpose. State: {@code c/<subject hex>/<purpose>} → the count,
 * {@code c/<subject hex>/<purpose>/<n>} → version n. Stateless and thread-safe.
 */
public final class ConsentContract implements Contract {
    public static final String ID = "consent";
    public static final String SET = "set";
    public static final String GET = "get";
    public static final String HISTORY = "history";

    public static final String PERSONALISATION = "personalisation";
    public static final String MARKETING = "marketing";
    public static final String ANALYTICS = "analytics";
    public static final String EXTERNAL_AI = "external_ai";
    public static final List<String> PURPOSES = List.of(PERSONALISATION, MARKETING, ANALYTICS, EXTERNAL_AI);
    public static final int SUBJECT_BYTES = 32;
    public static final int MAX_VERSIONS = 10_000;

    private static final List<String> SET_FIELDS = List.of("subject", "purpose", "granted");
    private static final List<String> GET_FIELDS = List.of("subject", "purpose");
    private static final Set<String> KNOWN = Set.copyOf(PURPOSES);

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code set} call. */
    public static byte[] setArgs(byte[] subject, String purpose, boolean granted) {
        return CborMap.builder().put("subject", subject).put("purpose", purpose).put("granted", granted).build()
                .encode();
    }

    /** Arguments of the {@code get} and {@code history} queries. */
    public static CborMap getArgs(byte[] subject, String purpose) {
        return CborMap.builder().put("subject", subject).put("purpose", purpose).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        if (!method.equals(SET)) {
            throw new ContractFailure("consent has no method '" + method + "'");
        }
        Args.allowOnly(args, method, SET_FIELDS);
        String base = base(args);
        boolean granted = args.bool("granted");
        long n = count(ctx, base) + 1;
        if (n > MAX_VERSIONS) {
            throw new ContractFailure("this consent already has " + MAX_VERSIONS + " versions, the most it may have");
        }
        CborMap version = CborMap.builder().put("purpose", args.text("purpose")).put("granted", granted).put("n", n)
                .put("height", ctx.blockHeight()).put("timestamp", ctx.blockTimestamp()).build();
        ctx.put(base + "/" + n, version.encode());
        ctx.put(base, CborMap.builder().put("count", n).build().encode());
        return version;
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, GET_FIELDS);
                String base = base(args);
                long n = count(state, base);
                yield n == 0
                        ? CborMap.builder().put("purpose", args.text("purpose")).put("granted", false).put("n", 0L)
                                .build()
                        : version(state, base, n);
            }
            case HISTORY -> {
                Args.allowOnly(args, method, GET_FIELDS);
                String base = base(args);
                long n = count(state, base);
                List<Object> versions = new ArrayList<>();
                for (long i = 1; i <= n; i++) {
                    versions.add(version(state, base, i));
                }
                yield CborMap.builder().put("versions", versions).build();
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    private static String base(CborMap args) {
        byte[] subject = args.bytes("subject");
        if (subject.length != SUBJECT_BYTES) {
            throw new ContractFailure("field 'subject': a person's commitment has " + SUBJECT_BYTES + " bytes, got "
                    + subject.length);
        }
        String purpose = args.text("purpose");
        if (!KNOWN.contains(purpose)) {
            throw new ContractFailure("field 'purpose': one of " + String.join(", ", PURPOSES));
        }
        return "c/" + HexFormat.of().formatHex(subject) + "/" + purpose;
    }

    private static long count(StateView state, String base) {
        return state.get(base).map(CborMap::parse).map(m -> m.integer("count")).orElse(0L);
    }

    private static CborMap version(StateView state, String base, long n) {
        return state.get(base + "/" + n).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("consent version " + n + " is missing"));
    }
}
