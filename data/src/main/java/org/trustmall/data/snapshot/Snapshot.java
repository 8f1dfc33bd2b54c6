package org.trustmall.data.snapshot;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.FeatureNormaliser;

/**
 * An opened, verified snapshot: its folder, its manifest and its rows in canonical order, exactly as hashed into
 * the root. Immutable and thread-safe.
 */
public record Snapshot(Path dir, Manifest manifest, List<Interaction> rows) {
    public Snapshot {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
        rows = List.copyOf(rows);
    }

    /** The Merkle root over the rows, 64 lower-case hex digits: also the folder's name. */
    public String root() {
        return manifest.root();
    }

    /**
     * What {@code manifest.json} says about a snapshot.
     *
     * @param root          the RFC 9162 Merkle root over the rows' canonical bytes, hex
     * @param users         distinct users
     * @param items         distinct items
     * @param schemaHash    SHA-256 of {@link Snapshots#SCHEMA}, hex
     * @param consentPolicy the version of the rule that chose the rows (a label)
     * @param source        where the rows came from (a label)
     * @param created       when the snapshot was written (not part of the root)
     * @param events        rows by event kind
     * @param normaliser    z-score stats of the items' numeric features ({@link
     *                      org.trustmall.data.normalise.ItemFeatures}), to be applied alike when serving
     */
    public record Manifest(String root, long rows, long users, long items, String schemaHash, String consentPolicy,
                           String source, Instant created, Map<String, Long> events, FeatureNormaliser normaliser) {
        public Manifest {
            Objects.requireNonNull(root, "root");
            Objects.requireNonNull(schemaHash, "schemaHash");
            Objects.requireNonNull(consentPolicy, "consentPolicy");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(created, "created");
            Objects.requireNonNull(normaliser, "normaliser");
            events = Map.copyOf(events);
        }
    }
}
