package org.trustmall.commerce.recommend;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.contracts.provenance.DatasetRegistryContract;
import org.trustmall.contracts.provenance.ModelRegistryContract;
import org.trustmall.data.DataException;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.data.normalise.FeatureNormaliser;
import org.trustmall.data.snapshot.Snapshot;
import org.trustmall.data.snapshot.Snapshots;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/**
 * Training snapshots of the platform's own data, for the recommender. {@link #build} takes the interactions
 * ({@link EventService}: reported views, cart additions and ratings; purchases from paid orders) of every account
 * that is not erased and whose {@code personalisation} consent stands at that moment (the ledger's consent contract,
 * read per person), names each person only by a pseudonym ({@link Pseudonyms}, purpose {@value #PURPOSE}, under the
 * platform's own secret {@code keys/commerce/recsys-pseudonym.key}) and each item by its product id, writes an
 * immutable content-addressed snapshot ({@link Snapshots}) under {@code dataDir/recsys/snapshots}, and registers it
 * on the ledger's {@value DatasetRegistryContract#ID} with consent policy {@value #CONSENT_POLICY}.
 *
 * <p>Then it retires what consent no longer covers: every active registered snapshot that holds a person the new one
 * does not (they withdrew, or were erased) — or that is not here to check — is marked superseded on the ledger, and
 * so is every model registered on any superseded snapshot, so that serving stops using them and the next scheduled
 * training replaces them. Every step is idempotent: a build after a crash finishes what the last one began.
 *
 * <p>Builds run one at a time; {@link #open} may run alongside. Thread-safe.
 */
public final class TrainingSnapshots {
    /** The pseudonym purpose of users in training snapshots. */
    public static final String PURPOSE = "recsys";
    /** The rule that chose the rows: consenting (personalisation), not erased. Registered with each snapshot. */
    public static final String CONSENT_POLICY = "personalisation-v1";
    /** The source label registered with each snapshot. */
    public static final String SOURCE = "platform-events";
    private static final int PAGE = 100;

    private final Jdbi jdbi;
    private final ConsentService consents;
    private final Pseudonyms pseudonyms;
    private final LedgerGateway ledger;
    private final Path dir;
    private final String currency;
    private final InstantSource clock;

