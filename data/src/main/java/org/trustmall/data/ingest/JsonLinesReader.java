package org.trustmall.data.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;

/** One JSON object per line; fields chosen by a {@link ColumnMapping}; values may be strings or numbers. */
final class JsonLinesReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private JsonLinesReader() {
    }

    static void read(Path file, IngestRequest req, Sink sink) {
        Inputs.eachLine(file, sink, (line, text) -> {
            JsonNode node;
            try {
                node = JSON.readTree(text);
            } catch (JsonProcessingException e) {
                sink.reject(file, line, Reason.BAD_JSON, e.getOriginalMessage(), text);
                return;
            }
            if (node == null || !node.isObject()) {
                sink.reject(file, line, Reason.BAD_JSON, "not a JSON object", text);
                return;
            }
            String[] values = new String[ColumnMapping.ROLES.size()];
            String notScalar = null;
            for (int r = 0; r < values.length; r++) {
                String role = ColumnMapping.ROLES.get(r);
                JsonNode v = node.get(req.mapping().column(role));
                if (v == null || v.isNull()) {
                    values[r] = r >= 2 && req.mapping().isExplicit(role) && role.equals("timestamp") ? "" : null;
                } else if (v.isValueNode()) {
                    values[r] = v.asText();
                } else {
                    notScalar = req.mapping().column(role);
                }
            }
            if (notScalar != null) {
                sink.reject(file, line, Reason.BAD_JSON, "field '" + notScalar + "' is not a string or number",
                        text);
                return;
            }
            switch (Rows.interaction(req, values[0], values[1], values[2], values[3], values[4], line)) {
                case Rows.Accepted a -> {
                    sink.rowAccepted();
                    sink.interaction(a.interaction());
                }
                case Rows.Rejected bad -> sink.reject(file, line, bad, text);
            }
        });
    }
}
