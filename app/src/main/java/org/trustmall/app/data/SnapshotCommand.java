package org.trustmall.app.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.data.clean.Clean;
import org.trustmall.data.normalise.Normalise;
import org.trustmall.data.snapshot.Snapshot;
import org.trustmall.data.snapshot.Snapshots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall data snapshot}: cleaned interactions as an immutable, content-addressed snapshot folder. */
@Command(name = "snapshot", mixinStandardHelpOptions = true,
        description = {"Reads --input/interactions.jsonl (the output of data clean) and writes the snapshot folder "
                + "--out/<root>: rows.jsonl (canonical order and encoding) and manifest.json (root, counts, schema "
                + "hash, consent policy, source, the z-score stats of the items' features). <root> is the Merkle root "
                + "over the rows: the same rows always give the same folder, which is never overwritten.",
                "Files are used as they are: this offline snapshot applies no consent filter (the platform's own "
                        + "training snapshots do)."})
public final class SnapshotCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "DIR", description = "The output folder of data clean.")
    Path input;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where snapshot folders go.")
    Path out;

    @Option(names = "--items", paramLabel = "FILE", description = "A catalogue items.jsonl (from data ingest) for "
            + "the price feature; default --input/items.jsonl when it exists.")
    Path items;

    @Option(names = "--source", defaultValue = "file", paramLabel = "LABEL",
            description = "Where the rows came from, recorded in the manifest (default ${DEFAULT-VALUE}).")
    String source;

    @Option(names = "--consent-policy", defaultValue = "none", paramLabel = "LABEL",
            description = "The consent rule that chose the rows, recorded in the manifest (default ${DEFAULT-VALUE}).")
    String consentPolicy;

    @Option(names = "--json", description = "Print the manifest as JSON.")
    boolean json;

    @Override
    public void run() {
        Path catalogue = items != null ? items : input.resolve(Normalise.ITEMS_FILE);
        Map<String, Double> prices = items != null || Files.exists(catalogue)
                ? Normalise.prices(catalogue) : Map.of();
        Snapshots.Spec what;
        try {
            what = new Snapshots.Spec(consentPolicy.trim().toLowerCase(Locale.ROOT),
                    source.trim().toLowerCase(Locale.ROOT), prices, Instant.now());
        } catch (IllegalArgumentException e) {
            throw new Errors.UsageException(e.getMessage());
        }
        Snapshot s = Snapshots.write(out, Clean.readCleaned(input.resolve(Clean.INTERACTIONS)), what);
        PrintWriter o = spec.commandLine().getOut();
        Snapshot.Manifest m = s.manifest();
        if (json) {
            ObjectNode doc = Json.object().put("root", m.root()).put("dir", s.dir().toString()).put("rows", m.rows())
                    .put("users", m.users()).put("items", m.items()).put("schema_hash", m.schemaHash())
                    .put("consent_policy", m.consentPolicy()).put("source", m.source())
                    .put("created", m.created().toString());
            ObjectNode events = doc.putObject("events");
            new TreeMap<>(m.events()).forEach(events::put);
            doc.set("normaliser", m.normaliser().toJson());
            Json.print(o, doc);
            return;
        }
        o.printf(Locale.ROOT, "snapshot %s%n", m.root());
        o.printf(Locale.ROOT, "%,d rows, %,d users, %,d items -> %s%n", m.rows(), m.users(), m.items(), s.dir());
        o.flush();
    }
}