    /**
     * @param dir      where snapshot folders go ({@code dataDir/recsys/snapshots})
     * @param currency prices in this currency become the items' {@code price} feature
     */
    public TrainingSnapshots(Jdbi jdbi, ConsentService consents, Pseudonyms pseudonyms, LedgerGateway ledger, Path dir,
                             String currency, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.dir = Objects.requireNonNull(dir, "dir");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A registered training snapshot, ready for training: {@code new TrainingSet(itemCount(), sequences(), null)}.
     *
     * @param root                the Merkle root of its rows, also its ledger registration's key and folder name
     * @param dir                 its folder
     * @param rows                interactions in it
     * @param users               the users' pseudonyms, in the order of {@code sequences}
     * @param products            product ids by dense item index: item {@code i} of a sequence is product
     *                            {@code products.get(i)}; ascending
     * @param sequences           each user's items (dense indices) in time order, consecutive repeats of one
     *                            product collapsed
     * @param interactions        its rows, in canonical order (users by pseudonym, items by product id)
     * @param prices              the products' prices (minor units, by product id) its {@code price} feature was
     *                            measured on ({@link #build}), or today's ({@link #open}: a snapshot keeps only the
     *                            stats)
     * @param normaliser          the z-score stats of the products' features (interactions, users, recency_days,
     *                            rating_mean, price in minor units) as the snapshot recorded them, for serving
     * @param transactionId       the ledger transaction that registered it (64 hex digits)
     * @param personsLeftOut      accounts with interactions left out for want of personalisation consent ({@link
     *                            #build} only; 0 from {@link #open})
     * @param supersededSnapshots roots this build marked superseded ({@link #build} only)
     * @param supersededModels    model ids this build marked superseded ({@link #build} only)
     */
    public record TrainingSnapshot(String root, Path dir, long rows, List<String> users, List<Long> products,
                                   List<int[]> sequences, List<Interaction> interactions,
                                   Map<String, Double> prices, FeatureNormaliser normaliser, String transactionId,
                                   int personsLeftOut,
                                   List<String> supersededSnapshots, List<String> supersededModels) {
        public TrainingSnapshot {
            users = List.copyOf(users);
            products = List.copyOf(products);
            sequences = List.copyOf(sequences);
            interactions = List.copyOf(interactions);
            prices = Map.copyOf(prices);
            supersededSnapshots = List.copyOf(supersededSnapshots);
            supersededModels = List.copyOf(supersededModels);
        }

        /** How many distinct products: the recommender's item count. */
        public int itemCount() {
            return products.size();
        }
    }

    /**
     * Builds, writes and registers a snapshot of the interactions consent covers now, and supersedes what it no longer
     * covers (see the class comment). Building again with nothing changed gives the same snapshot, not a new one.
     *
     * @throws CommerceException.Conflict when exactly these rows were registered before and have since been
     *     superseded (a registration never changes; new interactions make a new snapshot)
     */
    public synchronized TrainingSnapshot build() {
        FeatureSource.Consenting consenting = FeatureSource.interactions(jdbi, consents,
                a -> pseudonyms.pseudonym(PURPOSE, "account:" + a));
        Map<String, Double> prices = FeatureSource.prices(jdbi, currency);
        Snapshot snapshot;
        try {
            snapshot = Snapshots.write(dir, consenting.rows(), new Snapshots.Spec(CONSENT_POLICY, SOURCE, prices,
                    clock.instant()));
        } catch (DataException e) {
            throw new CommerceException("cannot write the training snapshot: " + e.getMessage(), e);
        }
        Snapshot.Manifest m = snapshot.manifest();
        LedgerGateway.Committed c = ledger.submit(DatasetRegistryContract.ID, DatasetRegistryContract.REGISTER,
                CborMap.parse(DatasetRegistryContract.registerArgs(new DatasetRegistryContract.Dataset(m.root(),
                        m.rows(), m.users(), m.items(), m.schemaHash(), CONSENT_POLICY, SOURCE))));
        if (c.result().bool("superseded")) {
            throw new CommerceException.Conflict("snapshot", "snapshot " + m.root() + " holds exactly the rows of a "
                    + "snapshot superseded before; it cannot be trained on until new interactions arrive");
        }
        List<String> supersededSnapshots = new ArrayList<>();
        List<String> supersededModels = new ArrayList<>();
        retire(snapshot, supersededSnapshots, supersededModels);
        return view(snapshot, prices, HexFormat.of().formatHex(c.result().bytes("tx")), consenting.personsLeftOut(),
                supersededSnapshots, supersededModels);
    }

    /**
     * Opens the registered snapshot {@code root} from this platform's folder, verified (the serving side reads its
     * {@code products} to map a model's item indices back to products).
     *
     * @throws CommerceException.NotFound when no such snapshot is registered or none is here
     * @throws CommerceException when the folder fails verification
     */
    public TrainingSnapshot open(String root) {
        if (root == null || !root.matches("[0-9a-f]{64}")) {
            throw new CommerceException.InvalidInput("root", "a snapshot root is 64 lower-case hex digits");
        }
        CborMap registered;
        try {
            registered = ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.GET,
                    DatasetRegistryContract.getArgs(root));
        } catch (CommerceException e) {
            throw new CommerceException.NotFound("snapshot", root);
        }
        Path folder = dir.resolve(root);
        if (!Files.isDirectory(folder)) {
            throw new CommerceException.NotFound("snapshot", root);
        }
        try {
            return view(Snapshots.open(folder), FeatureSource.prices(jdbi, currency),
                    HexFormat.of().formatHex(registered.bytes("tx")), 0, List.of(), List.of());
        } catch (DataException e) {
            throw new CommerceException(e.getMessage(), e);
        }
    }

    /**
     * A snapshot as the ledger's dataset registry holds it — counts, hashes and labels, never a row.
     *
     * @param source         where its rows came from ({@value #SOURCE}, or {@link
     *                       org.trustmall.commerce.risk.RiskModels#SOURCE} for the fraud model's generated data)
     * @param transactionId  the ledger transaction that registered it (64 hex digits)
     * @param supersededBy   the root of the snapshot that replaced it, when it was superseded by one
     */
    public record Registered(String root, long rows, long users, long items, String schemaHash, String consentPolicy,
                             String source, long height, Instant registeredAt, String transactionId,
                             boolean superseded, String supersededReason, String supersededBy,
                             String supersessionTransactionId) {
    }

    /** Every snapshot registered on the ledger (this platform's and the fraud model's), in registration order. */
    public List<Registered> registered() {
        List<Registered> out = new ArrayList<>();
        for (CborMap d : registeredSnapshots()) {
            boolean superseded = d.bool("superseded");
            CborMap s = superseded ? d.map("supersession") : null;
            out.add(new Registered(d.text("root"), d.integer("rows"), d.integer("users"), d.integer("items"),
                    d.text("schema_hash"), d.text("consent_policy"), d.text("source"), d.integer("height"),
                    Instant.ofEpochMilli(d.integer("timestamp")), HexFormat.of().formatHex(d.bytes("tx")),
                    superseded, s == null ? null : s.text("reason"),
                    s == null ? null : s.optionalText("by_root").orElse(null),
                    s == null || !s.has("tx") ? null : HexFormat.of().formatHex(s.bytes("tx"))));
        }
        return out;
    }

    /** Supersedes the snapshots {@code current} drops persons of, and the models of every superseded snapshot. */
    private void retire(Snapshot current, List<String> snapshots, List<String> models) {
        Set<String> keep = null;
        for (CborMap d : registeredSnapshots()) {
            String root = d.text("root");
            boolean superseded = d.bool("superseded");
            if (!superseded && !root.equals(current.root()) && SOURCE.equals(d.text("source"))) {
                if (keep == null) {
                    keep = users(current);
                }
                String reason = droppedPersons(root, keep);
                if (reason != null) {
                    ledger.submit(DatasetRegistryContract.ID, DatasetRegistryContract.SUPERSEDE,
                            CborMap.parse(DatasetRegistryContract.supersedeArgs(root, reason, current.root())));
                    snapshots.add(root);
                    superseded = true;
                }
            }
            if (superseded) {
                for (CborMap model : modelsOf(root)) {
                    if (!model.bool("superseded")) {
                        ledger.submit(ModelRegistryContract.ID, ModelRegistryContract.SUPERSEDE,
                                CborMap.parse(ModelRegistryContract.supersedeArgs(model.text("id"),
                                        "its training snapshot " + root + " was superseded")));
                        models.add(model.text("id"));
                    }
                }
            }
        }
    }

    /** Why snapshot {@code root} must go given the persons {@code keep} of the new one, or null if it may stay. */
    private String droppedPersons(String root, Set<String> keep) {
        Path folder = dir.resolve(root);
        Snapshot older;
        try {
            older = Snapshots.open(folder);
        } catch (DataException e) {
            // Whose data it holds cannot be checked against consent now, so it must not be trained on.
            return "it cannot be checked against current consent (" + (Files.isDirectory(folder)
                    ? "it fails verification" : "it is not on this platform") + ")";
        }
        for (Interaction r : older.rows()) {
            if (!keep.contains(r.user())) {
                return "it holds persons who have since withdrawn personalisation consent or been erased";
            }
        }
        return null;
    }

    private static Set<String> users(Snapshot s) {
        Set<String> out = new HashSet<>();
        s.rows().forEach(r -> out.add(r.user()));
        return out;
    }

    private List<CborMap> registeredSnapshots() {
        List<CborMap> out = new ArrayList<>();
        for (long from = 1; ; from += PAGE) {
            CborMap page = ledger.query(DatasetRegistryContract.ID, DatasetRegistryContract.LIST,
                    DatasetRegistryContract.listArgs(from, PAGE));
            out.addAll(page.maps("datasets"));
            if (from + PAGE > page.integer("count")) {
                return out;
            }
        }
    }

    private List<CborMap> modelsOf(String root) {
        List<CborMap> out = new ArrayList<>();
        for (long from = 1; ; from += PAGE) {
            CborMap page = ledger.query(ModelRegistryContract.ID, ModelRegistryContract.LIST,
                    ModelRegistryContract.listArgs(root, from, PAGE));
            out.addAll(page.maps("models"));
            if (from + PAGE > page.integer("count")) {
                return out;
            }
        }
    }

    private static TrainingSnapshot view(Snapshot s, Map<String, Double> prices, String tx, int leftOut,
                                         List<String> snapshots, List<String> models) {
        TreeSet<Long> products = new TreeSet<>();
        s.rows().forEach(r -> products.add(Long.parseLong(r.item())));
        Map<Long, Integer> index = new HashMap<>();
        for (Long p : products) {
            index.put(p, index.size());
        }
        // Rows are in canonical order: by user, then time, so each user's rows are together and in time order.
        Map<String, List<Long>> byUser = new LinkedHashMap<>();
        for (Interaction r : s.rows()) {
            byUser.computeIfAbsent(r.user(), u -> new ArrayList<>()).add(Long.parseLong(r.item()));
        }
        List<int[]> sequences = new ArrayList<>(byUser.size());
        for (List<Long> items : byUser.values()) {
            sequences.add(Interactions.sequence(items).stream().mapToInt(index::get).toArray());
        }
        return new TrainingSnapshot(s.root(), s.dir(), s.manifest().rows(), List.copyOf(byUser.keySet()),
                List.copyOf(products), sequences, s.rows(), prices, s.manifest().normaliser(), tx, leftOut, snapshots,
                models);
    }
}
