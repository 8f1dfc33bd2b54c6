package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import org.trustmall.commerce.reviews.ReviewContent;
import org.trustmall.commerce.reviews.ReviewService;

/**
 * The JSON shapes of reviews and their proofs. A review's words ({@code rating}, {@code title}, {@code text}) are null
 * with {@code withheld: true} where the reader may not see them (a hidden review, to anyone but its author and
 * admins). Proof bundles are those of {@code GET /ledger/transactions/{id}/proof}, found through {@code proofs}.
 */
public final class ReviewViews {
    private static final String TX_PROOF = "/api/v1/ledger/transactions/%s/proof";

    private ReviewViews() {
    }

    public static ObjectNode review(ReviewService.Review r) {
        ObjectNode o = Views.object().put("id", r.id()).put("productId", r.productId());
        content(o, r.content());
        o.put("displayName", r.displayName()).put("version", r.version()).put("visible", r.visible())
                .put("verifiedPurchase", true).put("createdAt", r.createdAt().toString())
                .put("updatedAt", r.updatedAt().toString());
        ArrayNode versions = o.putArray("versions");
        for (ReviewService.Version v : r.versions()) {
            ObjectNode vo = versions.addObject().put("version", v.version());
            content(vo, v.content());
            vo.put("contentHash", v.contentHash()).put("transactionId", v.transactionId()).put("height", v.height())
                    .put("createdAt", v.createdAt().toString());
        }
        ArrayNode moderation = o.putArray("moderation");
        for (ReviewService.ModerationEntry m : r.moderation()) {
            moderation.addObject().put("n", m.n()).put("action", action(m.visible())).put("reason", m.reason())
                    .put("at", m.at().toString()).put("transactionId", m.transactionId()).put("height", m.height());
        }
        o.put("ledgerId", r.ledgerId());
        o.set("ledgerTransactions", ledgerTransactions(r));
        o.put("proof", "/api/v1/reviews/" + r.id() + "/proof");
        return o;
    }

    private static void content(ObjectNode o, ReviewService.Content c) {
        if (c == null) {
            o.putNull("rating").putNull("title").putNull("text").put("withheld", true);
        } else {
            o.put("rating", c.rating()).put("title", c.title()).put("text", c.text()).put("withheld", false);
        }
    }

    private static String action(boolean visible) {
        return visible ? "unhide" : "hide";
    }

    /** Every ledger transaction behind the review, in ledger order: its publish, edits and moderation. */
    private static ArrayNode ledgerTransactions(ReviewService.Review r) {
        record Tx(String kind, String id, long height) {
        }
        List<Tx> txs = new ArrayList<>();
        r.versions().forEach(v -> txs.add(new Tx(v.version() == 1 ? "review.publish" : "review.edit",
                v.transactionId(), v.height())));
        r.moderation().forEach(m -> txs.add(new Tx("review.moderate", m.transactionId(), m.height())));
        txs.sort(Comparator.comparingLong(Tx::height));
        ArrayNode a = Views.object().arrayNode();
        txs.forEach(t -> a.addObject().put("kind", t.kind()).put("id", t.id()).put("height", t.height())
                .put("proof", String.format(Locale.ROOT, TX_PROOF, t.id())));
        return a;
    }

    public static Schema reviewSchema() {
        Schema tx = Schema.object().req("kind", Schema.enumOf("review.publish", "review.edit", "review.moderate"))
                .req("id", Schema.string()).req("height", Schema.integer()).req("proof", Schema.string());
        Schema version = contentSchema(Schema.object().req("version", Schema.integer()))
                .req("contentHash", Schema.string(64, 64).describe("the commitment on the ledger (hex)"))
                .req("transactionId", Schema.string()).req("height", Schema.integer())
                .req("createdAt", Schema.string().with("format", "date-time"));
        Schema moderation = Schema.object().req("n", Schema.integer()).req("action", Schema.enumOf("hide", "unhide"))
                .req("reason", Schema.string()).req("at", Schema.string().with("format", "date-time"))
                .req("transactionId", Schema.string()).req("height", Schema.integer());
        return contentSchema(Schema.object().req("id", Schema.integer()).req("productId", Schema.integer()))
                .req("displayName", Schema.string().describe("the author's chosen name or pseudonym"))
                .req("version", Schema.integer()).req("visible", Schema.bool())
                .req("verifiedPurchase", Schema.bool())
                .req("createdAt", Schema.string().with("format", "date-time"))
                .req("updatedAt", Schema.string().with("format", "date-time"))
                .req("versions", Schema.array(version)).req("moderation", Schema.array(moderation))
                .req("ledgerId", Schema.string()).req("ledgerTransactions", Schema.array(tx))
                .req("proof", Schema.string());
    }

    private static Schema contentSchema(Schema s) {
        return s.req("rating", Schema.integer(1, 5).nullable()).req("title", Schema.string().nullable())
                .req("text", Schema.string().nullable())
                .req("withheld", Schema.bool().describe("true where a hidden review's words are not shown"));
    }

    public static ObjectNode productReviews(ReviewService.ProductReviews p) {
        ObjectNode o = Views.page(p.page(), ReviewViews::review);
        o.put("productId", p.productId()).put("count", p.publicCount()).put("hidden", p.hiddenCount());
        if (p.averageRating() == null) {
            o.putNull("averageRating");
        } else {
            o.put("averageRating", p.averageRating());
        }
        return o;
    }

