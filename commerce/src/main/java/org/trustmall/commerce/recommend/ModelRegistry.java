package org.trustmall.commerce.recommend;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.contracts.provenance.DatasetRegistryContract;
import org.trustmall.contracts.provenance.ModelRegistryContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The platform's trained models, registered on the ledger's {@value ModelRegistryContract#ID}: each artifact's
 * SHA-256, the {@link TrainingSnapshots training snapshot} it learnt from, its parameters and metrics. Artifacts are
 * kept under {@code dataDir/recsys/models/<id>.model}. {@link #load} hands out an artifact's bytes only after
 * checking them against the ledger — registered, not superseded (nor its snapshot), and the very bytes registered —
 * so a server never deserialises weights nobody registered. Thread-safe.
 */
public final class ModelRegistry {
    private static final int PAGE = 100;

    private final LedgerGateway ledger;
    private final Path dir;

    /** @param dir where artifacts are kept ({@code dataDir/recsys/models}) */
    public ModelRegistry(LedgerGateway ledger, Path dir) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /**
     * A model as the ledger holds it.
     *
     * @param id             e.g. {@code sasrec-1f0c…-9a3e…}: family, artifact hash prefix, snapshot root prefix
     * @param artifactSha256 the artifact's SHA-256, 64 hex digits
     * @param snapshotRoot   the training snapshot's root
     * @param transactionId  the ledger transaction that registered it
     * @param superseded     whether it was superseded (then {@code supersededReason} says why)
     */
    public record Registration(String id, String family, String artifactSha256, String snapshotRoot,
                               Map<String, String> parameters, Map<String, Double> metrics, long height,
                               Instant registeredAt, String transactionId, boolean superseded,
                               String supersededReason) {
        public Registration {
            parameters = Map.copyOf(parameters);
            metrics = Map.copyOf(metrics);
        }
    }

    /** A loaded artifact: the bytes that were checked against {@code registration}, to deserialise as they are. */
    public record Artifact(Registration registration, byte[] bytes) {
    }

    /**
     * Stores {@code artifact} and registers it, trained on snapshot {@code snapshotRoot}, with its parameters and
     * metrics (finite numbers; names of 1-64 characters {@code [A-Za-z0-9_.@-]}, e.g. {@code valid_ndcg@10}).
     * Registering the same artifact on the same snapshot with the same parameters and metrics again returns the
     * first registration.
     *
     * @throws CommerceException.InvalidInput naming {@code family}, {@code metrics.<name>} …
     * @throws CommerceException when the ledger refuses (the snapshot is not registered, or superseded)
     */
    public Registration register(String family, byte[] artifact, String snapshotRoot, Map<String, String> parameters,
                                 Map<String, Double> metrics) {
        Objects.requireNonNull(artifact, "artifact");
        if (family == null || !family.matches("[a-z][a-z0-9-]{0,31}")) {
            throw new CommerceException.InvalidInput("family", "a lower-case label like sasrec ([a-z][a-z0-9-]*)");
        }
        if (snapshotRoot == null || !snapshotRoot.matches("[0-9a-f]{64}")) {
            throw new CommerceException.InvalidInput("snapshotRoot", "a snapshot root is 64 lower-case hex digits");
        }
        Map<String, String> metricText = new TreeMap<>();
        metrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new CommerceException.InvalidInput("metrics." + name, "must be a finite number");
            }
            metricText.put(name, Double.toString(value));
        });
        String sha = Hash.sha256(artifact).hex();
        String id = family + "-" + sha.substring(0, 16) + "-" + snapshotRoot.substring(0, 8);
        Path file = artifactPath(id);
        boolean wrote = store(file, artifact, sha);
        try {
            CborMap r = ledger.submit(ModelRegistryContract.ID, ModelRegistryContract.REGISTER,
                    CborMap.parse(ModelRegistryContract.registerArgs(new ModelRegistryContract.Model(id, family, sha,
                            snapshotRoot, parameters, metricText)))).result();
            return registration(r);
        } catch (CommerceException e) {
            if (wrote) {
                delete(file);
            }
            throw e;
        }
    }

    /** The registration of model {@code id}, if any. */
    public Optional<Registration> get(String id) {
        try {
            return Optional.of(registration(ledger.query(ModelRegistryContract.ID, ModelRegistryContract.GET,
                    ModelRegistryContract.getArgs(id))));
        } catch (CommerceException notRegistered) {
            return Optional.empty();
        }
    }

    /** Every model, or those of snapshot {@code snapshotRoot} when not null, in registration order. */
    public List<Registration> list(String snapshotRoot) {
        List<Registration> out = new ArrayList<>();
        for (long from = 1; ; from += PAGE) {
            CborMap page = ledger.query(ModelRegistryContract.ID, ModelRegistryContract.LIST,
                    ModelRegistryContract.listArgs(snapshotRoot, from, PAGE));
            page.maps("models").forEach(m -> out.add(registration(m)));
            if (from + PAGE > page.integer("count")) {
                return out;
            }
        }
    }

    /** The most recently registered model that may serve: neither it nor its snapshot superseded. */
    public Optional<Registration> latestActive() {
        return latestActive(r -> true);
    }

    /**
     * As {@link #latestActive()} among the models {@code which} accepts: the registry also holds other kinds of model
     * (the fraud-risk model), which a recommender must not pick up.
     */
    public Optional<Registration> latestActive(java.util.function.Predicate<Registration> which) {
        List<Registration> all = list(null);
        for (int i = all.size() - 1; i >= 0; i--) {
            Registration r = all.get(i);
            if (which.test(r) && !r.superseded() && snapshotActive(r.snapshotRoot())) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Where model {@code id}'s artifact is kept. */
    public Path artifactPath(String id) {
        if (id == null || !id.matches("[a-z][a-z0-9-]{0,31}-[0-9a-f]{16}-[0-9a-f]{8}")) {
            throw new CommerceException.InvalidInput("modelId", "not a model id of this registry");
        }
        return dir.resolve(id + ".model");
    }

    /** {@link #load(String, Path)} from where {@link #register} stored it. */
    public Artifact load(String modelId) {
        return load(modelId, artifactPath(modelId));
    }

    /**
     * The bytes of {@code artifact} as model {@code modelId}, after checking that the model is registered, that
     * neither it nor its snapshot is superseded, and that the bytes' SHA-256 is the registered one. Deserialise the
     * returned bytes, not the file again.
     *
     * @throws ModelRejected when any check fails, naming the model and why
     */
    public Artifact load(String modelId, Path artifact) {
        Registration r = get(modelId).orElseThrow(() -> new ModelRejected(modelId, "it is not registered on the "
                + "ledger"));
        if (r.superseded()) {
            throw new ModelRejected(modelId, "it was superseded (" + r.supersededReason() + ")");
        }
        if (!snapshotActive(r.snapshotRoot())) {
            throw new ModelRejected(modelId, "its training snapshot " + r.snapshotRoot() + " was superseded");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(artifact);
        } catch (NoSuchFileException e) {
            throw new ModelRejected(modelId, "its artifact " + artifact + " is missing");
        } catch (IOException e) {
            throw new ModelRejected(modelId, "its artifact " + artifact + " cannot be read (" + e.getMessage() + ")");
        }
        String sha = Hash.sha256(bytes).hex();
        if (!sha.equals(r.artifactSha256())) {
            throw new ModelRejected(modelId, "artifact " + artifact + " has SHA-256 " + sha + " but the ledger "
                    + "registered " + r.artifactSha256() + "; it was altered or replaced");
        }
        return new Artifact(r, bytes);
    }

    /** Marks model {@code id} superseded on the ledger (once), with a public reason. */
    public Registration supersede(String id, String reason) {
        return registration(ledger.submit(ModelRegistryContract.ID, ModelRegistryContract.SUPERSEDE,
                CborMap.parse(ModelRegistryContract.supersedeArgs(id, reason))).result());
    }

    private boolean snapshotActive(String root) {
        try {
            return !ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.GET,
                    DatasetRegistryContract.getArgs(root)).bool("superseded");
        } catch (CommerceException notRegistered) {
            return false;
        }
    }

    /** Writes the artifact under a temporary name and moves it into place; false if the same bytes are there. */
    private static boolean store(Path file, byte[] artifact, String sha) {
        try {
            if (Files.isRegularFile(file) && Hash.sha256(Files.readAllBytes(file)).hex().equals(sha)) {
                return false;
            }
            Files.createDirectories(file.getParent());
            Path temp = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
            try {
                Files.write(temp, artifact);
                try {
                    Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(temp);
            }
            return true;
        } catch (IOException e) {
            throw new CommerceException(file + ": cannot store the model artifact: " + e.getMessage(), e);
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the refusal being reported matters more; an unregistered artifact is never loaded
        }
    }

    private static Registration registration(CborMap m) {
        Map<String, String> parameters = new LinkedHashMap<>();
        CborMap p = m.map("parameters");
        p.fields().forEach(f -> parameters.put(f, p.text(f)));
        Map<String, Double> metrics = new LinkedHashMap<>();
        CborMap x = m.map("metrics");
        x.fields().forEach(f -> metrics.put(f, Double.parseDouble(x.text(f))));
        boolean superseded = m.bool("superseded");
        return new Registration(m.text("id"), m.text("family"), m.text("artifact_sha256"), m.text("snapshot"),
                parameters, metrics, m.integer("height"), Instant.ofEpochMilli(m.integer("timestamp")),
                HexFormat.of().formatHex(m.bytes("tx")), superseded,
                superseded ? m.map("supersession").text("reason") : null);
    }
}
