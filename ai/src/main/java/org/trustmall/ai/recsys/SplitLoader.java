package org.trustmall.ai.recsys;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.trustmall.ai.AiException;

/**
 * Reads evaluation data as it is published: a folder of RecBole atomic files with their own train/valid/test split,
 * or a plain sequence file ({@code user item1 item2 …} per line, in time order) split leave-one-out here. Files are
 * used as they are (this is the offline research path; platform data goes through snapshots). Errors name the
 * file and row.
 */
public final class SplitLoader {
    private SplitLoader() {
    }

    /** The data format of {@code recsys eval --format}. */
    public enum Format { RECBOLE, SEQUENCE }

    public static SplitData load(Path path, Format format) {
        return switch (format) {
            case RECBOLE -> recBole(path);
            case SEQUENCE -> sequenceFile(path);
        };
    }

    /**
     * A folder holding {@code NAME.train.inter}, {@code NAME.valid.inter}, {@code NAME.test.inter} (columns
     * {@code user_id:token}, {@code item_id_list:token_seq}, {@code item_id:token}) and optionally
     * {@code NAME.item2index} (external id → item token) and {@code NAME.text} (external id → text).
     */
    public static SplitData recBole(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new AiException.BadData(dir, 0, "not a folder of RecBole atomic files");
        }
        Path trainFile = single(dir, ".train.inter");
        String prefix = trainFile.getFileName().toString();
        prefix = prefix.substring(0, prefix.length() - ".train.inter".length());
        Path validFile = dir.resolve(prefix + ".valid.inter");
        Path testFile = dir.resolve(prefix + ".test.inter");
        for (Path p : List.of(validFile, testFile)) {
            if (!Files.isRegularFile(p)) {
                throw new AiException.BadData(p, 0, "missing (RecBole data needs train, valid and test files)");
            }
        }
        Vocabulary items = new Vocabulary();
        List<String> externalIds = null;
        Path item2index = dir.resolve(prefix + ".item2index");
        if (Files.isRegularFile(item2index)) {
            externalIds = new ArrayList<>();
            for (Row r : rows(item2index, false)) {
                if (r.fields.length != 2) {
                    throw new AiException.BadData(item2index, r.line, "expected 'external-id<TAB>token'");
                }
                if (items.indexOf(r.fields[1]) >= 0) {
                    throw new AiException.BadData(item2index, r.line, "token '" + r.fields[1] + "' appears twice");
                }
                items.add(r.fields[1]);
                externalIds.add(r.fields[0]);
            }
            items.freeze(item2index);
        }
        Vocabulary users = new Vocabulary();
        Map<Integer, int[]> longestTrain = new HashMap<>();
        for (Inter r : inter(trainFile, items, users)) {
            int[] seq = Arrays.copyOf(r.history, r.history.length + 1);
            seq[r.history.length] = r.target;
            longestTrain.merge(r.user, seq, (a, b) -> a.length >= b.length ? a : b);
        }
        List<SplitData.Case> valid = cases(inter(validFile, items, users));
        List<SplitData.Case> test = cases(inter(testFile, items, users));
        List<int[]> train = new ArrayList<>(users.size());
        for (int u = 0; u < users.size(); u++) {
            train.add(longestTrain.getOrDefault(u, new int[0]));
        }
        if (externalIds == null) {
            externalIds = items.tokens();
        }
        List<String> texts = null;
        Path textFile = dir.resolve(prefix + ".text");
        if (Files.isRegularFile(textFile)) {
            Map<String, Integer> byExternal = new HashMap<>();
            for (int i = 0; i < externalIds.size(); i++) {
                byExternal.put(externalIds.get(i), i);
            }
            String[] t = new String[externalIds.size()];
            for (Row r : rows(textFile, true)) {
                if (r.fields.length < 2) {
                    continue; // an item without text: the content model treats it as unknown
                }
                Integer i = byExternal.get(r.fields[0]);
                if (i != null) {
                    t[i] = r.fields[1].strip();
                }
            }
            texts = Arrays.asList(t);
        }
        return new SplitData(externalIds.size(), externalIds, texts, train, valid, test);
    }

    /**
     * A sequence file: one user per line, {@code user item1 item2 …} separated by spaces or tabs, items in time
     * order. Users with at least three items give a validation case (all but the last two → second-last) and a test
     * case (all but the last → last); shorter sequences only train.
     */
    public static SplitData sequenceFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new AiException.BadData(file, 0, "no such file");
        }
        Vocabulary items = new Vocabulary();
        Map<String, Long> seen = new HashMap<>();
        List<int[]> sequences = new ArrayList<>();
        for (Row r : rows(file, false)) {
            String[] f = String.join(" ", r.fields).trim().split("\\s+");
            if (f.length < 2) {
                throw new AiException.BadData(file, r.line, "expected 'user item1 item2 …' with at least one item");
            }
            Long first = seen.putIfAbsent(f[0], r.line);
            if (first != null) {
                throw new AiException.BadData(file, r.line, "user '" + f[0] + "' already has a line (row " + first
                        + ")");
            }
            int[] seq = new int[f.length - 1];
            for (int i = 1; i < f.length; i++) {
                seq[i - 1] = items.add(f[i]);
            }
            sequences.add(seq);
        }
        SplitData split = SplitData.leaveOneOut(items.tokens(), null, sequences);
        if (split.test().isEmpty()) {
            throw new AiException.BadData(file, 0, "no user has the three items a leave-one-out split needs");
        }
        return split;
    }

    private static List<SplitData.Case> cases(List<Inter> rows) {
        List<SplitData.Case> out = new ArrayList<>(rows.size());
        for (Inter r : rows) {
            out.add(new SplitData.Case(r.user, r.history, r.target));
        }
        return out;
    }

    private record Inter(int user, int[] history, int target) {
    }

    private static List<Inter> inter(Path file, Vocabulary items, Vocabulary users) {
        List<Row> rows = rows(file, false);
        if (rows.isEmpty()) {
            throw new AiException.BadData(file, 1, "empty: expected a header");
        }
        String[] header = rows.getFirst().fields;
        int u = column(file, header, "user_id");
        int h = column(file, header, "item_id_list");
        int t = column(file, header, "item_id");
        List<Inter> out = new ArrayList<>(rows.size() - 1);
        for (Row r : rows.subList(1, rows.size())) {
            if (r.fields.length != header.length) {
                throw new AiException.BadData(file, r.line, "expected " + header.length + " tab-separated fields, got "
                        + r.fields.length);
            }
            String hist = r.fields[h].trim();
            String[] tokens = hist.isEmpty() ? new String[0] : hist.split(" +");
            int[] history = new int[tokens.length];
            for (int i = 0; i < tokens.length; i++) {
                history[i] = item(file, r.line, items, tokens[i]);
            }
            out.add(new Inter(users.add(r.fields[u].trim()), history, item(file, r.line, items, r.fields[t].trim())));
        }
        return out;
    }

    private static int item(Path file, long line, Vocabulary items, String token) {
        if (token.isEmpty()) {
            throw new AiException.BadData(file, line, "empty item id");
        }
        int i = items.frozen ? items.indexOf(token) : items.add(token);
        if (i < 0) {
            throw new AiException.BadData(file, line, "item '" + token + "' is not in " + items.source.getFileName());
        }
        return i;
    }

    private static int column(Path file, String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            String c = header[i].trim();
            int colon = c.indexOf(':');
            if ((colon < 0 ? c : c.substring(0, colon)).equals(name)) {
                return i;
            }
        }
        throw new AiException.BadData(file, 1, "no column '" + name + "' in the header " + Arrays.toString(header));
    }

    private static Path single(Path dir, String suffix) {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (found.size() != 1) {
                throw new AiException.BadData(dir, 0, found.isEmpty() ? "no *" + suffix + " file"
                        : "more than one *" + suffix + " file: " + found);
            }
            return found.getFirst();
        } catch (IOException e) {
            throw new AiException.BadData(dir, 0, "cannot list (" + e.getMessage() + ")");
        }
    }

    private record Row(long line, String[] fields) {
    }

    /** Non-blank lines split on tabs; with {@code limitTwo} only the first tab splits. */
    private static List<Row> rows(Path file, boolean limitTwo) {
        List<Row> out = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            long n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                out.add(new Row(n, limitTwo ? line.split("\t", 2) : line.split("\t", -1)));
            }
        } catch (java.nio.charset.MalformedInputException e) {
            throw new AiException.BadData(file, 0, "not UTF-8 text");
        } catch (IOException e) {
            throw new AiException.BadData(file, 0, "cannot read (" + e.getMessage() + ")");
        }
        return out;
    }

    /** Token ↔ dense index. */
    private static final class Vocabulary {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> tokens = new ArrayList<>();
        boolean frozen;
        Path source;

        int add(String token) {
            Integer i = index.get(token);
            if (i != null) {
                return i;
            }
            index.put(token, tokens.size());
            tokens.add(token);
            return tokens.size() - 1;
        }

        int indexOf(String token) {
            return index.getOrDefault(token, -1);
        }

        void freeze(Path from) {
            frozen = true;
            source = from;
        }

        int size() {
            return tokens.size();
        }

        List<String> tokens() {
            return List.copyOf(tokens);
        }
    }
}
