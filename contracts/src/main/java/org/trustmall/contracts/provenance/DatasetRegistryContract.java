package org.trustmall.contracts.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The training-data snapshots the platform's models learn from, by content address: each is registered under the
 * Merkle root of its rows, with its row, user and item counts, the hash of its row schema, the consent policy that
 * selected its rows and a label of its source. It never holds a row or a person's id — only counts, hashes and
 * labels — so anyone holding a copy of a snapshot can check it is the one registered, and nobody learns whose data
 * it holds.
 *
 * <p>A registration never changes. A snapshot that must no longer be trained on (a person in it withdrew consent or
 * was erased, say) is <em>superseded</em>: a separate, permanent entry with the reason and, optionally, the root of
 * the snapshot that replaces it. The {@link ModelRegistryContract model registry} refuses models of a superseded
 * snapshot.
 *
 * <p>Who may write: whoever registers the first snapshot becomes the registry's operator; afterwards only the same
 * organisation and role, or that organisation's own key (role {@code org}), may register or supersede — the
 * controller rule of the review and escrow contracts, here for the registry as a whole.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code register {root, rows, users, items, schema_hash, consent_policy, source}} → the registration as
 *       {@code get} shows it. Hashes are 64 lower-case hex digits; counts are ≥ 0; {@code consent_policy} and
 *       {@code source} are labels ({@code [a-z0-9][a-z0-9._:/-]{0,63}}). Registering a root again with the very
 *       same fields returns the first registration and writes nothing; with any other field, it fails.</li>
 *   <li>{@code supersede {root, reason: 1-500 chars, by_root?}} → the snapshot as {@code get} shows it; once per
 *       snapshot; {@code by_root}, when given, must be another registered snapshot. The reason is public: the
 *       platform's words, never a person's data.</li>
 * </ul>
 * Queries: {@code get {root}} → {root, rows, users, items, schema_hash, consent_policy, source, n, height,
 * timestamp, tx, by, superseded: bool, supersession?: {reason, by_root?, height, timestamp, tx, by}};
 * {@code list {from?: ≥ 1, limit?: 1-100}} → {count, operator?, datasets: [get …]} in registration order.
 *
 * <p>State: {@code operator} → {org, role}; {@code d/<root>} → the registration; {@code d/<root>\0s} → its
 * supersession; {@code count} → {count}; {@code n/<n>} → {root}. Stateless and thread-safe.
 */
public final class DatasetRegistryContract implements Contract {
    public static final String ID = "dataset-registry";
    public static final String REGISTER = "register";
    public static final String SUPERSEDE = "supersede";
    public static final String GET = "get";
    public static final String LIST = "list";

    private static final List<String> REGISTER_FIELDS = List.of("root", "rows", "users", "items", "schema_hash",
            "consent_policy", "source");
    private static final List<String> SUPERSEDE_FIELDS = List.of("root", "reason", "by_root");
    private static final List<String> LIST_FIELDS = List.of("from", "limit");

    /**
     * A snapshot as registered.
     *
     * @param root          the Merkle root over its rows, 64 lower-case hex digits
     * @param schemaHash    SHA-256 of its row schema, 64 lower-case hex digits
     * @param consentPolicy the version of the rule that chose its rows, a label
     * @param source        where its rows came from, a label (e.g. {@code platform-events})
     */
    public record Dataset(String root, long rows, long users, long items, String schemaHash, String consentPolicy,
                          String source) {
        public Dataset {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(schemaHash, "schemaHash");
            Objects.requireNonNull(consentPolicy, "consentPolicy");
            Objects.requireNonNull(source, "source");
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code register} call. */
    public static byte[] registerArgs(Dataset d) {
        return fields(d).encode();
    }

    /** Arguments of a {@code supersede} call; {@code byRoot} may be null. */
    public static byte[] supersedeArgs(String root, String reason, String byRoot) {
        CborMap.Builder b = CborMap.builder().put("root", root).put("reason", reason);
        if (byRoot != null) {
            b.put("by_root", byRoot);
        }
        return b.build().encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String root) {
        return CborMap.builder().put("root", root).build();
    }

    /** Arguments of the {@code list} query: registrations {@code from} (1-based) on, at most {@code limit}. */
    public static CborMap listArgs(long from, long limit) {
        return CborMap.builder().put("from", from).put("limit", limit).build();
    }

    private static CborMap fields(Dataset d) {
        return CborMap.builder().put("root", d.root()).put("rows", d.rows()).put("users", d.users())
                .put("items", d.items()).put("schema_hash", d.schemaHash()).put("consent_policy", d.consentPolicy())
                .put("source", d.source()).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case REGISTER -> register(args, ctx);
            case SUPERSEDE -> supersede(args, ctx);
            default -> throw new ContractFailure("dataset-registry has no method '" + method + "'");
        };
    }

