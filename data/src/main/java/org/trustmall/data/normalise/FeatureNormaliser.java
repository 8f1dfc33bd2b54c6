package org.trustmall.data.normalise;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trustmall.data.DataException;

/**
 * Z-score normalisation of named numeric features (price, per-user event count, recency in days …): fitted once on
 * a training set, stored beside the snapshot as JSON ({@link #toJson}, {@link #write}), and read back at serving
 * time ({@link #read}) to transform new rows with the same μ and σ, bit for bit. Immutable and thread-safe.
 */
public final class FeatureNormaliser {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, ZScore.Stats> stats;

    private FeatureNormaliser(Map<String, ZScore.Stats> stats) {
        this.stats = Collections.unmodifiableMap(new LinkedHashMap<>(stats));
    }

    /** Stats for each feature, in the order given. */
    public static FeatureNormaliser of(Map<String, ZScore.Stats> stats) {
        return new FeatureNormaliser(stats);
    }

    /**
     * Fits each feature on its column of {@code rows}: {@code rows.get(r)[f]} is feature {@code features.get(f)} of
     * row r.
     *
     * @throws IllegalArgumentException on a row of the wrong width, a repeated feature name or a non-finite value
     */
    public static FeatureNormaliser fit(List<String> features, List<double[]> rows) {
        Map<String, ZScore.Stats> out = new LinkedHashMap<>();
        for (int f = 0; f < features.size(); f++) {
            double[] column = new double[rows.size()];
            for (int r = 0; r < rows.size(); r++) {
                double[] row = rows.get(r);
                if (row.length != features.size()) {
                    throw new IllegalArgumentException("row " + r + " has " + row.length + " values, expected "
                            + features.size());
                }
                column[r] = row[f];
            }
            if (out.put(features.get(f), ZScore.fit(column)) != null) {
                throw new IllegalArgumentException("feature '" + features.get(f) + "' named twice");
            }
        }
        return new FeatureNormaliser(out);
    }

    /** The features, in order. */
    public List<String> features() {
        return List.copyOf(stats.keySet());
    }

    /** The stats of one feature. */
    public ZScore.Stats stats(String feature) {
        ZScore.Stats s = stats.get(feature);
        if (s == null) {
            throw new IllegalArgumentException("unknown feature '" + feature + "'");
        }
        return s;
    }

    /** One value of one feature, normalised. */
    public double apply(String feature, double x) {
        return stats(feature).apply(x);
    }

    /** A row in {@link #features()} order, normalised into a new array. */
    public double[] apply(double[] row) {
        if (row.length != stats.size()) {
            throw new IllegalArgumentException("row has " + row.length + " values, expected " + stats.size());
        }
        double[] out = new double[row.length];
        int i = 0;
        for (ZScore.Stats s : stats.values()) {
            out[i] = s.apply(row[i]);
            i++;
        }
        return out;
    }

    /** {@code {"features": {"price": {"mean", "std", "count"}, …}}}, features in order. */
    public ObjectNode toJson() {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode fs = doc.putObject("features");
        stats.forEach((name, s) -> fs.set(name, s.toJson()));
        return doc;
    }

    /** Reads what {@link #toJson} wrote. */
    public static FeatureNormaliser fromJson(JsonNode doc) {
        JsonNode fs = doc == null ? null : doc.get("features");
        if (fs == null || !fs.isObject()) {
            throw new DataException("normalisation stats: 'features' must be an object");
        }
        Map<String, ZScore.Stats> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = fs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), ZScore.Stats.fromJson(e.getValue()));
        }
        return new FeatureNormaliser(out);
    }

    /** Writes {@link #toJson} to {@code file} under a temporary name and renames it into place. */
    public void write(Path file) {
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()) + "\n");
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the write already failed; a leftover temporary file is replaced by the next run
            }
            throw new DataException.Unreadable(file, "cannot write (" + e.getMessage() + ")", e);
        }
    }

    /** Reads a file {@link #write} wrote. */
    public static FeatureNormaliser read(Path file) {
        try {
            return fromJson(JSON.readTree(file.toFile()));
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
        }
    }
}
