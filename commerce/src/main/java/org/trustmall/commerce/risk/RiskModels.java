package org.trustmall.commerce.risk;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.trustmall.ai.AiException;
import org.trustmall.ai.risk.BoostedTreesRiskModel;
import org.trustmall.ai.risk.LabelledOrder;
import org.trustmall.ai.risk.OrderGenerator;
import org.trustmall.ai.risk.RiskDataset;
import org.trustmall.ai.risk.RiskEvaluation;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.ai.risk.RiskModel;
import org.trustmall.ai.risk.RiskScenario;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.ModelRejected;
import org.trustmall.contracts.provenance.DatasetRegistryContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.merkle.MerkleHashes;

/**
 * The fraud-risk model in service. At first use it trains XGBoost on the generated scenario the {@link RiskPolicy}
 * names (no person's data: the generator's), registers that data set in the ledger's dataset registry under the
 * Merkle root of its training rows (source {@value #SOURCE}) and the model in the model registry (family
 * {@value #FAMILY}), keeping the artifact under {@code dataDir/risk/models}. Afterwards, and on every later start,
 * it loads the artifact only through {@link ModelRegistry#load}, which refuses bytes whose SHA-256 is not the
 * registered one, and then through {@link RiskModel#read(byte[], String)}, which checks the hash once more before
 * parsing. A validator rebuilds the same model from the artifact and its registered hash.
 *
 * <p>Training is deterministic for a scenario, so one process trains a scenario once and reuses the artifact for
 * every platform it opens (tests open many). Thread-safe.
 */
public final class RiskModels {
    public static final String FAMILY = "risk-xgboost";
    public static final String SOURCE = "risk-generator";
    public static final String CONSENT_POLICY = "synthetic-no-persons";

    private static final Map<RiskScenario, Trained> TRAINED = new ConcurrentHashMap<>();

    private final LedgerGateway ledger;
    private final ModelRegistry registry;
    private final RiskPolicy policy;
    private volatile Deployed deployed;

    /** A model in service: its registry id, the hash registered for it, and the model rebuilt from the artifact. */
    public record Deployed(String id, String sha256, RiskModel model) {
    }

    /** A trained artifact with its data set's registration. */
    private record Trained(byte[] artifact, DatasetRegistryContract.Dataset dataset, Map<String, Double> metrics) {
    }

    /** @param dir where artifacts are kept ({@code dataDir/risk/models}) */
    public RiskModels(LedgerGateway ledger, Path dir, RiskPolicy policy) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.registry = new ModelRegistry(ledger, dir);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The model in service, trained and registered on first use; loaded through the hash check. */
    public Deployed deployed() {
        Deployed d = deployed;
        if (d == null) {
            synchronized (this) {
                d = deployed;
                if (d == null) {
                    d = load();
                    deployed = d;
                }
            }
        }
        return d;
    }

    /**
     * The id of the model in service, if it was loaded already; unlike {@link #deployed()} this never trains or
     * loads one, so a console can ask cheaply.
     */
    public Optional<String> deployedId() {
        Deployed d = deployed;
        return d == null ? Optional.empty() : Optional.of(d.id());
    }

    /** The registry the models are registered in (a validator looks a model up there by its hash). */
    public ModelRegistry registry() {
        return registry;
    }

    private Deployed load() {
        RiskScenario scenario = new RiskScenario(policy.trainingSeed(), policy.trainingOrders());
        Trained t = TRAINED.computeIfAbsent(scenario, RiskModels::train);
        String sha = Hash.sha256(t.artifact()).hex();
        String id = registry.list(null).stream()
                .filter(r -> r.family().equals(FAMILY) && r.artifactSha256().equals(sha) && !r.superseded())
                .map(ModelRegistry.Registration::id).findFirst().orElse(null);
        if (id == null) {
            DatasetRegistryContract.Dataset ds = t.dataset();
            ledger.submit(DatasetRegistryContract.ID, DatasetRegistryContract.REGISTER,
                    CborMap.parse(DatasetRegistryContract.registerArgs(ds)));
            Map<String, String> parameters = new LinkedHashMap<>();
            parameters.put("feature_version", RiskFeatures.VERSION);
            parameters.put("scenario_seed", Long.toString(scenario.seed()));
            parameters.put("scenario_orders", Long.toString(scenario.orders()));
            parameters.put("rounds", Integer.toString(BoostedTreesRiskModel.ROUNDS));
            id = registry.register(FAMILY, t.artifact(), ds.root(), parameters, t.metrics()).id();
        }
        ModelRegistry.Artifact a = registry.load(id);
        try {
            return new Deployed(id, a.registration().artifactSha256(),
                    RiskModel.read(a.bytes(), a.registration().artifactSha256()));
        } catch (AiException e) {
            throw new ModelRejected(id, e.getMessage());
        }
    }

    private static Trained train(RiskScenario scenario) {
        RiskEvaluation.Report report = RiskEvaluation.run(scenario);
        RiskEvaluation.ModelResult trees = report.model("xgboost");
        RiskDataset data = OrderGenerator.generate(scenario);
        List<LabelledOrder> rows = data.train();
        double[][] x = data.features(rows);
        List<Hash> leaves = new ArrayList<>(rows.size());
        Set<String> accounts = new HashSet<>();
        Set<String> categories = new HashSet<>();
        for (int i = 0; i < rows.size(); i++) {
            byte[] vector = RiskFeatures.canonicalBytes(x[i]);
            byte[] row = new byte[vector.length + 1];
            System.arraycopy(vector, 0, row, 0, vector.length);
            row[vector.length] = (byte) (rows.get(i).fraud() ? 1 : 0);
            leaves.add(MerkleHashes.leafHash(row));
            accounts.add(rows.get(i).attempt().account());
            categories.add(rows.get(i).attempt().category());
        }
        String schema = Hash.sha256(("risk training row: canonical " + RiskFeatures.VERSION + " vector "
                + RiskFeatures.NAMES + " then one label byte (1 = fraud)").getBytes(StandardCharsets.UTF_8)).hex();
        DatasetRegistryContract.Dataset ds = new DatasetRegistryContract.Dataset(root(leaves).hex(), rows.size(),
                accounts.size(), categories.size(), schema, CONSENT_POLICY, SOURCE);
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("test_pr_auc", trees.prAuc());
        metrics.put("test_roc_auc", trees.rocAuc());
        metrics.put("test_recall_at_1pct_fpr", trees.recallAt1pctFpr());
        return new Trained(trees.model().artifact(), ds, metrics);
    }

    /** The RFC 9162 Merkle tree head over {@code leaves}: split at the largest power of two below the size. */
    static Hash root(List<Hash> leaves) {
        if (leaves.isEmpty()) {
            return MerkleHashes.emptyRoot();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return MerkleHashes.nodeHash(root(leaves.subList(0, k)), root(leaves.subList(k, leaves.size())));
    }
}
