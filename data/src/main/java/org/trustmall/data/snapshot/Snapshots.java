package org.trustmall.data.snapshot;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.trustmall.data.DataException;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.FeatureNormaliser;
import org.trustmall.data.normalise.ItemFeatures;
import org.trustmall.ledger.crypto.Hash;

/**
 * Immutable, content-addressed training snapshots. A snapshot is a folder named by the Merkle root over its rows:
 * <ul>
 *   <li>{@value #ROWS}: one interaction per line in canonical order — by user, then timestamp, item, event and
 *       rating (none first) — and canonical encoding, {@code {"user":…,"timestamp":…,"item":…,"event":…}} with
 *       {@code "rating":…} last where there is one, no spaces;</li>
 *   <li>{@value #MANIFEST}: root, counts, the {@link #SCHEMA} hash, consent policy, source, creation time, rows per
 *       event, and the z-score stats of the items' features ({@link ItemFeatures}).</li>
 * </ul>
 * The root is the RFC 9162 tree hash (the ledger's) whose leaves are the rows' canonical bytes, so it depends only
 * on the multiset of rows, never on the order they were given in, and any changed, added or removed row changes it.
 *
 * <p>{@link #write} builds the folder under a temporary name, syncs it and renames it into place in one step, so a
 * snapshot is whole or absent; an existing snapshot is never overwritten (writing the same rows again opens the one
 * there). {@link #open} recomputes the root and counts and throws {@link SnapshotTampered} on any difference.
 * Stateless and thread-safe.
 */
public final class Snapshots {
    public static final String ROWS = "rows.jsonl";
    public static final String MANIFEST = "manifest.json";
    public static final String FORMAT = "trustmall-snapshot/1";
    /** What a row is; its hash is registered with each snapshot, so a change of schema is visible on the ledger. */
    public static final String SCHEMA = "trustmall-snapshot-row/1: JSON Lines of {user: string, timestamp: integer "
            + "(epoch ms, or position where the source has order only), item: string, event: view|cart|purchase|rating,"
            + " rating?: number}, sorted by (user, timestamp, item, event, rating)";
    public static final String SCHEMA_HASH = Hash.sha256(SCHEMA.getBytes(StandardCharsets.UTF_8)).hex();

    /** The canonical order of rows. */
    public static final Comparator<Interaction> ORDER = Comparator.comparing(Interaction::user)
            .thenComparingLong(Interaction::timestamp).thenComparing(Interaction::item)
            .thenComparing(Interaction::event)
            .thenComparing(Interaction::rating, Comparator.nullsFirst(Comparator.naturalOrder()));

