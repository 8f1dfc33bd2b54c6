package org.trustmall.app.risk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.trustmall.ai.AiException;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.ai.risk.RiskModel;
import org.trustmall.contracts.Contracts;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftSubmitter;
import org.trustmall.ledger.tx.Transaction;
import org.trustmall.server.api.OrganisationSignature;

/**
 * One organisation's re-execution validator (issue 9, item 6), run beside its ledger node and apart from the platform
 * it checks. For each decision the platform lists as waiting for this organisation's vote it
 * <ol>
 *   <li>reads the decision from its own node's ledger directory, read-only — the chain as this organisation's node
 *       holds it, not as the platform says it is;</li>
 *   <li>fetches the vector and salt from the platform and recomputes the commitment SHA-256(salt ‖ canonical vector):
 *       a vector altered after the decision is caught here ({@link Reason#COMMITMENT_MISMATCH});</li>
 *   <li>fetches the model artifact by the decision's registered hash and checks the bytes' SHA-256
 *       ({@link Reason#MODEL_HASH_MISMATCH});</li>
 *   <li>re-scores the vector and compares the score in parts per million exactly — scoring is deterministic
 *       ({@link Reason#SCORE_MISMATCH});</li>
 *   <li>votes {@code risk-decision.vote {order, agree}} signed with its organisation key, through the cluster
 *       ({@link RaftSubmitter}), and waits for the commit.</li>
 * </ol>
 * Requests to the platform are signed with the same key ({@link OrganisationSignature}). Not thread-safe: one round
 * at a time.
 */
