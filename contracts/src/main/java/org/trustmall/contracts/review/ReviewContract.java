package org.trustmall.contracts.review;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.Cbor;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Verified-purchase reviews as commitments: the ledger never holds a review's words, only a 32-byte commitment to
 * each version's content (the platform defines it, e.g. SHA-256 of a canonical encoding of rating and text), so a
 * platform that changes or deletes a stored review without a new ledger entry is caught by anyone who recomputes
 * the commitment from what the platform shows. Versions and moderation entries are append-only: an edit is a new
 * version, and moderation only records that a review was hidden or shown again, and why; neither ever changes a
 * version.
 *
 * <p>The platform signs; persons never do, and the author appears only as a 32-byte keyed commitment. Whoever
 * publishes a review becomes its controller: afterwards only the same organisation and role, or that organisation's
 * own key (role {@code org}), may edit or moderate it. Deciding who may review (a delivered purchase) is the
 * publisher's job; the contract guarantees one review per (order, product), ever.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code publish {review, order, product, author: bytes(32), content: bytes(32)}} → version 1, visible;
 *       returns {review, version: 1, product_count}. Review ids are unique, and an (order, product) pair has at
 *       most one review, ever.</li>
 *   <li>{@code edit {review, version, content: bytes(32)}} → appends version {@code version}, which must be the
 *       latest + 1 (at most {@value #MAX_VERSIONS}); returns {review, version}.</li>
 *   <li>{@code moderate {review, visible: bool, reason: 1-500 chars}} → appends a moderation entry that hides
 *       ({@code visible: false}) or shows again a review that is not already so (at most
 *       {@value #MAX_MODERATIONS} entries); returns {review, visible, n}. The reason is public: the platform's
 *       words, not a person's data.</li>
 * </ul>
 * Queries:
 * <ul>
 *   <li>{@code get {review}} → {review, order, product, author, published_by: "org/role", published_at, version
 *       (the latest), content (the latest), visible, versions: [{n, content, height, timestamp, tx}],
 *       moderation: [{n, visible, reason, height, timestamp, tx}]}; {@code tx} is the id (32 bytes) of the
 *       transaction that wrote the entry.</li>
 *   <li>{@code count {product}} → {product, count}: reviews ever published for the product (0 for none), so a
 *       review deleted from a copy shows as a shortfall.</li>
 *   <li>{@code list {product, from?: ≥ 1, limit?: 1-100}} → {product, count, reviews: [review id]}: the product's
 *       reviews in publishing order, from the {@code from}-th (default 1), at most {@code limit} (default 100).</li>
 * </ul>
 *
 * <p>State: {@code review/<review>} → the header ({@link ReviewRecord}); {@code review/<review>\0v/<n>} →
 * {content, height, timestamp, tx}; {@code review/<review>\0m/<n>} → {visible, reason, height, timestamp, tx};
 * {@code purchase/<hex SHA-256 of canonical [order, product]>} → review id (hashed so that two 200-byte ids fit a
 * key); {@code product/<product>} → {count}; {@code product/<product>\0<n>} → review id. Ids are opaque: 1-100
 * characters, at most 200 UTF-8 bytes, no control characters. Stateless and thread-safe.
 */
public final class ReviewContract implements Contract {
    public static final String ID = "review";

    public static final String PUBLISH = "publish";
    public static final String EDIT = "edit";
    public static final String MODERATE = "moderate";
    public static final String GET = "get";
    public static final String COUNT = "count";
    public static final String LIST = "list";

    public static final int COMMITMENT_BYTES = 32;
    public static final int MAX_VERSIONS = 100;
    public static final int MAX_MODERATIONS = 100;
    public static final int MAX_REASON_CHARS = 500;
    public static final int MAX_LIST = 100;

    private static final List<String> PUBLISH_FIELDS = List.of("review", "order", "product", "author", "content");
    private static final List<String> EDIT_FIELDS = List.of("review", "version", "content");
    private static final List<String> MODERATE_FIELDS = List.of("review", "visible", "reason");
    private static final List<String> REVIEW_ONLY = List.of("review");
    private static final List<String> PRODUCT_ONLY = List.of("product");
    private static final List<String> LIST_FIELDS = List.of("product", "from", "limit");

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code publish} call. */
    public static byte[] publishArgs(String review, String order, String product, byte[] author, byte[] content) {
        return CborMap.builder().put("review", review).put("order", order).put("product", product)
                .put("author", author).put("content", content).build().encode();
    }

    /** Arguments of an {@code edit} call creating version {@code version}. */
    public static byte[] editArgs(String review, long version, byte[] content) {
        return CborMap.builder().put("review", review).put("version", version).put("content", content).build()
                .encode();
    }

    /** Arguments of a {@code moderate} call: {@code visible} false hides the review, true shows it again. */
    public static byte[] moderateArgs(String review, boolean visible, String reason) {
        return CborMap.builder().put("review", review).put("visible", visible).put("reason", reason).build()
                .encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String review) {
        return CborMap.builder().put("review", review).build();
    }

    /** Arguments of the {@code count} query. */
    public static CborMap countArgs(String product) {
        return CborMap.builder().put("product", product).build();
    }

    /** Arguments of the {@code list} query: reviews {@code from} (1-based) on, at most {@code limit}. */
    public static CborMap listArgs(String product, long from, long limit) {
        return CborMap.builder().put("product", product).put("from", from).put("limit", limit).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case PUBLISH -> publish(args, ctx);
            case EDIT -> edit(args, ctx);
            case MODERATE -> moderate(args, ctx);
            default -> throw new ContractFailure("review has no method '" + method + "'");
        };
    }

    private CborMap publish(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, PUBLISH, PUBLISH_FIELDS);
        String review = Args.id(args, "review");
        String order = Args.id(args, "order");
        String product = Args.id(args, "product");
        byte[] author = commitment(args, "author");
        byte[] content = commitment(args, "content");
        if (ctx.contains(key(review))) {
            throw new ContractFailure("field 'review': review '" + review + "' already exists");
        }
        String purchase = purchaseKey(order, product);
        ctx.get(purchase).ifPresent(existing -> {
            throw new ContractFailure("order '" + order + "' already has a review of product '" + product
                    + "': '" + CborMap.parse(existing).text("review") + "'");
        });
        ReviewRecord record = ReviewRecord.publish(review, order, product, author, ctx.caller(),
                ctx.blockTimestamp());
        ctx.put(key(review), record.toCbor().encode());
        ctx.put(versionKey(review, 1), entry(ctx).put("content", content).build().encode());
        ctx.put(purchase, CborMap.builder().put("review", review).build().encode());
        long count = productCount(ctx, product) + 1;
        ctx.put(productKey(product), CborMap.builder().put("count", count).build().encode());
        ctx.put(productEntryKey(product, count), CborMap.builder().put("review", review).build().encode());
        return CborMap.builder().put("review", review).put("version", 1L).put("product_count", count).build();
    }

    private CborMap edit(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, EDIT, EDIT_FIELDS);
        String review = Args.id(args, "review");
        long version = args.integer("version");
        byte[] content = commitment(args, "content");
        ReviewRecord record = controlled(ctx, review, EDIT);
        ReviewRecord next = record.edited(version);
        ctx.put(versionKey(review, version), entry(ctx).put("content", content).build().encode());
        ctx.put(key(review), next.toCbor().encode());
        return CborMap.builder().put("review", review).put("version", version).build();
    }

    private CborMap moderate(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, MODERATE, MODERATE_FIELDS);
        String review = Args.id(args, "review");
        boolean visible = args.bool("visible");
        String reason = Args.text(args, "reason", 1, MAX_REASON_CHARS);
        ReviewRecord record = controlled(ctx, review, MODERATE);
        ReviewRecord next = record.moderated(visible);
        long n = next.moderations();
        ctx.put(moderationKey(review, n), entry(ctx).put("visible", visible).put("reason", reason).build()
                .encode());
        ctx.put(key(review), next.toCbor().encode());
        return CborMap.builder().put("review", review).put("visible", visible).put("n", n).build();
    }

    /** The fields every appended entry carries: where and when in the chain, and which transaction wrote it. */
    private static CborMap.Builder entry(ContractContext ctx) {
        return CborMap.builder()
                .put("height", ctx.blockHeight())
                .put("timestamp", ctx.blockTimestamp())
                .put("tx", ctx.transactionId().bytes());
    }

    private static ReviewRecord controlled(ContractContext ctx, String review, String method) {
        ReviewRecord record = existing(ctx, review);
        Caller caller = ctx.caller();
        if (!record.controlledBy(caller)) {
            throw new ContractFailure(caller + " may not " + method + " review '" + review + "'; only "
                    + record.publishedBy() + " or " + record.publisherOrganisation() + "/"
                    + Caller.ORGANISATION_ROLE + " may");
        }
        return record;
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        return switch (method) {
            case GET -> {
                Args.allowOnly(args, method, REVIEW_ONLY);
                yield get(state, Args.id(args, "review"));
            }
            case COUNT -> {
                Args.allowOnly(args, method, PRODUCT_ONLY);
                String product = Args.id(args, "product");
                yield CborMap.builder().put("product", product).put("count", productCount(state, product)).build();
            }
            case LIST -> list(args, state);
            default -> Contract.super.query(method, args, state);
        };
    }

    private static CborMap get(StateView state, String review) {
        ReviewRecord record = existing(state, review);
        List<Object> versions = new ArrayList<>();
        byte[] latest = null;
        for (long n = 1; n <= record.versions(); n++) {
            CborMap v = required(state, versionKey(review, n), "version " + n + " of review '" + review + "'");
            latest = v.bytes("content");
            versions.add(CborMap.builder().put("n", n).put("content", latest).put("height", v.integer("height"))
                    .put("timestamp", v.integer("timestamp")).put("tx", v.bytes("tx")).build());
        }
        List<Object> moderation = new ArrayList<>();
        for (long n = 1; n <= record.moderations(); n++) {
            CborMap m = required(state, moderationKey(review, n),
                    "moderation entry " + n + " of review '" + review + "'");
            moderation.add(CborMap.builder().put("n", n).put("visible", m.bool("visible"))
                    .put("reason", m.text("reason")).put("height", m.integer("height"))
                    .put("timestamp", m.integer("timestamp")).put("tx", m.bytes("tx")).build());
        }
        return CborMap.builder()
                .put("review", review)
                .put("order", record.order())
                .put("product", record.product())
                .put("author", record.author())
                .put("published_by", record.publishedBy())
                .put("published_at", record.publishedAt())
                .put("version", record.versions())
                .put("content", latest)
                .put("visible", record.visible())
                .put("versions", versions)
                .put("moderation", moderation)
                .build();
    }

    private static CborMap list(CborMap args, StateView state) {
        Args.allowOnly(args, LIST, LIST_FIELDS);
        String product = Args.id(args, "product");
        OptionalLong from = args.optionalInteger("from");
        if (from.isPresent() && from.getAsLong() < 1) {
            throw new ContractFailure("field 'from': 1 or more, got " + from.getAsLong());
        }
        OptionalLong limit = args.optionalInteger("limit");
        if (limit.isPresent() && (limit.getAsLong() < 1 || limit.getAsLong() > MAX_LIST)) {
            throw new ContractFailure("field 'limit': 1-" + MAX_LIST + ", got " + limit.getAsLong());
        }
        long count = productCount(state, product);
        long first = from.orElse(1);
        long last = Math.min(count, first - 1 + limit.orElse(MAX_LIST));
        List<Object> reviews = new ArrayList<>();
        for (long n = first; n <= last; n++) {
            reviews.add(required(state, productEntryKey(product, n), "review " + n + " of product '" + product
                    + "'").text("review"));
        }
        return CborMap.builder().put("product", product).put("count", count).put("reviews", reviews).build();
    }

    private static byte[] commitment(CborMap args, String field) {
        byte[] value = args.bytes(field);
        if (value.length != COMMITMENT_BYTES) {
            throw new ContractFailure("field '" + field + "': a commitment has " + COMMITMENT_BYTES
                    + " bytes, got " + value.length);
        }
        return value;
    }

    private static long productCount(StateView state, String product) {
        return state.get(productKey(product)).map(CborMap::parse).map(m -> m.integer("count")).orElse(0L);
    }

    private static ReviewRecord existing(StateView state, String review) {
        return state.get(key(review)).map(CborMap::parse).map(ReviewRecord::fromCbor)
                .orElseThrow(() -> new ContractFailure("review '" + review + "' does not exist"));
    }

    private static CborMap required(StateView state, String key, String what) {
        return state.get(key).map(CborMap::parse).orElseThrow(() -> new ContractFailure(what + " is missing"));
    }

    private static String key(String review) {
        return "review/" + review;
    }

    // NUL cannot occur in an id, so no review's entries collide with another review's header.
    private static String versionKey(String review, long n) {
        return "review/" + review + "\0v/" + n;
    }

    private static String moderationKey(String review, long n) {
        return "review/" + review + "\0m/" + n;
    }

    private static String purchaseKey(String order, String product) {
        return "purchase/" + Hash.sha256(Cbor.encode(List.of(order, product))).hex();
    }

    private static String productKey(String product) {
        return "product/" + product;
    }

    private static String productEntryKey(String product, long n) {
        return "product/" + product + "\0" + n;
    }
}
