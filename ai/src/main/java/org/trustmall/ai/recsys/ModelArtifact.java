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
 * indices (the platform's product ids), in one byte string whose SHA-256 the model registry records. Reading checks
 * the structure; checking the hash against the registration is the registry's job and happens before reading.
 *
 * @param itemIds the external id of item index i at position i
 * @param model   the trained recommender over those items
 */
public record ModelArtifact(List<String> itemIds, Recommender model) {
    private static final String MAGIC = "TRUSTMALL-MODEL-ARTIFACT-1";

    public ModelArtifact {
        itemIds = List.copyOf(itemIds);
        Objects.requireNonNull(model, "model");
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
            out.writeUTF(MAGIC);
            out.writeInt(itemIds.size());
            for (String id : itemIds) {
                out.writeUTF(id);
            }
            RecommenderFormats.write(model, out);
        } catch (IOException e) {
            throw new AiException("cannot serialise the model artifact: " + e.getMessage(), e);
        }
        return bytes.toByteArray();
    }

    public static ModelArtifact fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (!MAGIC.equals(in.readUTF())) {
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
            return new ModelArtifact(ids, RecommenderFormats.read(in));
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