    private static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._:/-]{0,63}");
    private static final Pattern ROOT = Pattern.compile("[0-9a-f]{64}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Snapshots() {
    }

    /**
     * What to record with the rows.
     *
     * @param consentPolicy the version of the rule that chose the rows, a label ({@code [a-z0-9][a-z0-9._:/-]{0,63}})
     *                      — the dataset registry takes the same
     * @param source        where the rows came from, a label
     * @param prices        catalogue prices by item id, for the {@code price} feature (may be empty)
     * @param created       the time to record as the snapshot's creation
     */
    public record Spec(String consentPolicy, String source, Map<String, Double> prices, Instant created) {
        public Spec {
            label("consentPolicy", consentPolicy);
            label("source", source);
            prices = Map.copyOf(prices);
            Objects.requireNonNull(created, "created");
        }

        private static void label(String field, String value) {
            if (value == null || !LABEL.matcher(value).matches()) {
                throw new IllegalArgumentException(field + " must be a label of 1-64 characters a-z 0-9 . _ : / -, "
                        + "starting with a letter or digit, got " + value);
            }
        }
    }

    /** The rows in canonical order. */
    public static List<Interaction> canonicalOrder(Collection<Interaction> rows) {
        List<Interaction> sorted = new ArrayList<>(rows);
        sorted.sort(ORDER);
        return sorted;
    }

    /** The canonical bytes of one row (UTF-8 JSON, no newline): a leaf of the snapshot's tree. */
    public static byte[] canonical(Interaction row) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            writeRow(g, row);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static void writeRow(JsonGenerator g, Interaction row) throws IOException {
        if (row.rating() != null && !Double.isFinite(row.rating())) {
            throw new IllegalArgumentException("a rating must be a finite number, got " + row.rating());
        }
        g.writeStartObject();
        g.writeStringField("user", row.user());
        g.writeNumberField("timestamp", row.timestamp());
        g.writeStringField("item", row.item());
        g.writeStringField("event", row.event());
        if (row.rating() != null) {
            g.writeNumberField("rating", row.rating());
        }
        g.writeEndObject();
    }

    /** The snapshot root of {@code rows}, in any order: 64 lower-case hex digits. */
    public static String root(Collection<Interaction> rows) {
        MerkleRoot tree = new MerkleRoot();
        for (Interaction r : canonicalOrder(rows)) {
            tree.add(canonical(r));
        }
        return tree.root().hex();
    }

    /**
     * Writes {@code rows} as a snapshot folder under {@code parent} (created if missing) and returns it opened. When
     * a snapshot with the same root is already there, it is verified and returned as it is, never overwritten.
     *
     * @throws SnapshotTampered when the snapshot already there fails verification
     * @throws DataException.Unreadable when the folder cannot be written
     */
    public static Snapshot write(Path parent, Collection<Interaction> rows, Spec spec) {
        Objects.requireNonNull(spec, "spec");
        List<Interaction> sorted = canonicalOrder(rows);
        MerkleRoot tree = new MerkleRoot();
        Set<String> users = new HashSet<>();
        Set<String> items = new HashSet<>();
        Map<String, Long> events = new TreeMap<>();
        for (Interaction r : sorted) {
            if (!Interaction.EVENTS.contains(r.event())) {
                throw new IllegalArgumentException("unknown event '" + r.event() + "'");
            }
            tree.add(canonical(r));
            users.add(r.user());
            items.add(r.item());
            events.merge(r.event(), 1L, Long::sum);
        }
        String root = tree.root().hex();
        Path target = parent.resolve(root);
        if (Files.isDirectory(target)) {
            return open(target);
        }
        FeatureNormaliser normaliser = ItemFeatures.fit(ItemFeatures.extract(sorted, spec.prices()));
        Snapshot.Manifest manifest = new Snapshot.Manifest(root, sorted.size(), users.size(), items.size(),
                SCHEMA_HASH, spec.consentPolicy(), spec.source(), spec.created(), events, normaliser);
        Path temp = parent.resolve(".tmp-" + HexFormat.of().toHexDigits(RANDOM.nextLong()));
        try {
            Files.createDirectories(parent);
            Files.createDirectory(temp);
            try (FileChannel ch = FileChannel.open(temp.resolve(ROWS), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
                 OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16)) {
                for (Interaction r : sorted) {
                    out.write(canonical(r));
                    out.write('\n');
                }
                out.flush();
                ch.force(true);
            }
            try (FileChannel ch = FileChannel.open(temp.resolve(MANIFEST), StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                byte[] text = (JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson(manifest)) + "\n")
                        .getBytes(StandardCharsets.UTF_8);
                ch.write(ByteBuffer.wrap(text));
                ch.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException raced) {
                // Another writer put the same snapshot there first: keep theirs, which must verify.
                deleteTree(temp);
                return open(target);
            } catch (AtomicMoveNotSupportedException e) {
                throw new DataException.Unreadable(parent, "the file system cannot rename a folder in one step, so "
                        + "a snapshot could be seen half-written", e);
            }
        } catch (IOException e) {
            deleteTree(temp);
            throw new DataException.Unreadable(parent, "cannot write a snapshot (" + e.getMessage() + ")", e);
        }
        return new Snapshot(target, manifest, sorted);
    }

    /**
     * Opens the snapshot folder {@code dir} and verifies it: the manifest's root must be the folder's name and equal
     * the root recomputed from {@value #ROWS}, and the row, user and item counts must match the rows.
     *
     * @throws SnapshotTampered when anything differs or a file is missing or unreadable as a snapshot
     */
    public static Snapshot open(Path dir) {
        Snapshot.Manifest manifest = readManifest(dir);
        if (!dir.getFileName().toString().equals(manifest.root())) {
            throw new SnapshotTampered(dir, "the folder's name is not the manifest's root " + manifest.root());
        }
        MerkleRoot tree = new MerkleRoot();
        List<Interaction> rows = new ArrayList<>();
        Set<String> users = new HashSet<>();
        Set<String> items = new HashSet<>();
        Path file = dir.resolve(ROWS);
        // Byte for byte, split only at '\n': a stray '\r' or a missing last newline is a change, as it would be in
        // any copy someone checks against the registered root.
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(128);
            int b;
            while ((b = in.read()) != -1) {
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                byte[] bytes = line.toByteArray();
                line.reset();
                tree.add(bytes);
                Interaction r = parseRow(dir, tree.size(), new String(bytes, StandardCharsets.UTF_8));
                rows.add(r);
                users.add(r.user());
                items.add(r.item());
            }
            if (line.size() > 0) {
                throw new SnapshotTampered(dir, ROWS + " does not end with a newline");
            }
        } catch (NoSuchFileException e) {
            throw new SnapshotTampered(dir, ROWS + " is missing");
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
        }
        String root = tree.root().hex();
        if (!root.equals(manifest.root())) {
            throw new SnapshotTampered(dir, "the rows hash to root " + root + ", not " + manifest.root()
                    + " (a row was changed, added, removed or reordered)");
        }
        if (rows.size() != manifest.rows() || users.size() != manifest.users() || items.size() != manifest.items()) {
            throw new SnapshotTampered(dir, "the manifest counts " + manifest.rows() + " rows, " + manifest.users()
                    + " users, " + manifest.items() + " items; the rows have " + rows.size() + ", " + users.size()
                    + ", " + items.size());
        }
        return new Snapshot(dir, manifest, rows);
    }

    /** The snapshot folders under {@code parent} (none if it does not exist), by name; not verified. */
    public static List<Path> list(Path parent) {
        if (!Files.isDirectory(parent)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(p -> ROOT.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p))
                    .sorted().toList();
        } catch (IOException e) {
            throw new DataException.Unreadable(parent, "cannot list (" + e.getMessage() + ")", e);
        }
    }

    private static Interaction parseRow(Path dir, long n, String line) {
        try {
            JsonNode o = JSON.readTree(line);
            if (o != null && o.isObject() && o.path("user").isTextual() && o.path("item").isTextual()
                    && o.path("event").isTextual() && o.path("timestamp").canConvertToExactIntegral()
                    && (!o.has("rating") || o.get("rating").isNumber())) {
                return new Interaction(o.get("user").asText(), o.get("item").asText(), o.get("timestamp").asLong(),
                        o.get("event").asText(), o.has("rating") ? o.get("rating").asDouble() : null);
            }
        } catch (IOException e) {
            // reported below
        }
        throw new SnapshotTampered(dir, ROWS + " line " + n + " is not a snapshot row");
    }

    static ObjectNode toJson(Snapshot.Manifest m) {
        ObjectNode o = JSON.createObjectNode();
        o.put("format", FORMAT).put("root", m.root()).put("rows", m.rows()).put("users", m.users())
                .put("items", m.items()).put("schema_hash", m.schemaHash()).put("consent_policy", m.consentPolicy())
                .put("source", m.source()).put("created", m.created().toString());
        ObjectNode events = o.putObject("events");
        new TreeMap<>(m.events()).forEach(events::put);
        o.set("normaliser", m.normaliser().toJson());
        return o;
    }

    private static Snapshot.Manifest readManifest(Path dir) {
        Path file = dir.resolve(MANIFEST);
        JsonNode o;
        try {
            o = JSON.readTree(file.toFile());
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            throw new SnapshotTampered(dir, MANIFEST + " is missing");
        } catch (IOException e) {
            throw new SnapshotTampered(dir, MANIFEST + " is not JSON");
        }
        try {
            if (o == null || !FORMAT.equals(o.path("format").asText())) {
                throw new SnapshotTampered(dir, MANIFEST + " is not a " + FORMAT + " manifest");
            }
            Map<String, Long> events = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = o.path("events").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                events.put(e.getKey(), e.getValue().asLong());
            }
            return new Snapshot.Manifest(text(dir, o, "root"), number(dir, o, "rows"), number(dir, o, "users"),
                    number(dir, o, "items"), text(dir, o, "schema_hash"), text(dir, o, "consent_policy"),
                    text(dir, o, "source"), Instant.parse(text(dir, o, "created")), events,
                    FeatureNormaliser.fromJson(o.get("normaliser")));
        } catch (DateTimeParseException | DataException e) {
            if (e instanceof SnapshotTampered t) {
                throw t;
            }
            throw new SnapshotTampered(dir, MANIFEST + ": " + e.getMessage());
        }
    }

    private static String text(Path dir, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.isTextual()) {
            throw new SnapshotTampered(dir, MANIFEST + ": '" + field + "' must be text");
        }
        return v.asText();
    }

    private static long number(Path dir, JsonNode o, String field) {
        JsonNode v = o.get(field);
        if (v == null || !v.canConvertToExactIntegral()) {
            throw new SnapshotTampered(dir, MANIFEST + ": '" + field + "' must be an integer");
        }
        return v.asLong();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // the failure being reported matters more than a leftover temporary folder, which no reader opens
        }
    }
}
