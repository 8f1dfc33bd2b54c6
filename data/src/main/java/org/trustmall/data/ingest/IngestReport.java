package org.trustmall.data.ingest;

import java.nio.file.Path;
import java.util.Map;

/**
 * What an ingest run did.
 *
 * @param rowsRead        data rows seen (headers and blank lines not counted)
 * @param rowsAccepted    rows that gave interactions (or catalogue items)
 * @param rowsQuarantined rows written to the quarantine file
 * @param quarantinedBy   quarantined rows by {@link Reason#code()}, sorted by code
 * @param interactions    interactions written
 * @param users           distinct users among them
 * @param items           distinct items among them
 * @param catalogueItems  catalogue entries written to {@code items.jsonl} (0 when none were read)
 * @param elapsedSeconds  wall time of the run
 * @param interactionsFile the normalised interactions
 * @param itemsFile       the catalogue, or null when none was read
 * @param quarantineFile  the quarantined rows
 */
public record IngestReport(long rowsRead, long rowsAccepted, long rowsQuarantined, Map<String, Long> quarantinedBy,
                           long interactions, long users, long items, long catalogueItems, double elapsedSeconds,
                           Path interactionsFile, Path itemsFile, Path quarantineFile) {
    public IngestReport {
        quarantinedBy = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(quarantinedBy));
    }

    /** Rows per second over the whole run. */
    public double rowsPerSecond() {
        return elapsedSeconds > 0 ? rowsRead / elapsedSeconds : 0;
    }
}