    public static Schema productReviewsSchema() {
        return Schema.object().req("items", Schema.array(reviewSchema())).req("page", Schema.integer())
                .req("size", Schema.integer()).req("total", Schema.integer()).req("productId", Schema.integer())
                .req("count", Schema.integer().describe("visible reviews"))
                .req("hidden", Schema.integer().describe("reviews hidden by moderation"))
                .req("averageRating", type("number").nullable().describe("of the visible reviews"));
    }

    /**
     * A review's proof: the review as stored, the verdict with its findings, each version's recomputed and recorded
     * commitment with the inclusion proof of the transaction that recorded it, and the product's review counts.
     */
    public static ObjectNode proof(ReviewService.ReviewProof p, Function<String, Optional<ObjectNode>> proofs) {
        ObjectNode o = Views.object();
        o.set("review", review(p.review()));
        o.put("ledgerId", p.review().ledgerId());
        o.put("verdict", p.verdict().name().toLowerCase(Locale.ROOT));
        ArrayNode findings = o.putArray("findings");
        p.findings().forEach(findings::add);
        o.put("commitmentScheme", ReviewContent.SCHEME);
        o.put("contentHash", p.storedHash()).put("ledgerContentHash", p.ledgerHash());
        if (p.ledgerVisible() == null) {
            o.putNull("ledgerVisible");
        } else {
            o.put("ledgerVisible", p.ledgerVisible());
        }
        ArrayNode versions = o.putArray("versions");
        for (ReviewService.VersionCheck v : p.versions()) {
            ObjectNode vo = versions.addObject().put("version", v.version()).put("contentHash", v.storedHash())
                    .put("ledgerContentHash", v.ledgerHash()).put("matches", v.matches());
            vo.set("transaction", transaction(v.transactionId(), v.height(), proofs));
        }
        ArrayNode moderation = o.putArray("moderation");
        for (ReviewService.ModerationCheck m : p.moderation()) {
            ObjectNode mo = moderation.addObject().put("n", m.n()).put("action", action(m.visible()))
                    .put("reason", m.reason()).put("matches", m.matches());
            mo.set("transaction", transaction(m.transactionId(), m.height(), proofs));
        }
        o.set("product", count(p.product()));
        return o;
    }

    private static ObjectNode transaction(String id, long height, Function<String, Optional<ObjectNode>> proofs) {
        ObjectNode t = Views.object().put("id", id).put("height", height);
        t.set("proof", proofs.apply(id).orElse(null));
        return t;
    }

    private static ObjectNode count(ReviewService.ProductCount c) {
        return Views.object().put("productId", c.productId()).put("ledgerCount", c.ledgerCount())
                .put("databaseCount", c.databaseCount()).put("matches", c.matches());
    }

    private static Schema countSchema() {
        return Schema.object().req("productId", Schema.integer())
                .req("ledgerCount", Schema.integer().describe("reviews ever published on the ledger"))
                .req("databaseCount", Schema.integer().describe("reviews the platform stores"))
                .req("matches", Schema.bool());
    }

    public static Schema proofSchema() {
        Schema tx = Schema.object().req("id", Schema.string()).req("height", Schema.integer())
                .req("proof", Views.proofBundleSchema().nullable().describe("null when the ledger has no such transaction"));
        return Schema.object().req("review", reviewSchema()).req("ledgerId", Schema.string())
                .req("verdict", Schema.enumOf("intact", "altered", "missing", "unrecorded"))
                .req("findings", Schema.array(Schema.string()))
                .req("commitmentScheme", Schema.string().describe("SHA-256 of the canonical CBOR map {scheme, product,"
                        + " version, rating, title?, text}; see the README"))
                .req("contentHash", Schema.string().describe("recomputed from the review as stored"))
                .req("ledgerContentHash", Schema.string().nullable().describe("the ledger's for that version"))
                .req("ledgerVisible", Schema.bool().nullable())
                .req("versions", Schema.array(Schema.object().req("version", Schema.integer())
                        .req("contentHash", Schema.string().nullable())
                        .req("ledgerContentHash", Schema.string().nullable()).req("matches", Schema.bool())
                        .req("transaction", tx)))
                .req("moderation", Schema.array(Schema.object().req("n", Schema.integer())
                        .req("action", Schema.enumOf("hide", "unhide")).req("reason", Schema.string())
                        .req("matches", Schema.bool()).req("transaction", tx)))
                .req("product", countSchema());
    }

    public static ObjectNode productProof(ReviewService.ProductProof p) {
        ObjectNode o = count(p.count());
        o.put("consistent", p.consistent());
        ArrayNode missing = o.putArray("missingFromDatabase");
        p.missingFromDatabase().forEach(missing::add);
        ArrayNode unrecorded = o.putArray("notOnLedger");
        p.notOnLedger().forEach(unrecorded::add);
        return o;
    }

    public static Schema productProofSchema() {
        return countSchema().req("consistent", Schema.bool())
                .req("missingFromDatabase", Schema.array(Schema.string()).describe("ledger ids of reviews the "
                        + "database lacks"))
                .req("notOnLedger", Schema.array(Schema.integer()).describe("stored reviews the ledger never "
                        + "recorded"));
    }

    private static Schema type(String t) {
        return Schema.string().with("type", t);
    }
}
