package org.trustmall.data.normalise;

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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.trustmall.data.DataException;
import org.trustmall.data.clean.Clean;
import org.trustmall.data.ingest.Interaction;

/**
 * {@code data normalise} on files: the {@link ItemFeatures} of every item in a cleaned {@code interactions.jsonl}
 * (prices from a catalogue {@code items.jsonl}, where there is one), z-scored. Writes {@value #FEATURES_FILE} —
 * {@code {"item":…, "raw":{feature: value…}, "z":{feature: z…}}} per item, in id order, features an item lacks left
 * out — and {@value #STATS_FILE}, the μ and σ ({@link FeatureNormaliser#write}) that serving applies alike. Each is
 * written under a temporary name and renamed into place, so neither is ever seen half-written.
 */
public final class Normalise {
    public static final String FEATURES_FILE = "item-features.jsonl";
    public static final String STATS_FILE = "normaliser.json";
    public static final String ITEMS_FILE = "items.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Normalise() {
    }

    /** What a run wrote: how many items, with how many prices, and the fitted stats. */
    public record Result(int items, int priced, FeatureNormaliser normaliser, Path features, Path stats) {
    }

    /**
     * Normalises {@code inputDir/interactions.jsonl} into {@code outDir}, with prices from {@code items} (a catalogue
     * {@code items.jsonl}), or from {@code inputDir/items.jsonl} when {@code items} is null and that file exists.
     */
    public static Result run(Path inputDir, Path items, Path outDir) {
        List<Interaction> rows = Clean.readCleaned(inputDir.resolve(Clean.INTERACTIONS));
        Path catalogue = items != null ? items : inputDir.resolve(ITEMS_FILE);
        Map<String, Double> prices = items != null || Files.exists(catalogue) ? prices(catalogue) : Map.of();
        List<ItemFeatures.Row> features = ItemFeatures.extract(rows, prices);
        FeatureNormaliser normaliser = ItemFeatures.fit(features);
        try {
            Files.createDirectories(outDir);
        } catch (IOException e) {
            throw new DataException.Unreadable(outDir, "cannot create (" + e.getMessage() + ")", e);
        }
        Path out = outDir.resolve(FEATURES_FILE);
        Path stats = outDir.resolve(STATS_FILE);
        Path temp = out.resolveSibling("." + FEATURES_FILE + ".tmp");
        int priced = 0;
        try {
            try (BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                for (ItemFeatures.Row r : features) {
                    ObjectNode o = JSON.createObjectNode().put("item", r.item());
                    ObjectNode raw = o.putObject("raw");
                    ObjectNode z = o.putObject("z");
                    for (Map.Entry<String, Double> e : r.present().entrySet()) {
                        raw.put(e.getKey(), e.getValue());
                        z.put(e.getKey(), normaliser.apply(e.getKey(), e.getValue()));
                    }
                    if (r.present().containsKey("price")) {
                        priced++;
                    }
                    w.write(JSON.writeValueAsString(o));
                    w.write('\n');
                }
            }
            normaliser.write(stats);
            try {
                Files.move(temp, out, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException ignored) {
                // the run already failed; a leftover temporary file is replaced by the next run
            }
            throw new DataException.Unreadable(outDir, "cannot write (" + e.getMessage() + ")", e);
        }
        return new Result(features.size(), priced, normaliser, out, stats);
    }

    /** The prices (attribute {@code price}, where numeric) of a catalogue {@code items.jsonl} written by ingest. */
    public static Map<String, Double> prices(Path itemsFile) {
        return ItemFeatures.prices(readAttributes(itemsFile));
    }

    /** Each catalogue item's attributes, by id, from an ingest {@code items.jsonl}. */
    static Map<String, Map<String, String>> readAttributes(Path file) {
        Map<String, Map<String, String>> out = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode o;
                try {
                    o = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DataException(file + ":" + n + ": not JSON");
                }
                if (o == null || !o.isObject() || !o.path("id").isTextual()) {
                    throw new DataException(file + ":" + n + ": not a catalogue item (an object with a text 'id')");
                }
                Map<String, String> attributes = new HashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = o.path("attributes").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    attributes.put(e.getKey(), e.getValue().asText());
                }
                out.put(o.get("id").asText(), attributes);
            }
        } catch (NoSuchFileException e) {
            throw new DataException.Unreadable(file, "no such file", e);
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
        }
        return out;
    }
}