    private CborMap register(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, REGISTER, REGISTER_FIELDS);
        Dataset d = new Dataset(Provenance.sha256Hex(args, "root"), Provenance.count(args, "rows"),
                Provenance.count(args, "users"), Provenance.count(args, "items"),
                Provenance.sha256Hex(args, "schema_hash"), Provenance.label(args, "consent_policy"),
                Provenance.label(args, "source"));
        if (d.users() > d.rows() || d.items() > d.rows()) {
            throw new ContractFailure("field 'rows': a snapshot of " + d.rows() + " rows cannot hold " + d.users()
                    + " users and " + d.items() + " items");
        }
        Optional<CborMap> operator = Provenance.operator(ctx.get(Provenance.OPERATOR_KEY));
        operator.ifPresent(o -> Provenance.requireOperator(o, ctx.caller(), "register snapshots"));
        Optional<CborMap> existing = ctx.get(key(d.root())).map(CborMap::parse);
        if (existing.isPresent()) {
            if (!registered(existing.get()).equals(fields(d))) {
                throw new ContractFailure("field 'root': snapshot " + d.root() + " is already registered with "
                        + "other fields; a registration never changes");
            }
            return view(ctx, existing.get());
        }
        if (operator.isEmpty()) {
            ctx.put(Provenance.OPERATOR_KEY, Provenance.operatorOf(ctx.caller()).encode());
        }
        long n = Provenance.counter(ctx, "count") + 1;
        CborMap record = Provenance.stamp(CborMap.builder()
                .put("root", d.root()).put("rows", d.rows()).put("users", d.users()).put("items", d.items())
                .put("schema_hash", d.schemaHash()).put("consent_policy", d.consentPolicy())
                .put("source", d.source()).put("n", n), ctx).build();
        ctx.put(key(d.root()), record.encode());
        ctx.put("count", Provenance.counterValue(n));
        ctx.put("n/" + n, CborMap.builder().put("root", d.root()).build().encode());
        return view(ctx, record);
    }

    private CborMap supersede(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, SUPERSEDE, SUPERSEDE_FIELDS);
        String root = Provenance.sha256Hex(args, "root");
        String reason = Provenance.reason(args);
        Optional<String> byRoot = args.has("by_root") ? Optional.of(Provenance.sha256Hex(args, "by_root"))
                : Optional.empty();
        CborMap operator = Provenance.operator(ctx.get(Provenance.OPERATOR_KEY))
                .orElseThrow(() -> new ContractFailure("field 'root': no snapshot is registered"));
        Provenance.requireOperator(operator, ctx.caller(), "supersede snapshots");
        CborMap record = existing(ctx, root);
        if (ctx.contains(supersessionKey(root))) {
            throw new ContractFailure("field 'root': snapshot " + root + " is already superseded");
        }
        if (byRoot.isPresent()) {
            if (byRoot.get().equals(root)) {
                throw new ContractFailure("field 'by_root': a snapshot cannot supersede itself");
            }
            if (!ctx.contains(key(byRoot.get()))) {
                throw new ContractFailure("field 'by_root': snapshot " + byRoot.get() + " is not registered");
            }
        }
        CborMap.Builder s = CborMap.builder().put("reason", reason);
        byRoot.ifPresent(b -> s.put("by_root", b));
        ctx.put(supersessionKey(root), Provenance.stamp(s, ctx).build().encode());
        return view(ctx, record);
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, List.of("root"));
                yield view(state, existing(state, Provenance.sha256Hex(args, "root")));
            }
            case LIST -> {
                Args.allowOnly(args, method, LIST_FIELDS);
                long count = Provenance.counter(state, "count");
                List<Object> out = new ArrayList<>();
                for (long n : Provenance.window(args, count)) {
                    String root = Provenance.required(state, "n/" + n, "registration " + n).text("root");
                    out.add(view(state, existing(state, root)));
                }
                CborMap.Builder b = CborMap.builder().put("count", count).put("datasets", out);
                Provenance.operator(state.get(Provenance.OPERATOR_KEY))
                        .ifPresent(o -> b.put("operator", o.text("org") + "/" + o.text("role")));
                yield b.build();
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    /** Whether snapshot {@code root} is registered and not superseded, as a contract sees it. */
    static boolean isActive(ContractContext ctx, String root) {
        return ctx.read(ID, key(root)).isPresent() && ctx.read(ID, supersessionKey(root)).isEmpty();
    }

    /** Whether snapshot {@code root} is registered at all, as a contract sees it. */
    static boolean isRegistered(ContractContext ctx, String root) {
        return ctx.read(ID, key(root)).isPresent();
    }

    /** This registry's operator, as another contract sees it. */
    static Optional<CborMap> operator(ContractContext ctx) {
        return Provenance.operator(ctx.read(ID, Provenance.OPERATOR_KEY));
    }

    private static CborMap registered(CborMap record) {
        return CborMap.builder().put("root", record.text("root")).put("rows", record.integer("rows"))
                .put("users", record.integer("users")).put("items", record.integer("items"))
                .put("schema_hash", record.text("schema_hash")).put("consent_policy", record.text("consent_policy"))
                .put("source", record.text("source")).build();
    }

    private static CborMap view(StateView state, CborMap record) {
        Optional<CborMap> s = state.get(supersessionKey(record.text("root"))).map(CborMap::parse);
        CborMap.Builder b = CborMap.builder();
        for (String f : List.of("root", "schema_hash", "consent_policy", "source", "by")) {
            b.put(f, record.text(f));
        }
        for (String f : List.of("rows", "users", "items", "n", "height", "timestamp")) {
            b.put(f, record.integer(f));
        }
        b.put("tx", record.bytes("tx")).put("superseded", s.isPresent());
        s.ifPresent(x -> b.put("supersession", x));
        return b.build();
    }

    private static CborMap existing(StateView state, String root) {
        return state.get(key(root)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("field 'root': snapshot " + root + " is not registered"));
    }

    private static String key(String root) {
        return "d/" + root;
    }

    // NUL cannot occur in a hex root, so a supersession never collides with a registration.
    private static String supersessionKey(String root) {
        return "d/" + root + "\0s";
    }
}
