package org.trustmall.app.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.app.cli.Progress;
import org.trustmall.data.ingest.ColumnMapping;
import org.trustmall.data.ingest.Format;
import org.trustmall.data.ingest.Ingest;
import org.trustmall.data.ingest.IngestListener;
import org.trustmall.data.ingest.IngestReport;
import org.trustmall.data.ingest.IngestRequest;
import org.trustmall.data.ingest.TimestampFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall data ingest}: one input into normalised interactions, with malformed rows quarantined. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Reads interactions (and, for RecBole, the catalogue) and writes interactions.jsonl, "
                + "items.jsonl (when a catalogue was read) and quarantine.jsonl into --out. Malformed rows go to "
                + "the quarantine with their line number and reason; the run continues and reports counts.",
                "Formats: csv (RFC 4180, header row), tsv (header row, no quoting), jsonl (one object per line), "
                        + "recbole (a .inter file or a folder of atomic files), sequence (`user item1 item2 …` "
                        + "per line, in time order)."})
public final class IngestCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--format", required = true, paramLabel = "FORMAT",
            description = "csv, tsv, jsonl, recbole or sequence.")
    String format;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "The input file (or, for "
            + "recbole, a folder of .inter files).")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The output folder.")
    Path out;

    @Option(names = "--map", paramLabel = "ROLE=COLUMN,…", description = "Columns (csv, tsv) or fields (jsonl) "
            + "for user, item, timestamp, event, rating; default user=user_id,item=item_id,timestamp=timestamp,"
            + "event=event,rating=rating (the optional ones only where present).")
    String map;

    @Option(names = "--timestamp-format", defaultValue = "epoch-s", paramLabel = "FORMAT",
            description = "epoch-s, epoch-ms or iso (default ${DEFAULT-VALUE}). Without a timestamp column the "
                    + "line number (or sequence position) is the order.")
    String timestampFormat;

    @Option(names = "--event", defaultValue = "view", paramLabel = "EVENT", description = "The event of rows "
            + "whose source names none and has no rating: view, cart, purchase or rating (default ${DEFAULT-VALUE}).")
    String event;

    @Option(names = "--json", description = "Print the report as JSON; no progress bar.")
    boolean json;

    @Override
    public void run() {
        IngestRequest req;
        try {
            req = IngestRequest.of(Format.parse(format), input, out)
                    .withMapping(map == null ? ColumnMapping.defaults() : ColumnMapping.parse(map))
                    .withTimestampFormat(TimestampFormat.parse(timestampFormat))
                    .withDefaultEvent(event.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException(e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        Progress progress = new Progress(err, !json && Progress.terminal());
        IngestReport r = Ingest.run(req, new IngestListener() {
            @Override
            public void started(long totalBytes) {
                progress.begin("ingest bytes", totalBytes);
            }

            @Override
            public void progressed(long bytesDone) {
                progress.update(bytesDone);
            }
        });
        progress.end();
        PrintWriter o = spec.commandLine().getOut();
        if (json) {
            ObjectNode doc = Json.object();
            doc.put("rows_read", r.rowsRead()).put("rows_accepted", r.rowsAccepted())
                    .put("rows_quarantined", r.rowsQuarantined());
            ObjectNode by = doc.putObject("quarantined_by_reason");
            r.quarantinedBy().forEach(by::put);
            doc.put("interactions", r.interactions()).put("users", r.users()).put("items", r.items())
                    .put("catalogue_items", r.catalogueItems()).put("elapsed_s", r.elapsedSeconds())
                    .put("rows_per_s", r.rowsPerSecond());
            ObjectNode files = doc.putObject("files");
            files.put("interactions", r.interactionsFile().toString());
            if (r.itemsFile() != null) {
                files.put("items", r.itemsFile().toString());
            }
            files.put("quarantine", r.quarantineFile().toString());
            Json.print(o, doc);
            return;
        }
        o.printf(Locale.ROOT, "rows: %,d read, %,d accepted, %,d quarantined%s%n", r.rowsRead(), r.rowsAccepted(),
                r.rowsQuarantined(), reasons(r.quarantinedBy()));
        o.printf(Locale.ROOT, "interactions: %,d (users %,d, items %,d) -> %s%n", r.interactions(), r.users(),
                r.items(), r.interactionsFile());
        if (r.itemsFile() != null) {
            o.printf(Locale.ROOT, "catalogue: %,d items -> %s%n", r.catalogueItems(), r.itemsFile());
        }
        o.printf(Locale.ROOT, "quarantine: %s%n", r.quarantineFile());
        o.printf(Locale.ROOT, "%.2f s, %,.0f rows/s%n", r.elapsedSeconds(), r.rowsPerSecond());
        o.flush();
    }

    private static String reasons(Map<String, Long> by) {
        return by.isEmpty() ? "" : by.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", " (", ")"));
    }
}
