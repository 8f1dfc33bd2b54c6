package org.trustmall.data.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.trustmall.data.DataException;

/** CSV (RFC 4180) and TSV interactions with a header row, columns chosen by a {@link ColumnMapping}. */
final class DelimitedReader {
    private DelimitedReader() {
    }

    static void read(Path file, char delimiter, boolean quoting, IngestRequest req, Sink sink) {
        try (BufferedReader in = Inputs.open(file, sink)) {
            DelimitedParser parser = new DelimitedParser(in, delimiter, quoting);
            DelimitedParser.Record header = parser.read();
            if (header == null) {
                return; // an empty file has no rows
            }
            if (header.error() != null) {
                throw new DataException(file + ": line 1: the header is malformed (" + header.error() + ")");
            }
            int[] columns = resolve(file, header.fields(), req.mapping());
            int width = header.fields().size();
            for (DelimitedParser.Record r; (r = parser.read()) != null; ) {
                if (r.fields().size() == 1 && r.fields().get(0).isEmpty() && r.error() == null) {
                    continue; // a blank line
                }
                sink.rowRead();
                if (r.error() != null) {
                    sink.reject(file, r.line(), Reason.BAD_QUOTING, r.error(), r.raw());
                    continue;
                }
                if (r.fields().size() != width) {
                    sink.reject(file, r.line(), Reason.WRONG_COLUMN_COUNT, r.fields().size() + " columns, the header"
                            + " has " + width, r.raw());
                    continue;
                }
                // Only the mapped columns are checked: another column may hold free text, line breaks included.
                Rows.Parsed p = Rows.interaction(req, get(r, columns[0]), get(r, columns[1]), get(r, columns[2]),
                        get(r, columns[3]), get(r, columns[4]), r.line());
                switch (p) {
                    case Rows.Accepted a -> {
                        sink.rowAccepted();
                        sink.interaction(a.interaction());
                    }
                    case Rows.Rejected bad -> sink.reject(file, r.line(), bad, r.raw());
                }
            }
        } catch (IOException e) {
            throw Inputs.readFailure(file, e);
        }
    }

    private static String get(DelimitedParser.Record r, int column) {
        return column < 0 ? null : r.fields().get(column);
    }

    /** The column index of each role (user, item, timestamp, event, rating), -1 where the source has none. */
    static int[] resolve(Path file, List<String> header, ColumnMapping mapping) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).trim();
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            index.putIfAbsent(name, i);
        }
        int[] out = new int[ColumnMapping.ROLES.size()];
        List<String> missing = new ArrayList<>();
        for (int r = 0; r < out.length; r++) {
            String role = ColumnMapping.ROLES.get(r);
            Integer at = index.get(mapping.column(role));
            boolean required = r < 2 || mapping.isExplicit(role);
            if (at == null && required) {
                missing.add(mapping.describe(role));
            }
            out[r] = at == null ? -1 : at;
        }
        if (!missing.isEmpty()) {
            throw new DataException(file + ": line 1: the header has no column for " + String.join(", ", missing)
                    + " (columns: " + String.join(", ", index.keySet().stream().sorted().toList())
                    + "; choose with --map)");
        }
        return out;
    }
}
