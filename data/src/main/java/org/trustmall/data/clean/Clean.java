package org.trustmall.data.clean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.trustmall.data.DataException;
import org.trustmall.data.ingest.Interaction;

/**
 * {@code data clean} on files: reads {@code interactions.jsonl} from an ingest output folder, runs {@link Cleaner}
 * and writes {@code interactions.jsonl} and {@code cleaning-report.json} into the output folder, each under a
 * temporary name renamed into place only when both are written, so a failed run leaves the output folder as it was.
 *
 * <p>Input lines may lack {@code timestamp}, {@code event} or {@code rating} (the cleaner imputes or drops, see
 * {@link Cleaner}); a line that is not a JSON object, or whose fields have the wrong type, is an error naming the
 * file and line: ingest output is well-formed, so such a line means the wrong file.
 */
public final class Clean {
    /** The name of the interactions file, in and out. */
    public static final String INTERACTIONS = "interactions.jsonl";
    /** The name of the report file. */
    public static final String REPORT = "cleaning-report.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Clean() {
    }

    /** Cleans {@code inputDir/interactions.jsonl} into {@code outDir}; returns the report also written there. */
    public static CleaningReport run(Path inputDir, Path outDir, CleaningPolicy policy) {
        List<RawInteraction> rows = read(inputDir.resolve(INTERACTIONS));
        Cleaner.Result result = new Cleaner(policy).clean(rows);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new DataException.Unreadable(outDir, "cannot create (" + e.getMessage() + ")", e);
        }
        Path out = outDir.resolve(INTERACTIONS);
        Path report = outDir.resolve(REPORT);
        Path outTemp = temp(out);
        Path reportTemp = temp(report);
        try {
            write(outTemp, result.interactions());
            write(reportTemp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(result.report())) + "\n");
            move(outTemp, out);
            move(reportTemp, report);
        } catch (IOException e) {
            delete(outTemp);
            delete(reportTemp);
            throw new DataException.Unreadable(outDir, "cannot write (" + e.getMessage() + ")", e);
        }
        return result.report();
    }

    /** The report as {@code cleaning-report.json} holds it (snake_case keys, bounds as {@code [low, high]}). */
    public static ObjectNode toJson(CleaningReport r) {
        ObjectNode doc = JSON.createObjectNode();
        ObjectNode before = doc.putObject("before");
        before.put("rows", r.rowsBefore()).put("users", r.usersBefore()).put("items", r.itemsBefore());
        ObjectNode dropped = doc.putObject("dropped_missing");
        dropped.put("user_or_item", r.missingIdentity()).put("rating", r.missingRating());
        doc.put("dropped_unknown_event", r.unknownEvent());
        ObjectNode imputed = doc.putObject("imputed");
        imputed.put("event", r.imputedEvent()).put("timestamp", r.imputedTimestamp());
        doc.put("duplicates_removed", r.duplicates());
        ObjectNode bots = doc.putObject("bots");
        bots.put("users", r.botUsers()).put("events", r.botEvents());
        ObjectNode outliers = doc.putObject("outliers");
        outliers.put("rule", r.outlierRule());
        outliers.put("rating_rows", r.ratingOutliers());
        bounds(outliers.putArray("rating_bounds"), r.ratingBounds());
        outliers.put("activity_users", r.activityOutlierUsers()).put("activity_events", r.activityOutlierEvents());
        bounds(outliers.putArray("activity_bounds"), r.activityBounds());
        ObjectNode after = doc.putObject("after");
        after.put("rows", r.rowsAfter()).put("users", r.usersAfter()).put("items", r.itemsAfter());
        return doc;
    }

    private static void bounds(com.fasterxml.jackson.databind.node.ArrayNode a, OutlierRule.Bounds b) {
        // JSON has no infinities: an open side is null.
        if (Double.isInfinite(b.low())) {
            a.addNull();
        } else {
            a.add(b.low());
        }
        if (Double.isInfinite(b.high())) {
            a.addNull();
        } else {
            a.add(b.high());
        }
    }

    /**
     * The rows of a cleaned {@code interactions.jsonl} (the output of {@link #run}): every row must have user, item,
     * timestamp and event, else a {@link DataException} names the file, line and field.
     */
    public static List<Interaction> readCleaned(Path file) {
        List<Interaction> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                RawInteraction r = parse(file, n, line);
                for (String[] f : new String[][] {{"user", r.user()}, {"item", r.item()}, {"event", r.event()},
                        {"timestamp", r.timestamp() == null ? null : ""}}) {
                    if (f[1] == null) {
                        throw new DataException(file + ":" + n + ": '" + f[0] + "' is missing; run data clean first");
                    }
                }
                if (!Interaction.EVENTS.contains(r.event())) {
                    throw new DataException(file + ":" + n + ": 'event' must be one of "
                            + String.join(", ", Interaction.EVENTS));
                }
                rows.add(new Interaction(r.user(), r.item(), r.timestamp(), r.event(), r.rating()));
            }
        } catch (NoSuchFileException e) {
            throw new DataException.Unreadable(file, "no such file", e);
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    static List<RawInteraction> read(Path file) {
        List<RawInteraction> rows = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                rows.add(parse(file, n, line));
            }
        } catch (NoSuchFileException e) {
            throw new DataException.Unreadable(file, "no such file", e);
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return rows;
    }

    private static RawInteraction parse(Path file, long line, String text) {
        JsonNode o;
        try {
            o = JSON.readTree(text);
        } catch (IOException e) {
            throw new DataException(file + ":" + line + ": not JSON");
        }
        if (o == null || !o.isObject()) {
            throw new DataException(file + ":" + line + ": not a JSON object");
        }
        return new RawInteraction(text(file, line, o, "user"), text(file, line, o, "item"),
                o.hasNonNull("timestamp") ? integer(file, line, o.get("timestamp")) : null,
                text(file, line, o, "event"),
                o.hasNonNull("rating") ? number(file, line, o.get("rating")) : null);
    }

    private static String text(Path file, long line, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual() && !v.isNumber()) {
            throw new DataException(file + ":" + line + ": '" + field + "' must be a string");
        }
        return v.asText();
    }

    private static long integer(Path file, long line, JsonNode v) {
        if (!v.canConvertToExactIntegral() || !v.canConvertToLong()) {
            throw new DataException(file + ":" + line + ": 'timestamp' must be an integer");
        }
        return v.asLong();
    }

    private static double number(Path file, long line, JsonNode v) {
        if (!v.isNumber()) {
            throw new DataException(file + ":" + line + ": 'rating' must be a number");
        }
        return v.asDouble();
    }

    private static void write(Path temp, List<Interaction> rows) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            for (Interaction i : rows) {
                ObjectNode o = JSON.createObjectNode();
                o.put("user", i.user()).put("item", i.item()).put("timestamp", i.timestamp()).put("event", i.event());
                if (i.rating() != null) {
                    o.put("rating", i.rating());
                }
                w.write(JSON.writeValueAsString(o));
                w.write('\n');
            }
        }
    }

    private static void write(Path temp, String text) throws IOException {
        Files.writeString(temp, text, StandardCharsets.UTF_8);
    }

    private static Path temp(Path target) {
        return target.resolveSibling("." + target.getFileName() + ".tmp");
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // the run already failed; a leftover temporary file is replaced by the next run
        }
    }
}
