package org.trustmall.data.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.trustmall.data.DataException;

/**
 * RecBole atomic files. A {@code .inter} file has a typed header ({@code user_id:token item_id:token
 * rating:float timestamp:float}); with an {@code item_id_list:token_seq} column each row is a history plus a
 * target, as sequential datasets (UniSRec, the Amazon "Scientific" set) store every prefix of every user's
 * sequence. Those rows are expanded to one ordered sequence per user, rebuilt from all the rows read (histories
 * cut to their last items are chained, see {@link #sequence}), timestamps being positions 0, 1, …, so train, valid
 * and test together give each user's whole sequence once. The input is one {@code .inter} file or a folder of them; beside them, {@code NAME.item2index}
 * ({@code id<TAB>index}) maps item indices back to their ids, and {@code NAME.text} or {@code NAME.item} give the
 * catalogue. User indices are kept as they are: {@code user2index} holds source account ids, which stay out.
 */
final class RecBoleReader {
    /** Catalogue text may be long (titles, descriptions), but not unbounded. */
    static final int MAX_ITEM_FIELD = 10_000;

    private RecBoleReader() {
    }

    /** The files a run reads, for progress: the .inter files and the catalogue files beside them. */
    static List<Path> files(Path input) {
        List<Path> inter = interFiles(input);
        List<Path> out = new ArrayList<>();
        for (String name : datasetNames(inter)) {
            Path dir = inter.get(0).toAbsolutePath().getParent();
            for (String ext : List.of(".item2index", ".text", ".item")) {
                if (Files.isRegularFile(dir.resolve(name + ext))) {
                    out.add(dir.resolve(name + ext));
                }
            }
        }
        out.addAll(inter);
        return out;
    }

    static void read(Path input, IngestRequest req, Sink sink) {
        List<Path> inter = interFiles(input);
        Path dir = inter.get(0).toAbsolutePath().getParent();
        Map<String, String> itemIds = new HashMap<>();
        for (String name : datasetNames(inter)) {
            Path index = dir.resolve(name + ".item2index");
            if (Files.isRegularFile(index)) {
                readIndex(index, itemIds, sink);
            }
            for (String ext : List.of(".text", ".item")) {
                if (Files.isRegularFile(dir.resolve(name + ext))) {
                    readItems(dir.resolve(name + ext), sink);
                }
            }
        }
        Map<String, List<List<String>>> windows = new LinkedHashMap<>();
        for (Path file : inter) {
            readInter(file, req, itemIds, windows, sink);
        }
        for (var e : windows.entrySet()) {
            List<String> items = sequence(e.getValue());
            for (int i = 0; i < items.size(); i++) {
                sink.interaction(new Interaction(e.getKey(), items.get(i), i, req.defaultEvent(), null));
            }
        }
    }

    private static List<Path> interFiles(Path input) {
        if (!Files.isDirectory(input)) {
            if (!Files.isRegularFile(input)) {
                throw new DataException.Unreadable(input, "no such file or folder", null);
            }
            return List.of(input);
        }
        try (Stream<Path> files = Files.list(input)) {
            List<Path> out = files.filter(p -> p.getFileName().toString().endsWith(".inter")).sorted().toList();
            if (out.isEmpty()) {
                throw new DataException.Unreadable(input, "holds no RecBole .inter file", null);
            }
            return out;
        } catch (IOException e) {
            throw new DataException.Unreadable(input, "cannot list (" + e.getMessage() + ")", e);
        }
    }

    /** {@code Scientific} for {@code Scientific.train.inter}. */
    private static List<String> datasetNames(List<Path> inter) {
        return inter.stream().map(p -> p.getFileName().toString())
                .map(n -> n.substring(0, n.indexOf('.'))).distinct().toList();
    }

    private static void readIndex(Path file, Map<String, String> itemIds, Sink sink) {
        Inputs.eachLine(file, sink, (line, text) -> {
            String[] f = text.split("\t", -1);
            Rows.Rejected bad = f.length != 2
                    ? new Rows.Rejected(Reason.WRONG_COLUMN_COUNT, f.length + " columns, expected id and index")
                    : first(Rows.checkField("id", f[0], Rows.MAX_FIELD),
                            Rows.checkField("index", f[1], Rows.MAX_FIELD));
            if (bad == null && (f[0].isBlank() || f[1].isBlank())) {
                bad = new Rows.Rejected(Reason.MISSING_ITEM, "empty id or index");
            }
            if (bad != null) {
                sink.reject(file, line, bad, text);
                return;
            }
            sink.rowAccepted();
            itemIds.put(f[1].trim(), f[0].trim());
        });
    }

