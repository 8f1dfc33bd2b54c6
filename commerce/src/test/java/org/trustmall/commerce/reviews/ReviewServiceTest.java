package org.trustmall.commerce.reviews;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.FailingLedger;
import org.trustmall.commerce.MutableClock;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.TestLedger;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;
import org.trustmall.commerce.orders.OrderService.PaymentRequest;
import org.trustmall.commerce.orders.OrderService.ShipRequest;
import org.trustmall.commerce.orders.OrderService.ShipmentEventRequest;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.reviews.ReviewService.Content;
import org.trustmall.commerce.reviews.ReviewService.Moderation;
import org.trustmall.commerce.reviews.ReviewService.NewReview;
import org.trustmall.commerce.reviews.ReviewService.Review;
import org.trustmall.commerce.reviews.ReviewService.ReviewEdit;
import org.trustmall.commerce.reviews.ReviewService.ReviewProof;
import org.trustmall.commerce.reviews.ReviewService.Verdict;
import org.trustmall.contracts.review.ReviewContract;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/** Verified reviews on a real ledger running the review contract, over both databases. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class ReviewServiceTest {
    static final OrderService.ShippingAddress BEIJING = new OrderService.ShippingAddress("Li Lei",
            "1 Chang'an Avenue", null, "Beijing", "BJ", "100000", "CN", "+86 10 1234 5678");

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestLedger chain;
    private TestCommerce t;
    private FailingLedger ledger;
    private ReviewService reviews;
    private OrderService orders;
    private Actor ann;
    private Actor bob;
    private Actor shop;
    private Actor admin;
    private long kettle;
    private long teapot;

    @BeforeEach
    void open() {
        MutableClock clock = new MutableClock();
        chain = TestLedger.open(dir.resolve("chain"), clock);
        ledger = new FailingLedger(chain.gateway());
        t = TestCommerce.builder(kind, dir.resolve("commerce")).ledger(ledger).clock(clock).open();
        reviews = t.commerce().reviews();
        orders = t.commerce().orders();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        shop = t.merchant("shop");
        admin = t.admin("admin");
        kettle = t.product(shop, "Kettle", "KT-1", Money.of(9_900, "CNY"), 50).id();
        teapot = t.product(shop, "Teapot", "TP-1", Money.of(5_000, "CNY"), 50).id();
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
        if (chain != null) {
            chain.close();
        }
    }

    private OrderService.Order paid(Actor buyer, String... skus) {
        for (String sku : skus) {
            t.commerce().carts().add(buyer, sku, 1);
        }
        long id = orders.checkout(buyer, new CheckoutRequest(BEIJING), null).get(0).id();
        return orders.pay(buyer, id, new PaymentRequest("4242 4242 4242 4242"), null);
    }

    private long delivered(Actor buyer, String... skus) {
        long id = paid(buyer, skus).id();
        orders.ship(shop, id, new ShipRequest("SF Express", "SF123"));
        orders.addShipmentEvent(shop, id, new ShipmentEventRequest("picked_up", null, null));
        orders.addShipmentEvent(shop, id, new ShipmentEventRequest("delivered", null, null));
        return id;
    }

    private static NewReview review(int rating, String text) {
        return new NewReview(null, rating, null, text, null);
    }

    private CborMap onLedger(Review r) {
        return chain.ledger().query(ReviewContract.ID, ReviewContract.GET, ReviewContract.getArgs(r.ledgerId()));
    }

    private void sql(String statement, Object... args) {
        t.jdbi().useHandle(h -> {
            var u = h.createUpdate(statement);
            for (int i = 0; i < args.length; i++) {
                u.bind(i, args[i]);
            }
            assertEquals(1, u.execute(), statement);
        });
    }

    @Test
    void aBuyerWhoReceivedTheProductReviewsItOnceAndTheLedgerHoldsOnlyItsCommitment() {
        long order = delivered(ann, "KT-1");
        Review r = reviews.publish(ann, kettle, new NewReview(null, 5, "Boils fast", "Boils a litre in\r\n"
                + "three minutes.  ", null));
        assertEquals(order, r.orderId());
        assertEquals(1, r.version());
        assertEquals(new Content(5, "Boils fast", "Boils a litre in\nthree minutes."), r.content());
        assertTrue(r.visible());
        assertTrue(r.displayName().matches("Buyer [0-9A-F]{6}"), r.displayName());
        assertEquals("review:" + order + ":" + kettle, r.ledgerId());

        CborMap l = onLedger(r);
        assertEquals("order:" + order, l.text("order"));
        assertEquals("product:" + kettle, l.text("product"));
        assertArrayEquals(ReviewContent.commitment(kettle, 1, r.content()), l.bytes("content"));
        assertEquals(r.versions().get(0).contentHash(), HexFormat.of().formatHex(l.bytes("content")));
        assertEquals(r.versions().get(0).transactionId(), HexFormat.of().formatHex(
                ReviewServiceTest.entries(l, "versions").get(0).bytes("tx")));
        byte[] args = chain.ledger().transaction(Hash.fromHex(r.versions().get(0).transactionId())).orElseThrow()
                .transaction().args();
        String text = new String(args, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertFalse(text.contains("Boils") || text.contains("Buyer") || text.contains("ann"), text);

        CommerceException.Conflict again = assertThrows(CommerceException.Conflict.class,
                () -> reviews.publish(ann, kettle, review(1, "Changed my mind")));
        assertEquals("orderId", again.field());
        assertThrows(CommerceException.Conflict.class, () -> reviews.publish(ann, kettle,
                new NewReview(order, 1, null, "Changed my mind", null)));
        assertEquals(1, reviews.list(null, kettle, 0, 10).page().total());
    }

    @Test
    void onlyABuyerWithADeliveredOrderOfTheProductMayReviewIt() {
        assertThrows(CommerceException.Forbidden.class, () -> reviews.publish(bob, kettle, review(5, "Never had it")));
        assertThrows(CommerceException.Forbidden.class, () -> reviews.publish(shop, kettle, review(5, "My own")));
        assertThrows(CommerceException.Forbidden.class, () -> reviews.publish(admin, kettle, review(5, "Admin")));

        long paidOrder = paid(bob, "KT-1").id();
        CommerceException.Conflict notYet = assertThrows(CommerceException.Conflict.class,
                () -> reviews.publish(bob, kettle, review(5, "Not arrived")));
        assertEquals("orderId", notYet.field());
        assertTrue(notYet.getMessage().contains("paid"), notYet.getMessage());

        long annsOrder = delivered(ann, "KT-1");
        assertThrows(CommerceException.NotFound.class, () -> reviews.publish(bob, kettle,
                new NewReview(annsOrder, 5, null, "Someone else's order", null)), "another buyer's order");
        CommerceException.InvalidInput wrongProduct = assertThrows(CommerceException.InvalidInput.class,
                () -> reviews.publish(ann, teapot, new NewReview(annsOrder, 5, null, "Not in it", null)));
        assertEquals("orderId", wrongProduct.field());
        assertThrows(CommerceException.NotFound.class, () -> reviews.publish(ann, 999_999, review(5, "Nothing")));
        assertEquals(0, reviews.list(null, kettle, 0, 10).page().total());
        assertEquals(0, chain.ledger().query(ReviewContract.ID, ReviewContract.COUNT,
                ReviewContract.countArgs("product:" + kettle)).integer("count"));

        // Completed orders count as received too.
        long bobsOrder = paidOrder;
        orders.ship(shop, bobsOrder, new ShipRequest("SF", "T2"));
        orders.addShipmentEvent(shop, bobsOrder, new ShipmentEventRequest("picked_up", null, null));
        orders.addShipmentEvent(shop, bobsOrder, new ShipmentEventRequest("delivered", null, null));
        orders.confirm(bob, bobsOrder);
        assertEquals(bobsOrder, reviews.publish(bob, kettle, review(4, "Arrived at last")).orderId());
    }

    @Test
    void aBuyerWhoReceivedAProductInSeveralOrdersReviewsItOncePerOrderNamingTheOrder() {
        long first = delivered(ann, "KT-1", "TP-1");
        long second = delivered(ann, "KT-1");
        CommerceException.InvalidInput which = assertThrows(CommerceException.InvalidInput.class,
                () -> reviews.publish(ann, kettle, review(5, "Which one?")));
        assertEquals("orderId", which.field());
        assertTrue(which.getMessage().contains(first + ", " + second), which.getMessage());
        assertEquals(second, reviews.publish(ann, kettle, new NewReview(second, 4, null, "Second kettle", null))
                .orderId());
        // With one order left unreviewed, it need not be named.
        assertEquals(first, reviews.publish(ann, kettle, review(5, "First kettle")).orderId());
        assertEquals(first, reviews.publish(ann, teapot, review(3, "The teapot")).orderId());
        assertThrows(CommerceException.Conflict.class, () -> reviews.publish(ann, kettle, review(5, "Third?")));
        assertEquals(2, reviews.list(null, kettle, 0, 10).page().total());
    }

    @Test
    void anEditIsANewVersionOnTheLedgerAndTheOldOneIsKept() {
        delivered(ann, "KT-1");
        Review r = reviews.publish(ann, kettle, new NewReview(null, 3, "OK", "Loud.", "Tea Lover"));
        assertEquals("Tea Lover", r.displayName());
        Review edited = reviews.edit(ann, r.id(), new ReviewEdit(5, null, "Loud, but fast."));
        assertEquals(2, edited.version());
        assertEquals(new Content(5, "OK", "Loud, but fast."), edited.content());
        assertEquals(2, edited.versions().size());
        assertEquals(r.content(), edited.versions().get(0).content());
        assertEquals(edited.content(), edited.versions().get(1).content());
        assertNotEquals(edited.versions().get(0).contentHash(), edited.versions().get(1).contentHash());
        assertNotEquals(edited.versions().get(0).transactionId(), edited.versions().get(1).transactionId());

        CborMap l = onLedger(edited);
        assertEquals(2, l.integer("version"));
        assertEquals(edited.versions().get(1).contentHash(), HexFormat.of().formatHex(l.bytes("content")));

        Review untitled = reviews.edit(ann, r.id(), new ReviewEdit(null, " ", null));
        assertNull(untitled.content().title(), "a blank title removes it");
        assertEquals(3, untitled.version());

        assertThrows(CommerceException.Forbidden.class, () -> reviews.edit(bob, r.id(), new ReviewEdit(1, null,
                null)));
        assertThrows(CommerceException.Forbidden.class, () -> reviews.edit(admin, r.id(), new ReviewEdit(1, null,
                null)));
        CommerceException.InvalidInput same = assertThrows(CommerceException.InvalidInput.class,
                () -> reviews.edit(ann, r.id(), new ReviewEdit(5, null, "Loud, but fast.")));
        assertEquals("text", same.field());
        assertThrows(CommerceException.InvalidInput.class, () -> reviews.edit(ann, r.id(), new ReviewEdit(null,
                null, null)));
        assertThrows(CommerceException.NotFound.class, () -> reviews.edit(ann, 999_999, new ReviewEdit(1, null,
                null)));
        assertEquals(Verdict.INTACT, reviews.verify(null, r.id()).verdict());
    }

    @Test
    void moderationHidesWithARecordedReasonNeverAltersAndHiddenWordsReachOnlyTheAuthorAndAdmins() {
        delivered(ann, "KT-1");
        delivered(bob, "KT-1");
        Review annsReview = reviews.publish(ann, kettle, review(1, "Call me on 555-0100"));
        Review bobsReview = reviews.publish(bob, kettle, review(5, "Great"));
        assertThrows(CommerceException.Forbidden.class, () -> reviews.moderate(bob, annsReview.id(),
                new Moderation(false, "spam")));

        Review hidden = reviews.moderate(admin, annsReview.id(), new Moderation(false, "contains a phone number"));
        assertFalse(hidden.visible());
        assertEquals(annsReview.content(), hidden.content(), "moderation never alters the words");
        assertEquals(1, hidden.moderation().size());
        assertEquals("contains a phone number", hidden.moderation().get(0).reason());
        CommerceException.Conflict twice = assertThrows(CommerceException.Conflict.class,
                () -> reviews.moderate(admin, annsReview.id(), new Moderation(false, "again")));
        assertEquals("action", twice.field());
        assertFalse(onLedger(hidden).bool("visible"));

        ReviewService.ProductReviews everyone = reviews.list(null, kettle, 0, 10);
        assertEquals(List.of(bobsReview.id()), everyone.page().items().stream().map(Review::id).toList());
        assertEquals(1, everyone.publicCount());
        assertEquals(1, everyone.hiddenCount());
        assertEquals(5.0, everyone.averageRating());
        assertEquals(List.of(bobsReview.id()), reviews.list(bob, kettle, 0, 10).page().items().stream()
                .map(Review::id).toList());
        Review seenByAuthor = reviews.list(ann, kettle, 0, 10).page().items().stream()
                .filter(r -> r.id() == annsReview.id()).findFirst().orElseThrow();
        assertFalse(seenByAuthor.visible());
        assertEquals(annsReview.content(), seenByAuthor.content());
        assertEquals(2, reviews.list(admin, kettle, 0, 10).page().total());

        ReviewProof publicProof = reviews.verify(null, annsReview.id());
        assertEquals(Verdict.INTACT, publicProof.verdict(), publicProof.findings()::toString);
        assertNull(publicProof.review().content(), "the public proof withholds hidden words");
        assertNull(publicProof.review().versions().get(0).content());
        assertFalse(publicProof.ledgerVisible());
        assertEquals("contains a phone number", publicProof.moderation().get(0).reason());
        assertEquals(annsReview.content(), reviews.verify(ann, annsReview.id()).review().content());

        Review shown = reviews.moderate(admin, annsReview.id(), new Moderation(true, "number removed by support"));
        assertTrue(shown.visible());
        assertEquals(2, shown.moderation().size());
        assertEquals(3.0, reviews.list(null, kettle, 0, 10).averageRating());
    }

    @Test
    void theProofCheckFindsWhatWasChangedInTheDatabaseBehindTheLedgersBack() {
        delivered(ann, "KT-1");
        delivered(bob, "KT-1");
        Review r = reviews.publish(ann, kettle, review(2, "Leaks."));
        reviews.edit(ann, r.id(), new ReviewEdit(3, null, "Leaks a little."));
        Review other = reviews.publish(bob, kettle, review(4, "Fine."));
        ReviewProof intact = reviews.verify(null, r.id());
        assertEquals(Verdict.INTACT, intact.verdict(), intact.findings()::toString);
        assertEquals(intact.storedHash(), intact.ledgerHash());
        assertEquals(2, intact.versions().size());
        assertTrue(intact.versions().stream().allMatch(ReviewService.VersionCheck::matches));
        assertTrue(intact.product().matches());

        sql("UPDATE reviews SET body = 'Perfect kettle!' WHERE id = ?", r.id());
        ReviewProof altered = reviews.verify(null, r.id());
        assertEquals(Verdict.ALTERED, altered.verdict());
        assertNotEquals(altered.storedHash(), altered.ledgerHash());
        assertTrue(altered.findings().get(0).contains("version 2"), altered.findings()::toString);
        sql("UPDATE reviews SET body = 'Leaks a little.' WHERE id = ?", r.id());
        assertEquals(Verdict.INTACT, reviews.verify(null, r.id()).verdict());

        sql("UPDATE reviews SET rating = 5 WHERE id = ?", r.id());
        assertEquals(Verdict.ALTERED, reviews.verify(null, r.id()).verdict(), "the rating is committed too");
        sql("UPDATE reviews SET rating = 3 WHERE id = ?", r.id());

        sql("UPDATE review_versions SET body = 'Works.' WHERE review_id = ? AND version_no = 1", r.id());
        ReviewProof history = reviews.verify(null, r.id());
        assertEquals(Verdict.ALTERED, history.verdict());
        assertFalse(history.versions().get(0).matches());
        assertTrue(history.versions().get(1).matches());
        sql("DELETE FROM review_versions WHERE review_id = ? AND version_no = 1", r.id());
        ReviewProof gap = reviews.verify(null, r.id());
        assertEquals(Verdict.MISSING, gap.verdict(), gap.findings()::toString);
        assertNull(gap.versions().get(0).storedHash());

        sql("UPDATE reviews SET visible = FALSE WHERE id = ?", other.id());
        ReviewProof silentlyHidden = reviews.verify(null, other.id());
        assertEquals(Verdict.ALTERED, silentlyHidden.verdict());
        assertTrue(silentlyHidden.findings().get(0).contains("without a moderation entry"),
                silentlyHidden.findings()::toString);
        sql("UPDATE reviews SET visible = TRUE WHERE id = ?", other.id());

        sql("DELETE FROM review_versions WHERE review_id = ?", r.id());
        sql("DELETE FROM reviews WHERE id = ?", r.id());
        assertThrows(CommerceException.NotFound.class, () -> reviews.verify(null, r.id()));
        ReviewProof survivor = reviews.verify(null, other.id());
        assertEquals(Verdict.INTACT, survivor.verdict());
        assertEquals(2, survivor.product().ledgerCount());
        assertEquals(1, survivor.product().databaseCount());
        assertFalse(survivor.product().matches());
        ReviewService.ProductProof product = reviews.verifyProduct(kettle);
        assertEquals(List.of(r.ledgerId()), product.missingFromDatabase());
        assertFalse(product.consistent());
    }

    @Test
    void aReviewWrittenStraightIntoTheDatabaseIsReportedUnrecorded() {
        long order = delivered(ann, "KT-1");
        Review real = reviews.publish(ann, kettle, review(5, "Real"));
        long fakeOrder = delivered(ann, "TP-1");
        t.jdbi().useHandle(h -> h.createUpdate("INSERT INTO reviews (product_id, order_id, author_id, ledger_id, "
                        + "display_name, rating, title, body, version_no, visible, created_at, updated_at) VALUES "
                        + "(:p, :o, :a, :l, 'Fan', 5, NULL, 'Best teapot ever', 1, TRUE, CURRENT_TIMESTAMP, "
                        + "CURRENT_TIMESTAMP)")
                .bind("p", teapot).bind("o", fakeOrder).bind("a", ann.accountId())
                .bind("l", SqlReviewService.ledgerReviewId(fakeOrder, teapot)).execute());
        long fake = t.jdbi().withHandle(h -> h.createQuery("SELECT id FROM reviews WHERE product_id = :p")
                .bind("p", teapot).mapTo(Long.class).one());
        ReviewProof proof = reviews.verify(null, fake);
        assertEquals(Verdict.UNRECORDED, proof.verdict());
        assertEquals(0, proof.product().ledgerCount());
        assertEquals(1, proof.product().databaseCount());
        assertEquals(List.of(fake), reviews.verifyProduct(teapot).notOnLedger());
        assertTrue(reviews.verifyProduct(kettle).consistent());
        assertEquals(Verdict.INTACT, reviews.verify(null, real.id()).verdict());
        assertEquals(order, real.orderId());
    }

    @Test
    void aFailedLedgerCallStoresNothingAndAPublishWhoseStoreWasLostIsAdoptedOnRetry() {
        long order = delivered(ann, "KT-1");
        ledger.failing = "review.publish";
        assertThrows(CommerceException.class, () -> reviews.publish(ann, kettle, review(4, "Good")));
        ledger.failing = null;
        assertEquals(0, reviews.list(ann, kettle, 0, 10).page().total());

        // As if an earlier attempt had published on the ledger and crashed before storing the review.
        Content content = new Content(4, null, "Good");
        LedgerGateway.Committed first = chain.gateway().submit(ReviewContract.ID, ReviewContract.PUBLISH,
                CborMap.parse(ReviewContract.publishArgs(SqlReviewService.ledgerReviewId(order, kettle),
                        "order:" + order, "product:" + kettle, commitment(ann),
                        ReviewContent.commitment(kettle, 1, content))));
        Review adopted = reviews.publish(ann, kettle, review(4, "Good"));
        assertEquals(first.transactionId(), adopted.versions().get(0).transactionId());
        assertEquals(Verdict.INTACT, reviews.verify(null, adopted.id()).verdict());

        ledger.failing = "review.edit";
        assertThrows(CommerceException.class, () -> reviews.edit(ann, adopted.id(), new ReviewEdit(2, null, null)));
        ledger.failing = null;
        Review unchanged = reviews.list(ann, kettle, 0, 10).page().items().get(0);
        assertEquals(1, unchanged.version());
        assertEquals(4, unchanged.content().rating());
        assertEquals(2, reviews.edit(ann, adopted.id(), new ReviewEdit(2, null, null)).version());
    }

    @Test
    void aRetryWithOtherContentThanTheLedgerHoldsIsAConflict() {
        long order = delivered(ann, "KT-1");
        chain.gateway().submit(ReviewContract.ID, ReviewContract.PUBLISH,
                CborMap.parse(ReviewContract.publishArgs(SqlReviewService.ledgerReviewId(order, kettle),
                        "order:" + order, "product:" + kettle, commitment(ann),
                        ReviewContent.commitment(kettle, 1, new Content(1, null, "Bad")))));
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> reviews.publish(ann, kettle, review(5, "Good")));
        assertEquals("orderId", c.field());
        assertEquals(0, reviews.list(ann, kettle, 0, 10).page().total());
    }

    @Test
    void badContentIsRefusedNamingTheFieldAndChangesNothing() {
        delivered(ann, "KT-1");
        Map<String, NewReview> bad = Map.of(
                "rating", new NewReview(null, 0, null, "text", null),
                "text", new NewReview(null, 5, null, "   ", null),
                "title", new NewReview(null, 5, "t".repeat(121), "text", null),
                "displayName", new NewReview(null, 5, null, "text", "Buyer 7F3A2C"));
        bad.forEach((field, input) -> {
            CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                    () -> reviews.publish(ann, kettle, input), field);
            assertEquals(field, e.field());
        });
        assertEquals("rating", assertThrows(CommerceException.InvalidInput.class, () -> reviews.publish(ann, kettle,
                new NewReview(null, 6, null, "x", null))).field());
        assertEquals("text", assertThrows(CommerceException.InvalidInput.class, () -> reviews.publish(ann, kettle,
                new NewReview(null, 5, null, "x".repeat(5001), null))).field());
        assertEquals("text", assertThrows(CommerceException.InvalidInput.class, () -> reviews.publish(ann, kettle,
                new NewReview(null, 5, null, "bell\u0007", null))).field());
        assertEquals("text", assertThrows(CommerceException.InvalidInput.class, () -> reviews.publish(ann, kettle,
                new NewReview(null, 5, null, "half \ud800 a pair", null))).field());
        assertEquals("displayName", assertThrows(CommerceException.InvalidInput.class, () -> reviews.publish(ann,
                kettle, new NewReview(null, 5, null, "x", "n".repeat(41)))).field());
        assertEquals(0, reviews.list(ann, kettle, 0, 10).page().total());
        Review ok = reviews.publish(ann, kettle, new NewReview(null, 5, "t".repeat(120), "😀".repeat(5000),
                "好".repeat(40)));
        assertEquals("好".repeat(40), ok.displayName());
        assertEquals("reason", assertThrows(CommerceException.InvalidInput.class, () -> reviews.moderate(admin,
                ok.id(), new Moderation(false, " "))).field());
        assertTrue(reviews.list(null, kettle, 0, 10).page().items().get(0).visible());
    }

    @Test
    void aBuyersPseudonymIsStableAndDiffersBetweenBuyers() {
        delivered(ann, "KT-1", "TP-1");
        delivered(bob, "KT-1");
        String annOnKettle = reviews.publish(ann, kettle, review(5, "a")).displayName();
        String annOnTeapot = reviews.publish(ann, teapot, review(5, "b")).displayName();
        String bobOnKettle = reviews.publish(bob, kettle, review(5, "c")).displayName();
        assertEquals(annOnKettle, annOnTeapot);
        assertNotEquals(annOnKettle, bobOnKettle);
        assertTrue(annOnKettle.matches("Buyer [0-9A-F]{6}"), annOnKettle);
    }

    @Test
    void aProductsReviewsArePagedNewestFirst() {
        List<Actor> buyers = List.of(ann, bob, t.buyer("cat"));
        for (Actor b : buyers) {
            delivered(b, "KT-1");
        }
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < buyers.size(); i++) {
            ids.add(reviews.publish(buyers.get(i), kettle, review(i + 1, "review " + i)).id());
        }
        ReviewService.ProductReviews first = reviews.list(null, kettle, 0, 2);
        assertEquals(3, first.page().total());
        assertEquals(List.of(ids.get(2), ids.get(1)), first.page().items().stream().map(Review::id).toList());
        assertEquals(List.of(ids.get(0)), reviews.list(null, kettle, 1, 2).page().items().stream().map(Review::id)
                .toList());
        assertEquals(2.0, first.averageRating());
        assertNull(reviews.list(null, teapot, 0, 10).averageRating());
        assertThrows(CommerceException.NotFound.class, () -> reviews.list(null, 999_999, 0, 10));
        assertThrows(CommerceException.InvalidInput.class, () -> reviews.list(null, kettle, 0, 101));
    }

    private byte[] commitment(Actor a) {
        return t.commerce().privacy().commitment(a.accountId());
    }

    static List<CborMap> entries(CborMap map, String field) {
        List<CborMap> out = new java.util.ArrayList<>();
        for (Object o : map.list(field)) {
            @SuppressWarnings("unchecked")
            Map<String, ?> m = (Map<String, ?>) o;
            out.add(CborMap.of(m));
        }
        return out;
    }
}
