package org.trustmall.commerce.reviews;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.orders.OrderLocks;
import org.trustmall.contracts.review.ReviewContract;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link ReviewService} over the commerce database and the ledger's {@code review} contract.
 *
 * <p>Each write calls the ledger first and then changes the database in one transaction that also records the
 * ledger transaction's id, so a failed ledger call leaves the database as it was. A publish whose database write
 * was lost after the ledger accepted it is adopted when retried with the same content. Writes on one order's
 * reviews are serialised in this process (a lock per order), and each database change is conditional on the state
 * it was checked in (the version, the visibility), so a racing change fails rather than overwrites. On the ledger a
 * review is {@code review:<order id>:<product id>}, for {@code order:<id>} and {@code product:<id>}, the names the
 * escrow and shipment contracts use too. Thread-safe.
 */
public final class SqlReviewService implements ReviewService {
    static final String PUBLISH = "review.publish";
    static final String EDIT = "review.edit";
    static final String MODERATE = "review.moderate";
    private static final HexFormat HEX = HexFormat.of();

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PersonCommitments commitments;
    private final Pseudonyms pseudonyms;
    private final InstantSource clock;
    private final OrderLocks locks;

    public SqlReviewService(Jdbi jdbi, LedgerGateway ledger, PersonCommitments commitments, Pseudonyms pseudonyms,
                            InstantSource clock, OrderLocks locks) {
        this.locks = Objects.requireNonNull(locks, "locks");
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.commitments = Objects.requireNonNull(commitments, "commitments");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The review's id on the ledger: one per (order, product), as the contract allows. */
    public static String ledgerReviewId(long orderId, long productId) {
        return "review:" + orderId + ":" + productId;
    }


    static String ledgerProductId(long productId) {
        return "product:" + productId;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** A review's row, content as stored. */
    private record Row(long id, long productId, long orderId, long authorId, String ledgerId, String displayName,
                       Content content, int version, boolean visible, Instant createdAt, Instant updatedAt) {
    }

    /** Where a write landed on the ledger. */
    private record Recorded(String transactionId, long height) {
    }

    // ---- publishing ----

    @Override
    public Review publish(Actor buyer, long productId, NewReview request) {
        Objects.requireNonNull(buyer, "buyer");
        if (!buyer.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("only a buyer who received product " + productId
                    + " may review it");
        }
        if (request == null) {
            throw new CommerceException.InvalidInput("rating", "is required");
        }
        Content content = new Content(ReviewRules.rating(request.rating()), ReviewRules.title(request.title()),
                ReviewRules.text(request.text()));
        String chosenName = ReviewRules.displayName(request.displayName());
        requireProduct(productId);
        long orderId = purchase(buyer, productId, request.orderId());
        return locked(orderId, () -> {
            Optional<Long> existing = jdbi.withHandle(h -> reviewOf(h, orderId, productId));
            if (existing.isPresent()) {
                throw alreadyReviewed(orderId, productId);
            }
            String ledgerId = ledgerReviewId(orderId, productId);
            byte[] author = commitments.account(buyer.accountId());
            byte[] commitment = ReviewContent.commitment(productId, 1, content);
            Recorded recorded = publishOnLedger(ledgerId, orderId, productId, author, commitment);
            String displayName = chosenName != null ? chosenName : pseudonyms.of(buyer.accountId());
            Instant now = now();
            long id;
            try {
                id = jdbi.inTransaction(h -> {
                    long reviewId = h.createUpdate("INSERT INTO reviews (product_id, order_id, author_id, ledger_id, "
                                    + "display_name, rating, title, body, version_no, visible, created_at, updated_at) "
                                    + "VALUES (:p, :o, :a, :l, :name, :rating, :title, :body, 1, TRUE, :now, :now)")
                            .bind("p", productId).bind("o", orderId).bind("a", buyer.accountId()).bind("l", ledgerId)
                            .bind("name", displayName).bind("rating", content.rating()).bind("title", content.title())
                            .bind("body", content.text()).bind("now", Sql.at(now))
                            .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                    insertVersion(h, reviewId, 1, content, HEX.formatHex(commitment), recorded, now);
                    return reviewId;
                });
            } catch (StatementException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw alreadyReviewed(orderId, productId); // another server stored it first
                }
                throw e;
            }
            return load(buyer, List.of(id)).get(0);
        });
    }

    /**
     * Which of the buyer's orders the review is for: the named one if it is theirs, contains the product, was
     * delivered and is not yet reviewed for it; without a name, the only such order.
     */
    private long purchase(Actor buyer, long productId, Long named) {
        record Purchase(long orderId, String state, boolean reviewed) {
            boolean received() {
                return state.equals("delivered") || state.equals("completed");
            }
        }
        List<Purchase> purchases = jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT o.id, o.state, r.id AS review "
                        + "FROM orders o JOIN order_lines l ON l.order_id = o.id "
                        + "LEFT JOIN reviews r ON r.order_id = o.id AND r.product_id = l.product_id "
                        + "WHERE o.buyer_id = :b AND l.product_id = :p ORDER BY o.id")
                .bind("b", buyer.accountId()).bind("p", productId)
                .map((rs, ctx) -> new Purchase(rs.getLong("id"), rs.getString("state"),
                        rs.getObject("review") != null))
                .list());
        if (named != null) {
            Purchase p = purchases.stream().filter(x -> x.orderId() == named).findFirst().orElse(null);
            if (p == null) {
                boolean own = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders WHERE id = :o "
                        + "AND buyer_id = :b").bind("o", named).bind("b", buyer.accountId()).mapTo(Long.class).one())
                        > 0;
                if (!own) {
                    throw new CommerceException.NotFound("order", String.valueOf(named));
                }
                throw new CommerceException.InvalidInput("orderId", "order " + named + " does not contain product "
                        + productId);
            }
            if (!p.received()) {
                throw notDelivered(p.orderId(), p.state());
            }
            if (p.reviewed()) {
                throw alreadyReviewed(p.orderId(), productId);
            }
            return p.orderId();
        }
        if (purchases.isEmpty()) {
            throw new CommerceException.Forbidden("only a buyer who received product " + productId
                    + " may review it, and you have no order of it");
        }
        List<Long> open = purchases.stream().filter(p -> p.received() && !p.reviewed()).map(Purchase::orderId)
                .toList();
        if (open.size() == 1) {
            return open.get(0);
        }
        if (open.size() > 1) {
            throw new CommerceException.InvalidInput("orderId", "you received product " + productId
                    + " in several orders (" + String.join(", ", open.stream().map(String::valueOf).toList())
                    + "); name the one this review is for");
        }
        if (purchases.stream().anyMatch(Purchase::received)) {
            throw new CommerceException.Conflict("orderId", "you have already reviewed product " + productId
                    + " for every order that delivered it; edit your review instead");
        }
        Purchase pending = purchases.get(purchases.size() - 1);
        throw notDelivered(pending.orderId(), pending.state());
    }

    private static CommerceException notDelivered(long orderId, String state) {
        return new CommerceException.Conflict("orderId", "order " + orderId + " is " + state
                + "; a product can be reviewed once its order is delivered");
    }

    private static CommerceException alreadyReviewed(long orderId, long productId) {
        return new CommerceException.Conflict("orderId", "product " + productId + " was already reviewed for order "
                + orderId + "; each order reviews a product once (edit the review instead)");
    }

    private Recorded publishOnLedger(String ledgerId, long orderId, long productId, byte[] author,
                                     byte[] commitment) {
        try {
            LedgerGateway.Committed c = ledger.submit(ReviewContract.ID, ReviewContract.PUBLISH,
                    CborMap.parse(ReviewContract.publishArgs(ledgerId, LedgerNames.order(orderId),
                            ledgerProductId(productId), author, commitment)));
            return new Recorded(c.transactionId(), c.height());
        } catch (CommerceException refused) {
            // An earlier attempt may have published this very review and then failed to store it: adopt it.
            CborMap onLedger = ledgerReview(ledgerId).orElseThrow(() -> refused);
            if (onLedger.integer("version") == 1 && Arrays.equals(onLedger.bytes("content"), commitment)
                    && Arrays.equals(onLedger.bytes("author"), author)) {
                CborMap first = onLedger.maps("versions").get(0);
                return new Recorded(HEX.formatHex(first.bytes("tx")), first.integer("height"));
            }
            throw new CommerceException.Conflict("orderId", "the ledger already holds a review of product "
                    + productId + " for order " + orderId + " with other content, which this platform did not "
                    + "store; it cannot be published again (see its proof)");
        }
    }

    // ---- editing and moderation ----

    @Override
    public Review edit(Actor author, long reviewId, ReviewEdit edit) {
        Objects.requireNonNull(author, "author");
        if (edit == null || (edit.rating() == null && edit.title() == null && edit.text() == null)) {
            throw new CommerceException.InvalidInput("text", "an edit gives a new rating, title or text");
        }
        Integer rating = edit.rating() == null ? null : ReviewRules.rating(edit.rating());
        String text = edit.text() == null ? null : ReviewRules.text(edit.text());
        String title = edit.title() == null ? null : ReviewRules.title(edit.title());
        Row row = row(reviewId);
        if (!author.is(Role.BUYER) || author.accountId() != row.authorId()) {
            throw new CommerceException.Forbidden("only the author of review " + reviewId + " edits it");
        }
        return locked(row.orderId(), () -> {
            Row current = row(reviewId);
            Content was = current.content();
            Content next = new Content(rating != null ? rating : was.rating(),
                    edit.title() != null ? title : was.title(), text != null ? text : was.text());
            if (next.equals(was)) {
                throw new CommerceException.InvalidInput("text", "the edit changes nothing; review " + reviewId
                        + " already says this");
            }
            int version = current.version() + 1;
            if (version > ReviewContract.MAX_VERSIONS) {
                throw new CommerceException.Conflict("version", "review " + reviewId + " already has "
                        + ReviewContract.MAX_VERSIONS + " versions, the most one may have");
            }
            byte[] commitment = ReviewContent.commitment(current.productId(), version, next);
            LedgerGateway.Committed c;
            try {
                c = ledger.submit(ReviewContract.ID, ReviewContract.EDIT,
                        CborMap.parse(ReviewContract.editArgs(current.ledgerId(), version, commitment)));
            } catch (CommerceException refused) {
                Optional<CborMap> onLedger = ledgerReview(current.ledgerId());
                if (onLedger.isPresent() && onLedger.get().integer("version") != current.version()) {
                    throw new CommerceException.Conflict("version", "review " + reviewId + " has version "
                            + onLedger.get().integer("version") + " on the ledger but " + current.version()
                            + " here; its proof shows what is missing");
                }
                throw refused;
            }
            Instant now = now();
            Recorded recorded = new Recorded(c.transactionId(), c.height());
            jdbi.useTransaction(h -> {
                int changed = h.createUpdate("UPDATE reviews SET rating = :rating, title = :title, body = :body, "
                                + "version_no = :v, updated_at = :now WHERE id = :id AND version_no = :prev")
                        .bind("rating", next.rating()).bind("title", next.title()).bind("body", next.text())
                        .bind("v", version).bind("now", Sql.at(now)).bind("id", reviewId)
                        .bind("prev", current.version()).execute();
                if (changed != 1) {
                    throw new CommerceException.Conflict("version", "review " + reviewId + " changed while it was "
                            + "being edited; reload it");
                }
                insertVersion(h, reviewId, version, next, HEX.formatHex(commitment), recorded, now);
            });
            return load(author, List.of(reviewId)).get(0);
        });
    }

    @Override
    public Review moderate(Actor admin, long reviewId, Moderation moderation) {
        Objects.requireNonNull(admin, "admin");
        if (!admin.is(Role.ADMIN)) {
            throw new CommerceException.Forbidden("only admins moderate reviews");
        }
        if (moderation == null) {
            throw new CommerceException.InvalidInput("action", "is required");
        }
        String reason = ReviewRules.reason(moderation.reason());
        boolean visible = moderation.visible();
        Row row = row(reviewId);
        return locked(row.orderId(), () -> {
            Row current = row(reviewId);
            if (current.visible() == visible) {
                throw new CommerceException.Conflict("action", "review " + reviewId + " is already "
                        + (visible ? "visible" : "hidden"));
            }
            LedgerGateway.Committed c = ledger.submit(ReviewContract.ID, ReviewContract.MODERATE,
                    CborMap.parse(ReviewContract.moderateArgs(current.ledgerId(), visible, reason)));
            Instant now = now();
            jdbi.useTransaction(h -> {
                int changed = h.createUpdate("UPDATE reviews SET visible = :v WHERE id = :id AND visible = :prev")
                        .bind("v", visible).bind("id", reviewId).bind("prev", !visible).execute();
                if (changed != 1) {
                    throw new CommerceException.Conflict("action", "review " + reviewId + " changed while it was "
                            + "being moderated; reload it");
                }
                int n = h.createQuery("SELECT COALESCE(MAX(entry_no), 0) + 1 FROM review_moderation "
                        + "WHERE review_id = :r").bind("r", reviewId).mapTo(Integer.class).one();
                h.createUpdate("INSERT INTO review_moderation (review_id, entry_no, visible, reason, moderator_id, "
                                + "transaction_id, height, created_at) VALUES (:r, :n, :v, :reason, :m, :tx, :height, "
                                + ":now)")
                        .bind("r", reviewId).bind("n", n).bind("v", visible).bind("reason", reason)
                        .bind("m", admin.accountId()).bind("tx", c.transactionId()).bind("height", c.height())
                        .bind("now", Sql.at(now)).execute();
            });
            return load(admin, List.of(reviewId)).get(0);
        });
    }

    private static void insertVersion(Handle h, long reviewId, int version, Content content, String hash,
                                      Recorded recorded, Instant now) {
        h.createUpdate("INSERT INTO review_versions (review_id, version_no, rating, title, body, content_hash, "
                        + "transaction_id, height, created_at) VALUES (:r, :v, :rating, :title, :body, :hash, :tx, "
                        + ":height, :now)")
                .bind("r", reviewId).bind("v", version).bind("rating", content.rating()).bind("title", content.title())
                .bind("body", content.text()).bind("hash", hash).bind("tx", recorded.transactionId())
                .bind("height", recorded.height()).bind("now", Sql.at(now)).execute();
    }

    // ---- reading ----

    @Override
    public ProductReviews list(Actor actorOrNull, long productId, int page, int size) {
        Page.check(page, size);
        requireProduct(productId);
        String filter;
        if (actorOrNull != null && actorOrNull.is(Role.ADMIN)) {
            filter = "";
        } else if (actorOrNull != null && actorOrNull.is(Role.BUYER)) {
            filter = " AND (visible = TRUE OR author_id = :me)";
        } else {
            filter = " AND visible = TRUE";
        }
        Map<String, Object> me = filter.contains(":me") ? Map.of("me", actorOrNull.accountId()) : Map.of();
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM reviews WHERE product_id = :p" + filter)
                    .bind("p", productId).bindMap(me).mapTo(Long.class).one();
            List<Long> ids = h.createQuery("SELECT id FROM reviews WHERE product_id = :p" + filter
                            + " ORDER BY created_at DESC, id DESC LIMIT :limit OFFSET :offset")
                    .bind("p", productId).bindMap(me).bind("limit", size).bind("offset", (long) page * size)
                    .mapTo(Long.class).list();
            long[] shown = h.createQuery("SELECT COUNT(*) AS n, COALESCE(SUM(rating), 0) AS total FROM reviews "
                            + "WHERE product_id = :p AND visible = TRUE")
                    .bind("p", productId)
                    .map((rs, ctx) -> new long[] {rs.getLong("n"), rs.getLong("total")}).one();
            long hidden = h.createQuery("SELECT COUNT(*) FROM reviews WHERE product_id = :p AND visible = FALSE")
                    .bind("p", productId).mapTo(Long.class).one();
            Double average = shown[0] == 0 ? null : Math.round(shown[1] * 100.0 / shown[0]) / 100.0;
            return new ProductReviews(productId, new Page<>(load(actorOrNull, ids), page, size, total), shown[0],
                    hidden, average);
        });
    }

    private void requireProduct(long productId) {
        boolean exists = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM products WHERE id = :p")
                .bind("p", productId).mapTo(Long.class).one()) > 0;
        if (!exists) {
            throw new CommerceException.NotFound("product", String.valueOf(productId));
        }
    }

    private static Optional<Long> reviewOf(Handle h, long orderId, long productId) {
        return h.createQuery("SELECT id FROM reviews WHERE order_id = :o AND product_id = :p")
                .bind("o", orderId).bind("p", productId).mapTo(Long.class).findOne();
    }

    private Row row(long reviewId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM reviews WHERE id = :id").bind("id", reviewId)
                        .map((rs, ctx) -> row(rs)).findOne())
                .orElseThrow(() -> new CommerceException.NotFound("review", String.valueOf(reviewId)));
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getLong("product_id"), rs.getLong("order_id"), rs.getLong("author_id"),
                rs.getString("ledger_id"), rs.getString("display_name"), content(rs), rs.getInt("version_no"),
                rs.getBoolean("visible"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    private static Content content(ResultSet rs) throws SQLException {
        return new Content(rs.getInt("rating"), rs.getString("title"), rs.getString("body"));
    }

    /** Whether the actor may read the review's words: anyone while it is visible, else its author and admins. */
    private static boolean shown(Actor actor, Review review) {
        return review.visible() || (actor != null && (actor.is(Role.ADMIN)
                || (actor.is(Role.BUYER) && actor.accountId() == review.authorId())));
    }

    /** The reviews as the actor may see them: a hidden review's words withheld unless the actor may read them. */
    private List<Review> load(Actor actor, List<Long> ids) {
        return loadFull(ids).stream().map(r -> shown(actor, r) ? r : withheld(r)).toList();
    }

    private static Review withheld(Review r) {
        List<Version> versions = r.versions().stream().map(v -> new Version(v.version(), null, v.contentHash(),
                v.transactionId(), v.height(), v.createdAt())).toList();
        return new Review(r.id(), r.productId(), r.orderId(), r.authorId(), r.ledgerId(), r.displayName(),
                r.version(), null, r.visible(), r.createdAt(), r.updatedAt(), versions, r.moderation());
    }

    /** The reviews with {@code ids} as stored, in that order, with their versions and moderation entries. */
    private List<Review> loadFull(List<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(h -> {
            Map<Long, Row> rows = new HashMap<>();
            h.createQuery("SELECT * FROM reviews WHERE id IN (<ids>)").bindList("ids", ids)
                    .map((rs, ctx) -> row(rs)).forEach(r -> rows.put(r.id(), r));
            Map<Long, List<Version>> versions = new HashMap<>();
            h.createQuery("SELECT * FROM review_versions WHERE review_id IN (<ids>) ORDER BY review_id, version_no")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getLong("review_id"), new Version(rs.getInt("version_no"),
                            content(rs), rs.getString("content_hash").strip(), rs.getString("transaction_id").strip(),
                            rs.getLong("height"), Sql.instant(rs, "created_at"))))
                    .forEach(e -> versions.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            Map<Long, List<ModerationEntry>> moderation = new HashMap<>();
            h.createQuery("SELECT * FROM review_moderation WHERE review_id IN (<ids>) ORDER BY review_id, entry_no")
                    .bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getLong("review_id"), new ModerationEntry(rs.getInt("entry_no"),
                            rs.getBoolean("visible"), rs.getString("reason"), rs.getString("transaction_id").strip(),
                            rs.getLong("height"), Sql.instant(rs, "created_at"))))
                    .forEach(e -> moderation.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            List<Review> out = new ArrayList<>();
            for (long id : ids) {
                Row r = rows.get(id);
                if (r != null) {
                    out.add(new Review(r.id(), r.productId(), r.orderId(), r.authorId(), r.ledgerId(),
                            r.displayName(), r.version(), r.content(), r.visible(), r.createdAt(), r.updatedAt(),
                            versions.getOrDefault(id, List.of()), moderation.getOrDefault(id, List.of())));
                }
            }
            return out;
        });
    }

    // ---- verification ----

    @Override
    public ReviewProof verify(Actor actorOrNull, long reviewId) {
        Row row = row(reviewId);
        Review full = loadFull(List.of(reviewId)).stream().findFirst()
                .orElseThrow(() -> new CommerceException.NotFound("review", String.valueOf(reviewId)));
        Map<Integer, Version> stored = new LinkedHashMap<>();
        full.versions().forEach(v -> stored.put(v.version(), v));
        List<ModerationEntry> storedModeration = full.moderation();
        Review review = shown(actorOrNull, full) ? full : withheld(full);
        ProductCount count = productCount(row.productId());
        String storedHash = ReviewContent.hex(row.productId(), row.version(), row.content());
        Optional<CborMap> found = ledgerReview(row.ledgerId());
        if (found.isEmpty()) {
            List<VersionCheck> checks = stored.values().stream().map(v -> new VersionCheck(v.version(),
                    ReviewContent.hex(row.productId(), v.version(), v.content()), null, v.transactionId(), v.height(),
                    false)).toList();
            return new ReviewProof(review, Verdict.UNRECORDED, List.of("the ledger has no review '" + row.ledgerId()
                    + "': it was never published through the platform"), storedHash, null, null, checks, List.of(),
                    count);
        }
        CborMap onLedger = found.get();
        List<String> altered = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        if (!onLedger.text("product").equals(ledgerProductId(row.productId()))) {
            altered.add("the ledger records this review for " + onLedger.text("product") + ", the database for "
                    + ledgerProductId(row.productId()));
        }
        if (!onLedger.text("order").equals(LedgerNames.order(row.orderId()))) {
            altered.add("the ledger records this review for " + onLedger.text("order") + ", the database for "
                    + LedgerNames.order(row.orderId()));
        }
        if (!Arrays.equals(onLedger.bytes("author"), commitments.account(row.authorId()))) {
            altered.add("the database names another author than the ledger's commitment");
        }

        List<CborMap> ledgerVersions = onLedger.maps("versions");
        int last = Math.max(ledgerVersions.size(), stored.keySet().stream().mapToInt(Integer::intValue).max()
                .orElse(0));
        List<VersionCheck> checks = new ArrayList<>();
        for (int n = 1; n <= last; n++) {
            CborMap l = n <= ledgerVersions.size() ? ledgerVersions.get(n - 1) : null;
            Version s = stored.get(n);
            String sh = s == null ? null : ReviewContent.hex(row.productId(), n, s.content());
            String lh = l == null ? null : HEX.formatHex(l.bytes("content"));
            boolean matches = sh != null && sh.equals(lh);
            if (l != null && s == null) {
                missing.add("version " + n + " is on the ledger but not in the database");
            } else if (l == null) {
                altered.add("version " + n + " is in the database but not on the ledger");
            } else if (!matches) {
                altered.add("version " + n + " in the database does not match its commitment on the ledger");
            }
            checks.add(new VersionCheck(n, sh, lh, l != null ? HEX.formatHex(l.bytes("tx")) : s.transactionId(),
                    l != null ? l.integer("height") : s.height(), matches));
        }

        long ledgerVersion = onLedger.integer("version");
        String ledgerHash = row.version() >= 1 && row.version() <= ledgerVersions.size()
                ? HEX.formatHex(ledgerVersions.get(row.version() - 1).bytes("content")) : null;
        if (ledgerHash == null) {
            altered.add("the review as shown claims version " + row.version() + ", which the ledger does not have");
        } else if (!ledgerHash.equals(storedHash)) {
            altered.add("the review as shown (version " + row.version() + ") does not match its commitment on "
                    + "the ledger");
        }
        if (row.version() < ledgerVersion) {
            missing.add("the review as shown is version " + row.version() + "; the ledger's latest is "
                    + ledgerVersion);
        }

        boolean ledgerVisible = onLedger.bool("visible");
        if (ledgerVisible != row.visible()) {
            altered.add(row.visible() ? "the review is shown although the ledger records it hidden"
                    : "the review is hidden without a moderation entry on the ledger");
        }
        List<CborMap> ledgerModeration = onLedger.maps("moderation");
        List<ModerationCheck> moderation = new ArrayList<>();
        for (int i = 0; i < ledgerModeration.size(); i++) {
            CborMap l = ledgerModeration.get(i);
            ModerationEntry s = i < storedModeration.size() ? storedModeration.get(i) : null;
            boolean matches = s != null && s.visible() == l.bool("visible") && s.reason().equals(l.text("reason"));
            if (s == null) {
                missing.add("moderation entry " + (i + 1) + " is on the ledger but not in the database");
            } else if (!matches) {
                altered.add("moderation entry " + (i + 1) + " in the database differs from the ledger's");
            }
            moderation.add(new ModerationCheck(i + 1, l.bool("visible"), l.text("reason"),
                    HEX.formatHex(l.bytes("tx")), l.integer("height"), matches));
        }
        for (int i = ledgerModeration.size(); i < storedModeration.size(); i++) {
            altered.add("moderation entry " + (i + 1) + " is in the database but not on the ledger");
        }

        Verdict verdict = !altered.isEmpty() ? Verdict.ALTERED : !missing.isEmpty() ? Verdict.MISSING
                : Verdict.INTACT;
        List<String> findings = new ArrayList<>(altered);
        findings.addAll(missing);
        return new ReviewProof(review, verdict, findings, storedHash, ledgerHash, ledgerVisible, checks, moderation,
                count);
    }

    @Override
    public ProductProof verifyProduct(long productId) {
        ProductCount count = productCount(productId);
        Set<String> onLedger = new LinkedHashSet<>();
        for (long from = 1; from <= count.ledgerCount(); from += ReviewContract.MAX_LIST) {
            CborMap page = ledger.query(ReviewContract.ID, ReviewContract.LIST,
                    ReviewContract.listArgs(ledgerProductId(productId), from, ReviewContract.MAX_LIST));
            page.list("reviews").forEach(r -> onLedger.add((String) r));
        }
        Map<String, Long> stored = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT id, ledger_id FROM reviews WHERE product_id = :p ORDER BY id")
                .bind("p", productId)
                .map((rs, ctx) -> Map.entry(rs.getString("ledger_id"), rs.getLong("id")))
                .forEach(e -> stored.put(e.getKey(), e.getValue())));
        List<String> missing = onLedger.stream().filter(id -> !stored.containsKey(id)).toList();
        List<Long> notOnLedger = stored.entrySet().stream().filter(e -> !onLedger.contains(e.getKey()))
                .map(Map.Entry::getValue).toList();
        return new ProductProof(count, missing, notOnLedger);
    }

    private ProductCount productCount(long productId) {
        long onLedger = ledger.query(ReviewContract.ID, ReviewContract.COUNT,
                ReviewContract.countArgs(ledgerProductId(productId))).integer("count");
        long stored = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM reviews WHERE product_id = :p")
                .bind("p", productId).mapTo(Long.class).one());
        return new ProductCount(productId, onLedger, stored);
    }

    /** The ledger's record of the review, or empty when the ledger has none. */
    private Optional<CborMap> ledgerReview(String ledgerId) {
        try {
            return Optional.of(ledger.query(ReviewContract.ID, ReviewContract.GET, ReviewContract.getArgs(ledgerId)));
        } catch (CommerceException e) {
            if (e.getCause() instanceof ContractFailure) {
                return Optional.empty(); // the contract's answer: no such review
            }
            throw e;
        }
    }

    private <T> T locked(long orderId, Supplier<T> step) {
        return locks.locked(orderId, step);
    }
}
