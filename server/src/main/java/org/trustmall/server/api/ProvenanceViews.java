package org.trustmall.server.api;

import static org.trustmall.server.api.Schema.array;
import static org.trustmall.server.api.Schema.bool;
import static org.trustmall.server.api.Schema.enumOf;
import static org.trustmall.server.api.Schema.integer;
import static org.trustmall.server.api.Schema.mapOf;
import static org.trustmall.server.api.Schema.number;
import static org.trustmall.server.api.Schema.object;
import static org.trustmall.server.api.Schema.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.TrainingSnapshots;
import org.trustmall.commerce.risk.RiskModels;

/**
 * The console's model registry and dataset lineage: every registered model version with its metrics and the
 * snapshot it learnt from, and every snapshot with the models trained on it — all as the ledger's registries hold
 * them, each entry naming its registering transaction and the address of that transaction's inclusion proof.
 */
public final class ProvenanceViews {
    private static final String PROOF = "/api/v1/ledger/transactions/%s/proof";

    private ProvenanceViews() {
    }

    /** Which models serve now: the recommender's and the fraud-risk model's ids, if any. */
    public record Deployed(Optional<String> recommender, Optional<String> risk) {
        boolean has(String id) {
            return recommender.filter(id::equals).isPresent() || risk.filter(id::equals).isPresent();
        }
    }

    public static ObjectNode models(List<ModelRegistry.Registration> models,
                                    List<TrainingSnapshots.Registered> datasets, Deployed deployed) {
        Map<String, TrainingSnapshots.Registered> byRoot = datasets.stream()
                .collect(Collectors.toMap(TrainingSnapshots.Registered::root, Function.identity(), (a, b) -> a));
        ObjectNode o = Views.object();
        ObjectNode d = o.putObject("deployed");
        deployed.recommender().ifPresentOrElse(id -> d.put("recommender", id), () -> d.putNull("recommender"));
        deployed.risk().ifPresentOrElse(id -> d.put("risk", id), () -> d.putNull("risk"));
        var list = o.putArray("models");
        for (ModelRegistry.Registration m : models) {
            ObjectNode n = list.addObject().put("id", m.id()).put("family", m.family())
                    .put("kind", RiskModels.FAMILY.equals(m.family()) ? "risk" : "recommender")
                    .put("artifactSha256", m.artifactSha256()).put("height", m.height())
                    .put("registeredAt", m.registeredAt().toString()).put("transactionId", m.transactionId())
                    .put("proof", PROOF.formatted(m.transactionId())).put("deployed", deployed.has(m.id()))
                    .put("superseded", m.superseded());
            if (m.supersededReason() != null) {
                n.put("supersededReason", m.supersededReason());
            }
            ObjectNode metrics = n.putObject("metrics");
            new TreeMap<>(m.metrics()).forEach(metrics::put);
            ObjectNode parameters = n.putObject("parameters");
            new TreeMap<>(m.parameters()).forEach(parameters::put);
            ObjectNode s = n.putObject("snapshot").put("root", m.snapshotRoot());
            TrainingSnapshots.Registered ds = byRoot.get(m.snapshotRoot());
            if (ds != null) {
                s.put("rows", ds.rows()).put("source", ds.source()).put("consentPolicy", ds.consentPolicy())
                        .put("registeredAt", ds.registeredAt().toString()).put("transactionId", ds.transactionId())
                        .put("proof", PROOF.formatted(ds.transactionId())).put("superseded", ds.superseded());
            }
        }
        return o;
    }

    public static ObjectNode datasets(List<TrainingSnapshots.Registered> datasets,
                                      List<ModelRegistry.Registration> models) {
        Map<String, List<String>> modelsByRoot = new TreeMap<>();
        for (ModelRegistry.Registration m : models) {
            modelsByRoot.computeIfAbsent(m.snapshotRoot(), r -> new ArrayList<>()).add(m.id());
        }
        Map<String, List<String>> replaced = new TreeMap<>();
        for (TrainingSnapshots.Registered d : datasets) {
            if (d.supersededBy() != null) {
                replaced.computeIfAbsent(d.supersededBy(), r -> new ArrayList<>()).add(d.root());
            }
        }
        ObjectNode o = Views.object();
        var list = o.putArray("datasets");
        for (TrainingSnapshots.Registered d : datasets) {
            ObjectNode n = list.addObject().put("root", d.root()).put("rows", d.rows()).put("users", d.users())
                    .put("items", d.items()).put("schemaHash", d.schemaHash()).put("consentPolicy", d.consentPolicy())
                    .put("source", d.source()).put("height", d.height())
                    .put("registeredAt", d.registeredAt().toString()).put("transactionId", d.transactionId())
                    .put("proof", PROOF.formatted(d.transactionId())).put("superseded", d.superseded());
            if (d.superseded()) {
                ObjectNode s = n.putObject("supersession").put("reason", d.supersededReason());
                if (d.supersededBy() != null) {
                    s.put("by", d.supersededBy());
                }
                if (d.supersessionTransactionId() != null) {
                    s.put("transactionId", d.supersessionTransactionId())
                            .put("proof", PROOF.formatted(d.supersessionTransactionId()));
                }
            }
            replaced.getOrDefault(d.root(), List.of()).forEach(n.putArray("replaces")::add);
            modelsByRoot.getOrDefault(d.root(), List.of()).forEach(n.putArray("models")::add);
        }
        return o;
    }

    public static Schema modelsSchema() {
        Schema snapshot = object().req("root", string()).opt("rows", integer()).opt("source", string())
                .opt("consentPolicy", string()).opt("registeredAt", string().with("format", "date-time"))
                .opt("transactionId", string()).opt("proof", string()).opt("superseded", bool());
        return object().req("deployed", object().req("recommender", string().nullable().describe("the model the "
                                + "recommendations come from, or null"))
                        .req("risk", string().nullable().describe("the fraud-risk model in service, or null while "
                                + "none was loaded yet")))
                .req("models", array(object().req("id", string()).req("family", string())
                        .req("kind", enumOf("recommender", "risk")).req("artifactSha256", string())
                        .req("height", integer()).req("registeredAt", string().with("format", "date-time"))
                        .req("transactionId", string()).req("proof", string()).req("deployed", bool())
                        .req("superseded", bool()).opt("supersededReason", string())
                        .req("metrics", mapOf(number()).describe("as registered, e.g. valid_ndcg@10, test_ndcg@10, "
                                + "test_pr_auc"))
                        .req("parameters", mapOf(string()))
                        .req("snapshot", snapshot.describe("the training snapshot; its details when it is registered"))
                ).describe("in registration order"));
    }

    public static Schema datasetsSchema() {
        return object().req("datasets", array(object().req("root", string().describe("Merkle root of its rows"))
                .req("rows", integer()).req("users", integer()).req("items", integer()).req("schemaHash", string())
                .req("consentPolicy", string()).req("source", string().describe("platform-events (the platform's "
                        + "consenting buyers, pseudonymised) or risk-generator (synthetic, no persons)"))
                .req("height", integer()).req("registeredAt", string().with("format", "date-time"))
                .req("transactionId", string()).req("proof", string()).req("superseded", bool())
                .opt("supersession", object().req("reason", string()).opt("by", string().describe("the root of the "
                        + "snapshot that replaced it")).opt("transactionId", string()).opt("proof", string()))
                .req("replaces", array(string()).describe("roots of the snapshots this one replaced"))
                .req("models", array(string()).describe("ids of the models trained on it"))
        ).describe("in registration order"));
    }
}
