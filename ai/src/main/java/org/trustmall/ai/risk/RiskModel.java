package org.trustmall.ai.risk;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.trustmall.ai.AiException;

/**
 * A trained fraud-risk model over {@link RiskFeatures} vectors: the probability that an order attempt is fraud, why
 * (each feature's additive contribution to the log-odds), and the artifact it can be rebuilt from — byte for byte the
 * same scores — whose SHA-256 is what the model registry records and a validator checks before re-executing a
 * decision with {@link #read(byte[], String)}.
 *
 * <p>Contract: {@code margin(x) = bias(x) + Σ contributions(x)} (to float precision for the trees) and
 * {@code score(x) = 1 / (1 + e^-margin(x))}. Implementations are thread-safe.
 */
public sealed interface RiskModel permits BoostedTreesRiskModel, LogisticRiskModel {

    /** "xgboost" or "logistic". */
    String name();

    /** The {@link RiskFeatures#VERSION} the model was trained on; vectors of any other version are refused. */
    String featureVersion();

    /** The probability of fraud, in [0, 1]. */
    double score(double[] features);

    /** Scores of many vectors at once (faster for evaluation; equal to calling {@link #score} on each). */
    double[] scores(double[][] features);

    /** The log-odds of fraud. */
    double margin(double[] features);

    /**
     * Each feature's contribution to the margin, in {@link RiskFeatures#NAMES} order: XGBoost's SHAP values
     * (TreeSHAP, {@code predictContrib}) for the trees, {@code w_i · x_i} (on standardised x) for the baseline.
     */
    double[] contributions(double[] features);

    /** What the margin is before any feature contributes: SHAP's expected value, or the baseline's intercept. */
    double bias(double[] features);

    /** The bytes this model is rebuilt from by {@link #read(byte[])}. */
    byte[] artifact();

    /** The lower-case hex SHA-256 of {@link #artifact()}. */
    default String sha256() {
        return sha256(artifact());
    }

    /** The lower-case hex SHA-256 of some bytes. */
    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rebuilds a model from its artifact; {@link AiException.ArtifactRejected} when it is not one. */
    static RiskModel read(byte[] artifact) {
        Envelope e = Envelope.read(artifact);
        if (!RiskFeatures.VERSION.equals(e.featureVersion()) || e.featureCount() != RiskFeatures.COUNT) {
            throw new AiException.ArtifactRejected("risk model artifact is for features " + e.featureVersion() + " ("
                    + e.featureCount() + " features); this build computes " + RiskFeatures.VERSION + " ("
                    + RiskFeatures.COUNT + ")");
        }
        return switch (e.kind()) {
            case BoostedTreesRiskModel.NAME -> BoostedTreesRiskModel.fromPayload(e.payload(), artifact);
            case LogisticRiskModel.NAME -> LogisticRiskModel.fromPayload(e.payload(), artifact);
            default -> throw new AiException.ArtifactRejected("unknown risk model kind '" + e.kind() + "'");
        };
    }

    /**
     * Rebuilds a model only if its artifact hashes to {@code expectedSha256} (the registered hash):
     * {@link AiException.ArtifactRejected} otherwise, before anything of it is parsed.
     */
    static RiskModel read(byte[] artifact, String expectedSha256) {
        String actual = sha256(artifact);
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new AiException.ArtifactRejected("risk model artifact hashes to " + actual + ", registered "
                    + expectedSha256);
        }
        return read(artifact);
    }

    /**
     * The artifact's framing: magic, model kind, feature version and count, then the kind's own payload (XGBoost's
     * UBJSON model, or the baseline's standardisation and weights).
     */
    record Envelope(String kind, String featureVersion, int featureCount, byte[] payload) {
        static final String MAGIC = "TRUSTMALL-RISK-MODEL-1";

        byte[] write() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 64);
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeUTF(MAGIC);
                out.writeUTF(kind);
                out.writeUTF(featureVersion);
                out.writeInt(featureCount);
                out.writeInt(payload.length);
                out.write(payload);
            } catch (IOException e) {
                throw new AiException("cannot write the risk model artifact: " + e.getMessage(), e);
            }
            return bytes.toByteArray();
        }

        static Envelope read(byte[] artifact) {
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(artifact))) {
                if (!MAGIC.equals(in.readUTF())) {
                    throw new AiException.ArtifactRejected("not a risk model artifact (bad magic)");
                }
                String kind = in.readUTF();
                String version = in.readUTF();
                int count = in.readInt();
                int length = in.readInt();
                if (length < 0 || length > artifact.length) {
                    throw new AiException.ArtifactRejected("not a risk model artifact (payload length " + length + ")");
                }
                byte[] payload = in.readNBytes(length);
                if (payload.length != length || in.read() != -1) {
                    throw new AiException.ArtifactRejected("not a risk model artifact (truncated or trailing bytes)");
                }
                return new Envelope(kind, version, count, payload);
            } catch (IOException e) {
                throw new AiException.ArtifactRejected("not a risk model artifact: " + e.getMessage());
            }
        }
    }
}
