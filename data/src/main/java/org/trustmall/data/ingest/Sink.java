package org.trustmall.data.ingest;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.trustmall.data.DataException;

/**
 * Where readers put what they read: accepted interactions and items go to temporary files in the output folder,
 * malformed rows to the quarantine; {@link #commit()} renames all of them into place, {@link #abandon()} deletes
 * them, so a failed run leaves the folder as it was. Not thread-safe: one reader feeds it.
 */
final class Sink implements AutoCloseable {
    static final int MAX_RAW = 500;
    private static final JsonFactory JSON = new JsonFactory();

    private final Path outDir;
    private final IngestListener listener;
    private final Output interactions;
    private final Output quarantine;
    private Output items;
    private final Set<String> users = new HashSet<>();
    private final Set<String> itemIds = new HashSet<>();
    private final Map<String, Long> reasons = new HashMap<>();
    private long rowsRead;
    private long rowsAccepted;
    private long rowsQuarantined;
    private long interactionCount;
    private long catalogueItems;
    private long bytesDone;

    Sink(Path outDir, IngestListener listener) {
        this.outDir = outDir;
        this.listener = listener;
        this.interactions = new Output(outDir.resolve("interactions.jsonl"));
        this.quarantine = new Output(outDir.resolve("quarantine.jsonl"));
    }

    void rowRead() {
        rowsRead++;
    }

    void rowAccepted() {
        rowsAccepted++;
    }

    void interaction(Interaction i) {
        interactionCount++;
        users.add(i.user());
        itemIds.add(i.item());
        interactions.write(g -> {
            g.writeStringField("user", i.user());
            g.writeStringField("item", i.item());
            g.writeNumberField("timestamp", i.timestamp());
            g.writeStringField("event", i.event());
            if (i.rating() != null) {
                g.writeNumberField("rating", i.rating());
            }
        });
    }

    void item(Item item) {
        if (items == null) {
            items = new Output(outDir.resolve("items.jsonl"));
        }
        catalogueItems++;
        items.write(g -> {
            g.writeStringField("id", item.id());
            if (item.title() != null) {
                g.writeStringField("title", item.title());
            }
            if (item.text() != null) {
                g.writeStringField("text", item.text());
            }
            g.writeObjectFieldStart("attributes");
            for (var e : new java.util.TreeMap<>(item.attributes()).entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
        });
    }

    /** Quarantines a row: {@code row} is its 1-based physical line number in {@code file}. */
    void reject(Path file, long row, Reason reason, String detail, String raw) {
        rowsQuarantined++;
        reasons.merge(reason.code(), 1L, Long::sum);
        String shown = raw.length() > MAX_RAW ? raw.substring(0, MAX_RAW) : raw;
        quarantine.write(g -> {
            g.writeStringField("file", file.toString());
            g.writeNumberField("row", row);
            g.writeStringField("reason", reason.code());
            g.writeStringField("detail", detail);
            g.writeStringField("raw", shown);
        });
    }

    void reject(Path file, long row, Rows.Rejected r, String raw) {
        reject(file, row, r.reason(), r.detail(), raw);
    }

    void bytes(long n) {
        bytesDone += n;
        listener.progressed(bytesDone);
    }

    IngestReport commit(long startNanos) {
        interactions.commit();
        quarantine.commit();
        if (items != null) {
            items.commit();
        }
        double secs = (System.nanoTime() - startNanos) / 1e9;
        return new IngestReport(rowsRead, rowsAccepted, rowsQuarantined, reasons, interactionCount, users.size(),
                itemIds.size(), catalogueItems, secs, interactions.target, items == null ? null : items.target,
                quarantine.target);
    }

    void abandon() {
        interactions.abandon();
        quarantine.abandon();
        if (items != null) {
            items.abandon();
        }
    }

    @Override
    public void close() {
        abandon();
    }

    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    /** One JSONL file written under a temporary name and renamed into place. */
    private static final class Output {
        final Path target;
        final Path temp;
        final OutputStream stream;
        final JsonGenerator json;
        boolean done;

        Output(Path target) {
            this.target = target;
            this.temp = target.resolveSibling("." + target.getFileName() + ".tmp");
            try {
                stream = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
                json = JSON.createGenerator(stream, JsonEncoding.UTF8);
                json.setRootValueSeparator(new SerializedString("\n"));
            } catch (IOException e) {
                throw new DataException.Unreadable(temp, "cannot write (" + e.getMessage() + ")", e);
            }
        }

        void write(Fields fields) {
            try {
                json.writeStartObject();
                fields.write(json);
                json.writeEndObject();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        void commit() {
            try {
                if (json.getOutputContext().getEntryCount() > 0) {
                    json.writeRaw('\n');
                }
                json.close();
                stream.close();
                try {
                    Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                    Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                done = true;
            } catch (IOException e) {
                throw new DataException.Unreadable(target, "cannot write (" + e.getMessage() + ")", e);
            }
        }

        void abandon() {
            if (done) {
                return;
            }
            try {
                json.close();
                stream.close();
            } catch (IOException ignored) {
                // the file is deleted next; a failed close changes nothing
            }
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // a leftover temporary file is harmless and replaced by the next run
            }
            done = true;
        }
    }
}
