package org.trustmall.data.ingest;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The plain sequence file of public sequential-recommendation datasets: {@code user item1 item2 …} per line,
 * whitespace-separated, items in time order. Each item becomes an interaction whose timestamp is its position
 * (0, 1, …) in the line.
 */
final class SequenceFileReader {
    private static final Pattern SPACE = Pattern.compile("[ \\t]+");

    private SequenceFileReader() {
    }

    static void read(Path file, IngestRequest req, Sink sink) {
        Inputs.eachLine(file, sink, (line, text) -> {
            String[] tokens = SPACE.split(text.strip());
            Rows.Rejected bad = null;
            for (int i = 0; i < tokens.length && bad == null; i++) {
                bad = Rows.checkField(i == 0 ? "user" : "item " + i, tokens[i], Rows.MAX_FIELD);
            }
            if (bad == null && tokens.length < 2) {
                bad = new Rows.Rejected(Reason.MISSING_ITEM, "user '" + tokens[0] + "' has no items");
            }
            if (bad != null) {
                sink.reject(file, line, bad, text);
                return;
            }
            sink.rowAccepted();
            for (int i = 1; i < tokens.length; i++) {
                sink.interaction(new Interaction(tokens[0], tokens[i], i - 1, req.defaultEvent(), null));
            }
        });
    }
}
