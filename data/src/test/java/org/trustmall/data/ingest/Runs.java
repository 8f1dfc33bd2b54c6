package org.trustmall.data.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: writes an input file, ingests it, and reads back what was written. */
record Runs(IngestReport report, List<JsonNode> interactions, List<JsonNode> quarantine, List<JsonNode> items) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path write(Path dir, String name, String content) {
        try {
            Path f = dir.resolve(name);
            Files.writeString(f, content, StandardCharsets.UTF_8);
            return f;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Runs ingest(IngestRequest req) {
        IngestReport r = Ingest.run(req, IngestListener.NONE);
        return new Runs(r, lines(r.interactionsFile()), lines(r.quarantineFile()),
                r.itemsFile() == null ? List.of() : lines(r.itemsFile()));
    }

    static List<JsonNode> lines(Path file) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String l : Files.readAllLines(file)) {
                out.add(JSON.readTree(l));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "row:reason" for each quarantined row, in order. */
    List<String> rejected() {
        return quarantine.stream().map(q -> q.get("row").asLong() + ":" + q.get("reason").asText()).toList();
    }
}
