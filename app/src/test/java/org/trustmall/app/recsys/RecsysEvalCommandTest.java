package org.trustmall.app.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.ledger.proof.LedgerJson;

/** {@code recsys eval} through the real command line, on real files. */
class RecsysEvalCommandTest {
    private static final int CLUSTERS = 6;
    private static final int SIZE = 5;
    private static final int NOISE_FROM = CLUSTERS * SIZE;
    private static final int NOISE = 8;

    @TempDir
    Path dir;

    /**
     * Users walk a cluster of 5 items in cyclic order with popular noise items mixed in: the history predicts the
     * next cluster item, popularity does not.
     */
    private static List<int[]> sequences(int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int c = random.nextInt(CLUSTERS);
            int from = random.nextInt(SIZE);
            List<Integer> s = new ArrayList<>();
            for (int k = 0; k < SIZE; k++) {
                s.add(c * SIZE + (from + k) % SIZE);
            }
            for (int n = 0; n < 2; n++) {
                s.add(random.nextInt(SIZE - 1), NOISE_FROM + random.nextInt(NOISE));
            }
            out.add(s.stream().mapToInt(Integer::intValue).toArray());
        }
        return out;
    }

    /**
     * A RecBole folder from {@link #sequences} whose test target is always the most popular noise item the user has
     * not met: validation favours the sequence-aware models, test favours popularity.
     */
    private Path recBoleWhereValidationAndTestDisagree() throws IOException {
        List<int[]> users = sequences(240, 3);
        Map<Integer, Integer> count = new HashMap<>();
        for (int[] s : users) {
            for (int i = 0; i < s.length - 2; i++) {
                count.merge(s[i], 1, Integer::sum);
            }
        }
        Path folder = Files.createDirectories(dir.resolve("planted"));
        String header = "user_id:token\titem_id_list:token_seq\titem_id:token\n";
        StringBuilder train = new StringBuilder(header);
        StringBuilder valid = new StringBuilder(header);
        StringBuilder test = new StringBuilder(header);
        for (int u = 0; u < users.size(); u++) {
            int[] s = users.get(u);
            int n = s.length;
            for (int p = 1; p < n - 2; p++) {
                train.append(row(u, Arrays.copyOf(s, p), s[p]));
            }
            valid.append(row(u, Arrays.copyOf(s, n - 2), s[n - 2]));
            int[] history = Arrays.copyOf(s, n - 1);
            int target = IntStream.range(NOISE_FROM, NOISE_FROM + NOISE)
                    .filter(i -> Arrays.stream(history).noneMatch(h -> h == i)).boxed()
                    .max((a, b) -> count.getOrDefault(a, 0) != count.getOrDefault(b, 0)
                            ? Integer.compare(count.getOrDefault(a, 0), count.getOrDefault(b, 0)) : b - a)
                    .orElseThrow();
            test.append(row(u, history, target));
        }
        Files.writeString(folder.resolve("Planted.train.inter"), train);
        Files.writeString(folder.resolve("Planted.valid.inter"), valid);
        Files.writeString(folder.resolve("Planted.test.inter"), test);
        return folder;
    }

    private static String row(int user, int[] history, int target) {
        return user + "\t" + Arrays.stream(history).mapToObj(Integer::toString).collect(Collectors.joining(" "))
                + "\t" + target + "\n";
    }

    private Path sequenceFile() throws IOException {
        StringBuilder b = new StringBuilder();
        List<int[]> users = sequences(200, 9);
        for (int u = 0; u < users.size(); u++) {
            b.append("u").append(u);
            for (int i : users.get(u)) {
                b.append(' ').append("p").append(i);
            }
            b.append('\n');
        }
        return Files.writeString(dir.resolve("planted.txt"), b);
    }

    private static JsonNode model(JsonNode doc, String name) {
        for (JsonNode m : doc.get("models")) {
            if (m.get("name").asText().equals(name)) {
                return m;
            }
        }
        throw new AssertionError("no model " + name + " in " + doc);
    }

    @Test
    void onARecBoleFolderTheFamilyIsSelectedOnValidationEvenWhereTestWouldDisagree() throws Exception {
        Path folder = recBoleWhereValidationAndTestDisagree();
        Cli r = Cli.run("recsys", "eval", "--data", folder.toString(), "--format", "recbole",
                "--models", "pop,itemknn", "--json");

        assertEquals(0, r.exit(), r::toString);
        assertEquals("", r.err(), "no progress bar with --json");
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals("itemknn", doc.get("selected").asText());
        assertEquals(List.of("pop", "itemknn"), names(doc));
        JsonNode pop = model(doc, "pop");
        JsonNode knn = model(doc, "itemknn");
        assertTrue(knn.get("valid_ndcg@10").asDouble() > pop.get("valid_ndcg@10").asDouble(), doc::toString);
        assertTrue(pop.get("ndcg@10").asDouble() > knn.get("ndcg@10").asDouble(), "test favours popularity: " + doc);
        for (JsonNode m : doc.get("models")) {
            for (String key : List.of("valid_ndcg@10", "hr@10", "ndcg@10", "mrr", "coverage", "train_seconds")) {
                assertTrue(m.get(key).isNumber(), key + " in " + m);
            }
            assertTrue(m.get("candidate").isTextual(), m::toString);
            assertTrue(m.get("parameters").isObject(), m::toString);
            double best = 0;
            for (JsonNode t : m.get("tried")) {
                best = Math.max(best, t.get("valid_ndcg@10").asDouble());
            }
            assertEquals(best, m.get("valid_ndcg@10").asDouble(), "the chosen candidate is the best on validation");
        }
    }

    private static List<String> names(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.get("models").forEach(m -> out.add(m.get("name").asText()));
        return out;
    }

    @Test
    void onASequenceFileItPrintsJsonAndWritesASelfContainedReport() throws Exception {
        Path file = sequenceFile();
        Path report = dir.resolve("out/report.html");
        Cli r = Cli.run("recsys", "eval", "--data", file.toString(), "--format", "sequence",
                "--models", "pop,markov,itemknn", "--seed", "7", "--json", "--report", report.toString());

        assertEquals(0, r.exit(), r::toString);
        JsonNode doc = LedgerJson.mapper().readTree(r.out());
        assertEquals(List.of("pop", "markov", "itemknn"), names(doc));
        String best = null;
        double bestValid = -1;
        for (JsonNode m : doc.get("models")) {
            if (m.get("valid_ndcg@10").asDouble() > bestValid) {
                bestValid = m.get("valid_ndcg@10").asDouble();
                best = m.get("name").asText();
            }
        }
        assertEquals(best, doc.get("selected").asText());
        assertTrue(model(doc, "itemknn").get("hr@10").asDouble() > model(doc, "pop").get("hr@10").asDouble());
        String html = Files.readString(report);
        assertTrue(html.startsWith("<!DOCTYPE html>") && html.contains("<svg") && html.contains("itemknn"), html);
        assertFalse(html.contains("<script") || html.contains("src=") || html.contains("href="),
                "the report fetches nothing");
    }

    @Test
    void withoutJsonItPrintsATableAndNamesTheSelectedFamily() throws Exception {
        Cli r = Cli.run("recsys", "eval", "--data", sequenceFile().toString(), "--format", "sequence",
                "--models", "pop,itemknn");
        assertEquals(0, r.exit(), r::toString);
        String[] lines = r.out().split("\n");
        assertTrue(lines[0].matches("model +hr@10 +ndcg@10 +mrr +coverage +train_seconds +valid_ndcg@10 +candidate"),
                r::toString);
        assertTrue(lines[1].startsWith("pop "), r::toString);
        assertTrue(lines[2].startsWith("itemknn *"), r::toString);
        assertTrue(r.out().contains("selected on validation: itemknn"), r::toString);
    }

    @Test
    void aMalformedRowIsOneLineNamingTheFileAndRow() throws Exception {
        Path folder = recBoleWhereValidationAndTestDisagree();
        Path train = folder.resolve("Planted.train.inter");
        List<String> lines = new ArrayList<>(Files.readAllLines(train));
        lines.set(2, "17\t3 4");
        Files.write(train, lines);

        Cli r = Cli.run("recsys", "eval", "--data", folder.toString(), "--format", "recbole", "--json");

        assertEquals(1, r.exit(), r::toString);
        assertEquals("trustmall eval: error: " + train + ", row 3: expected 3 tab-separated fields, got 2",
                r.err().strip());
        assertEquals("", r.out());
    }

    @Test
    void aSequenceLineWithoutItemsNamesItsRow() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.txt"), "a 1 2 3\nb 4 5 6\nc\n");
        Cli r = Cli.run("recsys", "eval", "--data", file.toString(), "--format", "sequence");
        assertEquals(1, r.exit(), r::toString);
        assertTrue(r.err().startsWith("trustmall eval: error: " + file + ", row 3: "), r::toString);
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void aMissingFolderAnUnknownFormatAndAnUnknownFamilyAreSaidPlainly() throws Exception {
        Path missing = dir.resolve("absent");
        Cli m = Cli.run("recsys", "eval", "--data", missing.toString(), "--format", "recbole");
        assertEquals(1, m.exit(), m::toString);
        assertEquals("trustmall eval: error: " + missing + ": not a folder of RecBole atomic files", m.err().strip());

        Cli f = Cli.run("recsys", "eval", "--data", missing.toString(), "--format", "csv");
        assertEquals(2, f.exit(), f::toString);
        assertTrue(f.err().contains("unknown format 'csv'"), f::toString);

        Cli u = Cli.run("recsys", "eval", "--data", sequenceFile().toString(), "--format", "sequence",
                "--models", "pop,nosuch");
        assertEquals(2, u.exit(), u::toString);
        assertTrue(u.err().contains("unknown model family 'nosuch' in --models; known: pop, markov"), u::toString);
    }
}
