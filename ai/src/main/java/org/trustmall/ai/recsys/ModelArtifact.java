package org.trustmall.ai.recsys;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.trustmall.ai.AiException;

/**
 * What is deployed and registered: a trained recommender together with the external id of each of its item
 * indices (the platform's product ids) and, optionally, the {@link FeatureScorer} that ranks items for requests the
 * recommender must not personalise (its weights and the training snapshot's μ and σ), in one byte string whose
 * SHA-256 the model registry records — so the fallback's weights and stats are covered by the same hash. Reading
 * checks the structure; checking the hash against the registration is the registry's job and happens before reading.
 *
 * <p>Format: version 1 ({@value #MAGIC_V1}: ids, then the recommender) carries no fallback, and an artifact without
 * one is still written that way, byte for byte as before; version 2 ({@value #MAGIC_V2}) appends the feature scorer.
 * Both are read.
 *
 * @param itemIds  the external id of item index i at position i
 * @param model    the trained recommender over those items
 * @param fallback the non-personalised ranker over live item features, or null (then serving falls back to its own)
 */
public record ModelArtifact(List<String> itemIds, Recommender model, FeatureScorer fallback) {
    static final String MAGIC_V1 = "TRUSTMALL-MODEL-ARTIFACT-1";
    static final String MAGIC_V2 = "TRUSTMALL-MODEL-ARTIFACT-2";

    public ModelArtifact {
        itemIds = List.copyOf(itemIds);
        Objects.requireNonNull(model, "model");
    }

    /** An artifact without a fallback ranker (format version 1). */
    public ModelArtifact(List<String> itemIds, Recommender model) {
        this(itemIds, model, null);
    }

    /** Index of each external id. */
    public Map<String, Integer> indexById() {
        Map<String, Integer> m = new HashMap<>(itemIds.size() * 2);
        for (int i = 0; i < itemIds.size(); i++) {
            m.put(itemIds.get(i), i);
        }
        return m;
    }

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(fallback == null ? MAGIC_V1 : MAGIC_V2);
            out.writeInt(itemIds.size());
            for (String id : itemIds) {
                out.writeUTF(id);
            }
            RecommenderFormats.write(model, out);
            if (fallback != null) {
                fallback.write(out);
            }
        } catch (IOException e) {
            throw new AiException("cannot serialise the model artifact: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    public static ModelArtifact fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            String magic = in.readUTF();
            if (!MAGIC_V1.equals(magic) && !MAGIC_V2.equals(magic)) {
                throw new AiException.ArtifactRejected("not a model artifact (bad magic)");
            }
            int n = in.readInt();
            if (n < 0 || n > 50_000_000) {
                throw new AiException.ArtifactRejected("not a model artifact (item count " + n + ")");
            }
            List<String> ids = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            Recommender model = RecommenderFormats.read(in);
            FeatureScorer fallback = MAGIC_V2.equals(magic) ? FeatureScorer.read(in) : null;
            if (in.read() != -1) {
                throw new AiException.ArtifactRejected("not a model artifact (bytes after its end)");
            }
            return new ModelArtifact(ids, model, fallback);
        } catch (IOException e) {
            throw new AiException.ArtifactRejected("not a model artifact: " + e.getMessage());
        }
    }

    /** The lower-case hex SHA-256 of an artifact's bytes: what the registry records and checks. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