public final class RiskValidator implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMIT_WAIT = Duration.ofSeconds(60);

    /** Why a validator disagreed; none when it agreed. */
    public enum Reason {
        NONE("agrees"), COMMITMENT_MISMATCH("commitment mismatch"), MODEL_HASH_MISMATCH("model hash mismatch"),
        SCORE_MISMATCH("score mismatch");

        private final String text;

        Reason(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One vote cast.
     *
     * @param detail what was compared, in words (no personal data: hashes and scores)
     */
    public record Vote(long orderId, String order, boolean agree, Reason reason, String detail,
                       String transactionId) {
    }

    private final RaftConfig config;
    private final SigningKey key;
    private final String platform;
    private final HttpClient http;
    private final RaftSubmitter submitter;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, byte[]> artifacts = new HashMap<>();

    public RiskValidator(RaftConfig config, SigningKey key, String platformUrl) {
        this.config = Objects.requireNonNull(config, "config");
        this.key = Objects.requireNonNull(key, "key");
        this.platform = platformUrl.endsWith("/") ? platformUrl.substring(0, platformUrl.length() - 1)
                : platformUrl;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        this.submitter = RaftSubmitter.connect(config.group(), config.peers());
    }

    /** Checks and votes on every decision now waiting for this organisation's vote. */
    public List<Vote> round() {
        List<Vote> votes = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = get("/api/v1/validator/risk/decisions?after=" + after + "&limit=100");
            JsonNode decisions = page.get("decisions");
            if (decisions.isEmpty()) {
                return votes;
            }
            // A fresh read-only view per page: the node keeps writing blocks while the validator runs.
            try (Ledger chain = Ledger.openReadOnly(config.ledgerDir(), Contracts.runtime())) {
                for (JsonNode d : decisions) {
                    after = d.get("orderId").asLong();
                    Vote v = check(chain, after);
                    if (v != null) {
                        votes.add(v);
                    }
                }
            }
        }
    }

    /** The vote on one decision, or null when this node does not hold the decision yet or already voted. */
    private Vote check(Ledger chain, long orderId) {
        JsonNode served = get("/api/v1/validator/risk/decisions/" + orderId);
        String order = served.get("order").asText();
        CborMap d;
        try {
            d = chain.query(RiskDecisionContract.ID, RiskDecisionContract.GET, RiskDecisionContract.getArgs(order));
        } catch (LedgerException notYetHere) {
            return null; // This organisation's node has not applied the decision yet: next round.
        }
        if (d.maps("votes").stream().anyMatch(v -> v.text("org").equals(config.organisation()))) {
            return null;
        }
        double[] x = new double[served.get("features").size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = served.get("features").get(i).asDouble();
        }
        String model = d.text("model_sha256");
        Judgement j = judge(x, HexFormat.of().parseHex(served.get("salt").asText()), d.bytes("commitment"), model,
                artifact(model), d.integer("score_ppm"));
        Reason reason = j.reason();
        String detail = j.detail();
        boolean agree = reason == Reason.NONE;
        return new Vote(orderId, order, agree, reason, detail, vote(chain, order, agree));
    }

    /** What re-execution found, and in words why. */
    record Judgement(Reason reason, String detail) {
    }

    /**
     * The validator's check of one decision, from what the platform served ({@code x}, {@code salt}, the model's
     * {@code artifact}) and what the chain holds ({@code commitment}, {@code modelSha256}, {@code recordedPpm}): the
     * vector must commit to the on-chain commitment, the artifact must hash to the registered model, and the model
     * re-run on the vector must give exactly the recorded score.
     */
    static Judgement judge(double[] x, byte[] salt, byte[] commitment, String modelSha256, byte[] artifact,
                           long recordedPpm) {
        byte[] recomputed = Hash.sha256(salt, RiskFeatures.canonicalBytes(x)).bytes();
        if (!Arrays.equals(recomputed, commitment)) {
            return new Judgement(Reason.COMMITMENT_MISMATCH, "the served vector and salt commit to "
                    + HexFormat.of().formatHex(recomputed) + ", the chain holds " + HexFormat.of().formatHex(commitment));
        }
        String sha = Hash.sha256(artifact).hex();
        if (!sha.equals(modelSha256)) {
            return new Judgement(Reason.MODEL_HASH_MISMATCH, "the served model has SHA-256 " + sha
                    + ", the decision names " + modelSha256);
        }
        long score;
        try {
            score = Math.round(RiskModel.read(artifact, modelSha256).score(x) * RiskDecisionContract.PPM);
        } catch (AiException e) {
            score = -1;
        }
        return new Judgement(score == recordedPpm ? Reason.NONE : Reason.SCORE_MISMATCH,
                "re-executed score " + score + " ppm, recorded " + recordedPpm + " ppm");
    }

    private String vote(Ledger chain, String order, boolean agree) {
        Transaction tx = Transaction.sign(chain.chainId(), RiskDecisionContract.ID, RiskDecisionContract.VOTE,
                RiskDecisionContract.voteArgs(order, agree), key, random.nextLong(), System.currentTimeMillis());
        Receipt receipt;
        try {
            receipt = submitter.submit(List.of(tx)).get(COMMIT_WAIT.toSeconds(), TimeUnit.SECONDS).get(0);
        } catch (ExecutionException e) {
            throw new LedgerException("the ledger cluster did not take the vote on " + order + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new LedgerException("the ledger cluster did not commit the vote on " + order + " within "
                    + COMMIT_WAIT.toSeconds() + " s; is a majority of " + config.peerIds() + " running?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while voting on " + order);
        }
        if (receipt instanceof Receipt.Committed c && c.result().ok()) {
            return c.transactionId().hex();
        }
        throw new LedgerException("the vote on " + order + " was refused: " + switch (receipt) {
            case Receipt.Rejected r -> r.reason();
            case Receipt.Committed c -> c.result().toString();
        });
    }

    private byte[] artifact(String sha) {
        byte[] cached = artifacts.get(sha);
        if (cached != null) {
            return cached;
        }
        byte[] bytes = Base64.getDecoder().decode(get("/api/v1/validator/risk/models/" + sha).get("artifact")
                .asText());
        // Only bytes that hash right are worth keeping: a swapped model is fetched (and refused) again next time.
        if (Hash.sha256(bytes).hex().equals(sha)) {
            artifacts.put(sha, bytes);
        }
        return bytes;
    }

    private JsonNode get(String pathAndQuery) {
        List<String> headers = OrganisationSignature.headers(config.organisation(), key, "GET", pathAndQuery,
                System.currentTimeMillis());
        HttpRequest request = HttpRequest.newBuilder(URI.create(platform + pathAndQuery))
                .timeout(Duration.ofSeconds(60)).headers(headers.toArray(String[]::new)).GET().build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new LedgerException("cannot reach the platform at " + platform + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while asking the platform at " + platform);
        }
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200) {
                throw new LedgerException("the platform answered GET " + pathAndQuery + " with "
                        + response.statusCode() + ": " + (body.has("detail") ? body.get("detail").asText()
                        : response.body()));
            }
            return body;
        } catch (IOException e) {
            throw new LedgerException("the platform answered GET " + pathAndQuery + " with " + response.statusCode()
                    + " and a body that is not JSON");
        }
    }

    @Override
    public void close() {
        submitter.close();
    }
}
