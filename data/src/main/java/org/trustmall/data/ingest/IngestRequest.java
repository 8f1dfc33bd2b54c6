package org.trustmall.data.ingest;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to ingest and where to write it.
 *
 * @param format          the input format
 * @param input           a file (or, for RecBole, a file or a folder of atomic files)
 * @param outDir          where {@code interactions.jsonl}, {@code items.jsonl} and {@code quarantine.jsonl} go
 * @param mapping         columns for CSV, TSV and JSONL (ignored by the other formats)
 * @param timestampFormat how CSV, TSV and JSONL write time
 * @param defaultEvent    the event of rows whose source names none (and has no rating)
 * @param minRating       the lowest valid rating
 * @param maxRating       the highest valid rating
 */
public record IngestRequest(Format format, Path input, Path outDir, ColumnMapping mapping,
                            TimestampFormat timestampFormat, String defaultEvent, double minRating, double maxRating) {
    public IngestRequest {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(mapping, "mapping");
        Objects.requireNonNull(timestampFormat, "timestampFormat");
        if (!Interaction.EVENTS.contains(defaultEvent)) {
            throw new IllegalArgumentException("unknown event '" + defaultEvent + "' (" + String.join(", ",
                    Interaction.EVENTS) + ")");
        }
        if (!(minRating <= maxRating)) {
            throw new IllegalArgumentException("rating range " + minRating + ".." + maxRating + " is empty");
        }
    }

    /** Default mapping, epoch seconds, event {@code view}, ratings 0..5. */
    public static IngestRequest of(Format format, Path input, Path outDir) {
        return new IngestRequest(format, input, outDir, ColumnMapping.defaults(), TimestampFormat.EPOCH_S, "view",
                0, 5);
    }

    public IngestRequest withMapping(ColumnMapping m) {
        return new IngestRequest(format, input, outDir, m, timestampFormat, defaultEvent, minRating, maxRating);
    }

    public IngestRequest withTimestampFormat(TimestampFormat t) {
        return new IngestRequest(format, input, outDir, mapping, t, defaultEvent, minRating, maxRating);
    }

    public IngestRequest withDefaultEvent(String e) {
        return new IngestRequest(format, input, outDir, mapping, timestampFormat, e, minRating, maxRating);
    }
}
