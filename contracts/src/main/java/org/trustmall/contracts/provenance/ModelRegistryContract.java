package org.trustmall.contracts.provenance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The platform's trained models: for each, the SHA-256 of its artifact, the {@link DatasetRegistryContract
 * registered snapshot} it was trained on, its hyperparameters and its evaluation metrics. A server loads a model only
 * if the artifact's hash matches its registration here, so nobody can swap the weights unseen; and anyone can follow
 * a model back to the snapshot — and so to the consent policy — it came from.
 *
 * <p>A registration never changes. A model that must no longer serve (its snapshot was superseded, say) is
 * <em>superseded</em>: a separate, permanent entry with the reason. Only a snapshot that is registered and not
 * superseded may get new models.
 *
 * <p>Who may write: the dataset registry's operator (the same organisation and role, or that organisation's own
 * key), so that the one party answerable for the training data is the one that registers what was trained on it.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code register {id, family, artifact_sha256, snapshot, parameters: {name: text}, metrics: {name:
 *       decimal text}}} → the registration as {@code get} shows it. {@code id} is an opaque id (1-100 characters, no
 *       control characters); {@code family} a label like {@code sasrec}; hashes and roots are 64 lower-case hex
 *       digits; at most {@value #MAX_ENTRIES} parameters and metrics, names of 1-64 characters
 *       {@code [A-Za-z0-9_.@-]}, parameter values of at most {@value #MAX_VALUE_CHARS} characters, metric values
 *       decimal numbers like {@code 0.0612} or {@code -1.5e-3} (text: the ledger's encoding has no floats).
 *       Registering an id again with the very same fields returns the first registration and writes nothing; with
 *       any other field, it fails.</li>
 *   <li>{@code supersede {id, reason: 1-500 chars}} → the model as {@code get} shows it; once per model.</li>
 * </ul>
 * Queries: {@code get {id}} → {id, family, artifact_sha256, snapshot, parameters, metrics, n, height, timestamp, tx,
 * by, superseded: bool, supersession?: {reason, height, timestamp, tx, by}}; {@code list {snapshot?, from?: ≥ 1,
 * limit?: 1-100}} → {count, models: [get …]}, in registration order — of all models, or of one snapshot's.
 *
 * <p>State: {@code m/<id>} → the registration; {@code m/<id>\0s} → its supersession; {@code count} and
 * {@code n/<n>} → {id}: all models in order; {@code s/<snapshot>} → {count} and {@code s/<snapshot>\0<k>} → {id}:
 * one snapshot's. Stateless and thread-safe.
 */
public final class ModelRegistryContract implements Contract {
    public static final String ID = "model-registry";
    public static final String REGISTER = "register";
    public static final String SUPERSEDE = "supersede";
    public static final String GET = "get";
    public static final String LIST = "list";
    public static final int MAX_ENTRIES = 64;
    public static final int MAX_VALUE_CHARS = 200;

    private static final List<String> REGISTER_FIELDS = List.of("id", "family", "artifact_sha256", "snapshot",
            "parameters", "metrics");
    private static final List<String> SUPERSEDE_FIELDS = List.of("id", "reason");
    private static final List<String> LIST_FIELDS = List.of("snapshot", "from", "limit");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.@-]{1,64}");
    private static final Pattern DECIMAL =
            Pattern.compile("-?(0|[1-9][0-9]{0,17})(\\.[0-9]{1,20})?([eE][-+]?[0-9]{1,3})?");

    /**
     * A model as registered.
     *
     * @param artifactSha256 SHA-256 of the artifact's bytes, 64 lower-case hex digits
     * @param snapshot       the root of the registered snapshot it was trained on
     * @param parameters     hyperparameters by name, as text
     * @param metrics        evaluation results by name, as decimal text (e.g. {@code valid_ndcg@10 → 0.0612})
     */
    public record Model(String id, String family, String artifactSha256, String snapshot,
                        Map<String, String> parameters, Map<String, String> metrics) {
        public Model {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(family, "family");
            Objects.requireNonNull(artifactSha256, "artifactSha256");
            Objects.requireNonNull(snapshot, "snapshot");
            parameters = Map.copyOf(parameters);
            metrics = Map.copyOf(metrics);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code register} call. */
    public static byte[] registerArgs(Model m) {
        return fields(m.id(), m.family(), m.artifactSha256(), m.snapshot(), CborMap.of(new TreeMap<>(m.parameters())),
                CborMap.of(new TreeMap<>(m.metrics()))).encode();
    }

    /** Arguments of a {@code supersede} call. */
    public static byte[] supersedeArgs(String id, String reason) {
        return CborMap.builder().put("id", id).put("reason", reason).build().encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String id) {
        return CborMap.builder().put("id", id).build();
    }

    /** Arguments of the {@code list} query over all models ({@code snapshot} null) or one snapshot's. */
    public static CborMap listArgs(String snapshot, long from, long limit) {
        CborMap.Builder b = CborMap.builder().put("from", from).put("limit", limit);
        if (snapshot != null) {
            b.put("snapshot", snapshot);
        }
        return b.build();
    }

    private static CborMap fields(String id, String family, String sha, String snapshot, CborMap parameters,
                                  CborMap metrics) {
        return CborMap.builder().put("id", id).put("family", family).put("artifact_sha256", sha)
                .put("snapshot", snapshot).put("parameters", parameters).put("metrics", metrics).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case REGISTER -> register(args, ctx);
            case SUPERSEDE -> supersede(args, ctx);
            default -> throw new ContractFailure("model-registry has no method '" + method + "'");
        };
    }

    private CborMap register(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, REGISTER, REGISTER_FIELDS);
        String id = Args.id(args, "id");
        String family = Provenance.label(args, "family");
        String sha = Provenance.sha256Hex(args, "artifact_sha256");
        String snapshot = Provenance.sha256Hex(args, "snapshot");
        CborMap parameters = entries(args, "parameters", false);
        CborMap metrics = entries(args, "metrics", true);
        requireOperator(ctx, "register models");
        Optional<CborMap> existing = ctx.get(key(id)).map(CborMap::parse);
        CborMap fields = fields(id, family, sha, snapshot, parameters, metrics);
        if (existing.isPresent()) {
            if (!registered(existing.get()).equals(fields)) {
                throw new ContractFailure("field 'id': model '" + id + "' is already registered with other fields; "
                        + "a registration never changes");
            }
            return view(ctx, existing.get());
        }
        if (!DatasetRegistryContract.isRegistered(ctx, snapshot)) {
            throw new ContractFailure("field 'snapshot': snapshot " + snapshot + " is not registered in the "
                    + DatasetRegistryContract.ID);
        }
        if (!DatasetRegistryContract.isActive(ctx, snapshot)) {
            throw new ContractFailure("field 'snapshot': snapshot " + snapshot + " is superseded; train on a "
                    + "current one");
        }
        long n = Provenance.counter(ctx, "count") + 1;
        long k = Provenance.counter(ctx, snapshotKey(snapshot)) + 1;
        CborMap record = Provenance.stamp(CborMap.builder().put("id", id).put("family", family)
                .put("artifact_sha256", sha).put("snapshot", snapshot).put("parameters", parameters)
                .put("metrics", metrics).put("n", n), ctx).build();
        ctx.put(key(id), record.encode());
        ctx.put("count", Provenance.counterValue(n));
        ctx.put("n/" + n, CborMap.builder().put("id", id).build().encode());
        ctx.put(snapshotKey(snapshot), Provenance.counterValue(k));
        ctx.put(snapshotKey(snapshot) + "\0" + k, CborMap.builder().put("id", id).build().encode());
        return view(ctx, record);
    }

    private CborMap supersede(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, SUPERSEDE, SUPERSEDE_FIELDS);
        String id = Args.id(args, "id");
        String reason = Provenance.reason(args);
        requireOperator(ctx, "supersede models");
        CborMap record = existing(ctx, id);
        if (ctx.contains(supersessionKey(id))) {
            throw new ContractFailure("field 'id': model '" + id + "' is already superseded");
        }
        ctx.put(supersessionKey(id), Provenance.stamp(CborMap.builder().put("reason", reason), ctx).build().encode());
        return view(ctx, record);
    }

    private static void requireOperator(ContractContext ctx, String what) {
        CborMap operator = DatasetRegistryContract.operator(ctx)
                .orElseThrow(() -> new ContractFailure("no snapshot is registered in the "
                        + DatasetRegistryContract.ID + ", so nobody may " + what + " yet"));
        Provenance.requireOperator(operator, ctx.caller(), what);
    }

    /** A map of at most {@value #MAX_ENTRIES} named text values; decimal numbers when {@code numeric}. */
    private static CborMap entries(CborMap args, String field, boolean numeric) {
        CborMap map = args.map(field);
        if (map.fields().size() > MAX_ENTRIES) {
            throw new ContractFailure("field '" + field + "': at most " + MAX_ENTRIES + " entries");
        }
        for (String name : map.fields()) {
            if (!NAME.matcher(name).matches()) {
                throw new ContractFailure("field '" + field + "." + name + "': names are 1-64 characters "
                        + "A-Z a-z 0-9 _ . @ -");
            }
            String value = map.text(name);
            if (numeric ? !DECIMAL.matcher(value).matches()
                    : value.length() > MAX_VALUE_CHARS || value.codePoints().anyMatch(Character::isISOControl)) {
                throw new ContractFailure("field '" + field + "." + name + "': " + (numeric
                        ? "a decimal number as text, like 0.0612 or -1.5e-3"
                        : "at most " + MAX_VALUE_CHARS + " characters, no control characters"));
            }
        }
        return map;
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, List.of("id"));
                yield view(state, existing(state, Args.id(args, "id")));
            }
            case LIST -> {
                Args.allowOnly(args, method, LIST_FIELDS);
                Optional<String> snapshot = args.has("snapshot")
                        ? Optional.of(Provenance.sha256Hex(args, "snapshot")) : Optional.empty();
                String counter = snapshot.map(ModelRegistryContract::snapshotKey).orElse("count");
                long count = Provenance.counter(state, counter);
                List<Object> out = new ArrayList<>();
                for (long n : Provenance.window(args, count)) {
                    String entry = snapshot.isPresent() ? counter + "\0" + n : "n/" + n;
                    String id = Provenance.required(state, entry, "model " + n).text("id");
                    out.add(view(state, existing(state, id)));
                }
                yield CborMap.builder().put("count", count).put("models", out).build();
            }
            default -> Contract.super.query(method, args, state);
        };
    }

    private static CborMap registered(CborMap record) {
        return fields(record.text("id"), record.text("family"), record.text("artifact_sha256"),
                record.text("snapshot"), record.map("parameters"), record.map("metrics"));
    }

    private static CborMap view(StateView state, CborMap record) {
        Optional<CborMap> s = state.get(supersessionKey(record.text("id"))).map(CborMap::parse);
        CborMap.Builder b = CborMap.builder();
        for (String f : List.of("id", "family", "artifact_sha256", "snapshot", "by")) {
            b.put(f, record.text(f));
        }
        b.put("parameters", record.map("parameters")).put("metrics", record.map("metrics"));
        for (String f : List.of("n", "height", "timestamp")) {
            b.put(f, record.integer(f));
        }
        b.put("tx", record.bytes("tx")).put("superseded", s.isPresent());
        s.ifPresent(x -> b.put("supersession", x));
        return b.build();
    }

    private static CborMap existing(StateView state, String id) {
        return state.get(key(id)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("field 'id': model '" + id + "' is not registered"));
    }

    private static String key(String id) {
        return "m/" + id;
    }

    // Ids hold no control characters, so NUL separates an id from its supersession unambiguously.
    private static String supersessionKey(String id) {
        return "m/" + id + "\0s";
    }

    private static String snapshotKey(String snapshot) {
        return "s/" + snapshot;
    }
}