    private static void readItems(Path file, Sink sink) {
        try (BufferedReader in = Inputs.open(file, sink)) {
            String head = in.readLine();
            if (head == null) {
                return;
            }
            List<String> names = headerNames(head);
            int id = names.indexOf("item_id");
            if (id < 0) {
                throw new DataException(file + ": line 1: the header has no item_id column");
            }
            long line = 1;
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                sink.rowRead();
                String[] f = text.split("\t", -1);
                Rows.Rejected bad = f.length != names.size() ? new Rows.Rejected(Reason.WRONG_COLUMN_COUNT,
                        f.length + " columns, the header has " + names.size()) : null;
                for (int i = 0; bad == null && i < f.length; i++) {
                    bad = Rows.checkField(names.get(i), f[i], MAX_ITEM_FIELD);
                }
                if (bad == null && f[id].isBlank()) {
                    bad = new Rows.Rejected(Reason.MISSING_ITEM, "empty item_id");
                }
                if (bad != null) {
                    sink.reject(file, line, bad, text);
                    continue;
                }
                String title = null;
                String body = null;
                Map<String, String> attributes = new LinkedHashMap<>();
                for (int i = 0; i < f.length; i++) {
                    String v = f[i].strip();
                    switch (names.get(i)) {
                        case "item_id" -> { }
                        case "title" -> title = v;
                        case "text", "description" -> body = v;
                        default -> attributes.put(names.get(i), v);
                    }
                }
                sink.rowAccepted();
                sink.item(new Item(f[id].trim(), title, body, attributes));
            }
        } catch (IOException e) {
            throw Inputs.readFailure(file, e);
        }
    }

    private static void readInter(Path file, IngestRequest req, Map<String, String> itemIds,
                                  Map<String, List<List<String>>> windows, Sink sink) {
        try (BufferedReader in = Inputs.open(file, sink)) {
            String head = in.readLine();
            if (head == null) {
                return;
            }
            List<String> names = headerNames(head);
            int user = names.indexOf("user_id");
            int item = names.indexOf("item_id");
            int list = names.indexOf("item_id_list");
            if (user < 0 || item < 0) {
                throw new DataException(file + ": line 1: a RecBole .inter header needs user_id and item_id "
                        + "(found: " + String.join(", ", names) + ")");
            }
            // Plain interaction files write time as float seconds (RecBole's convention).
            IngestRequest plain = req.withTimestampFormat(TimestampFormat.EPOCH_S);
            long line = 1;
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                sink.rowRead();
                String[] f = text.split("\t", -1);
                if (f.length != names.size()) {
                    sink.reject(file, line, Reason.WRONG_COLUMN_COUNT, f.length + " columns, the header has "
                            + names.size(), text);
                    continue;
                }
                if (list < 0) {
                    int ts = names.indexOf("timestamp");
                    int rating = names.indexOf("rating");
                    Rows.Parsed p = Rows.interaction(plain, f[user], mapItem(f[item], itemIds),
                            ts < 0 ? null : f[ts], null, rating < 0 ? null : f[rating], line);
                    switch (p) {
                        case Rows.Accepted a -> {
                            sink.rowAccepted();
                            sink.interaction(a.interaction());
                        }
                        case Rows.Rejected bad -> sink.reject(file, line, bad, text);
                    }
                    continue;
                }
                Rows.Rejected bad = null;
                for (int i = 0; i < f.length && bad == null; i++) {
                    bad = Rows.checkField(names.get(i), f[i], i == list ? Integer.MAX_VALUE : Rows.MAX_FIELD);
                }
                String u = f[user].trim();
                String[] history = f[list].isBlank() ? new String[0] : f[list].trim().split(" +");
                List<String> sequence = new ArrayList<>(history.length + 1);
                if (bad == null && u.isEmpty()) {
                    bad = new Rows.Rejected(Reason.MISSING_USER, "empty user_id");
                }
                if (bad == null && f[item].isBlank()) {
                    bad = new Rows.Rejected(Reason.MISSING_ITEM, "empty item_id");
                }
                for (int i = 0; bad == null && i <= history.length; i++) {
                    String token = i < history.length ? history[i] : f[item].trim();
                    bad = Rows.checkField("item", token, Rows.MAX_FIELD);
                    String id = mapItem(token, itemIds);
                    if (bad == null && id == null) {
                        bad = new Rows.Rejected(Reason.MISSING_ITEM, "item index " + token
                                + " is not in the .item2index file");
                    }
                    sequence.add(id);
                }
                if (bad != null) {
                    sink.reject(file, line, bad, text);
                    continue;
                }
                sink.rowAccepted();
                windows.computeIfAbsent(u, k -> new ArrayList<>()).add(sequence);
            }
        } catch (IOException e) {
            throw Inputs.readFailure(file, e);
        }
    }

    /**
     * A user's sequence from the windows (history + target) of their rows. Windows shorter than the longest are
     * whole prefixes; the longest ones may have had their history cut to its last items (UniSRec keeps 50), so
     * they are chained: each adds its target to the sequence whose tail matches its history.
     */
    static List<String> sequence(List<List<String>> windows) {
        int longest = 0;
        for (List<String> w : windows) {
            longest = Math.max(longest, w.size());
        }
        List<String> seq = new ArrayList<>();
        Map<List<String>, String> next = new HashMap<>();
        List<List<String>> full = new ArrayList<>();
        for (List<String> w : windows) {
            if (w.size() < longest) {
                if (w.size() > seq.size()) {
                    seq = w;
                }
            } else {
                full.add(w);
                next.putIfAbsent(w.subList(0, longest - 1), w.get(longest - 1));
            }
        }
        seq = new ArrayList<>(seq);
        for (List<String> w : full) {
            if (w.subList(0, seq.size()).equals(seq)) {
                seq = new ArrayList<>(w);
                next.remove(w.subList(0, longest - 1));
                break;
            }
        }
        while (seq.size() >= longest - 1) {
            String item = next.remove(seq.subList(seq.size() - (longest - 1), seq.size()));
            if (item == null) {
                break;
            }
            seq.add(item);
        }
        return seq;
    }

    /** The item id for a token: through the index when there is one, else the token itself. */
    private static String mapItem(String token, Map<String, String> itemIds) {
        String t = token.trim();
        return itemIds.isEmpty() ? t : itemIds.get(t);
    }

    private static Rows.Rejected first(Rows.Rejected a, Rows.Rejected b) {
        return a != null ? a : b;
    }

    /** The field names of a RecBole header line ({@code name:type} columns, tab-separated; a BOM is ignored). */
    private static List<String> headerNames(String head) {
        List<String> names = new ArrayList<>();
        for (String h : head.split("\t", -1)) {
            names.add(h.replace("\uFEFF", "").split(":", 2)[0].trim());
        }
        return names;
    }
}
