package org.trustmall.contracts.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** The review contract on a real ledger, signed by the platform's commerce role unless a test says otherwise. */
class ReviewContractTest {
    private static final byte[] AUTHOR = commitment("author-1");

    @TempDir
    Path dir;
    private PlatformLedger ledger;

    @BeforeEach
    void open() {
        ledger = PlatformLedger.create(dir);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    static byte[] commitment(String seed) {
        return Hash.sha256(seed.getBytes(java.nio.charset.StandardCharsets.UTF_8)).bytes();
    }

    private TxResult call(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, ReviewContract.ID, method, args);
    }

    private TxResult publish(String review, String order, String product, byte[] content) {
        return call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs(review, order, product, AUTHOR, content));
    }

    private TxResult edit(SigningKey signer, String review, long version, byte[] content) {
        return call(signer, ReviewContract.EDIT, ReviewContract.editArgs(review, version, content));
    }

    private TxResult moderate(SigningKey signer, String review, boolean visible, String reason) {
        return call(signer, ReviewContract.MODERATE, ReviewContract.moderateArgs(review, visible, reason));
    }

    private CborMap get(String review) {
        return ledger.query(ReviewContract.ID, ReviewContract.GET, ReviewContract.getArgs(review));
    }

    private long count(String product) {
        return ledger.query(ReviewContract.ID, ReviewContract.COUNT, ReviewContract.countArgs(product))
                .integer("count");
    }

    static List<CborMap> entries(CborMap review, String field) {
        List<CborMap> out = new ArrayList<>();
        for (Object o : review.list(field)) {
            out.add(CborMap.of(cast(o)));
        }
        return out;
    }

    private static CborMap ok(TxResult r) {
        TxResult.Succeeded s = assertInstanceOf(TxResult.Succeeded.class, r, r::toString);
        return CborMap.parse(s.value());
    }

    private static String fails(TxResult r, String... expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        for (String e : expected) {
            assertTrue(f.reason().contains(e), () -> "reason '" + f.reason() + "' does not mention " + e);
        }
        return f.reason();
    }

    @Test
    void aPublishedReviewKeepsItsCommitmentAndEachEditAppendsAVersion() {
        long publishedAt = ledger.now();
        CborMap published = ok(publish("r1", "order:1", "product:7", commitment("v1")));
        assertEquals(1, published.integer("version"));
        assertEquals(1, published.integer("product_count"));

        CborMap r = get("r1");
        assertEquals("order:1", r.text("order"));
        assertEquals("product:7", r.text("product"));
        assertArrayEquals(AUTHOR, r.bytes("author"));
        assertEquals("platform/commerce", r.text("published_by"));
        assertEquals(publishedAt, r.integer("published_at"));
        assertEquals(1, r.integer("version"));
        assertArrayEquals(commitment("v1"), r.bytes("content"));
        assertTrue(r.bool("visible"));
        assertTrue(r.list("moderation").isEmpty());

        ledger.advance(Duration.ofHours(1));
        long editedAt = ledger.now();
        assertEquals(2, ok(edit(ledger.commerce, "r1", 2, commitment("v2"))).integer("version"));
        CborMap edited = get("r1");
        assertEquals(2, edited.integer("version"));
        assertArrayEquals(commitment("v2"), edited.bytes("content"));
        List<CborMap> versions = entries(edited, "versions");
        assertEquals(2, versions.size());
        assertArrayEquals(commitment("v1"), versions.get(0).bytes("content"), "version 1 is kept as it was");
        assertArrayEquals(commitment("v2"), versions.get(1).bytes("content"));
        assertEquals(publishedAt, versions.get(0).integer("timestamp"));
        assertEquals(editedAt, versions.get(1).integer("timestamp"));
        assertTrue(versions.get(1).integer("height") > versions.get(0).integer("height"));
        assertEquals(Hash.LENGTH, versions.get(0).bytes("tx").length);
        assertFalse(Arrays.equals(versions.get(0).bytes("tx"), versions.get(1).bytes("tx")));
    }

    @Test
    void eachVersionNamesTheTransactionThatWroteIt() {
        byte[] content = commitment("v1");
        var tx = ledger.sign(ledger.commerce, ReviewContract.ID, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r-tx", "order:2", "product:7", AUTHOR, content));
        ok(PlatformLedger.committed(ledger.ledger().submitAndWait(tx)));
        assertArrayEquals(tx.id().bytes(), entries(get("r-tx"), "versions").get(0).bytes("tx"));
    }

    @Test
    void anOrderAndProductHaveOneReviewEverAndReviewIdsAreUnique() {
        ok(publish("r1", "order:1", "product:7", commitment("a")));
        fails(publish("r2", "order:1", "product:7", commitment("b")), "order 'order:1' already has a review",
                "'r1'");
        fails(publish("r1", "order:9", "product:9", commitment("b")), "field 'review'", "already exists");
        fails(call(ledger.platform, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r3", "order:1", "product:7", AUTHOR, commitment("c"))), "already has");
        // The same order may review its other products, and the same product may be reviewed for other orders.
        ok(publish("r4", "order:1", "product:8", commitment("d")));
        ok(publish("r5", "order:2", "product:7", commitment("e")));
        assertEquals(2, count("product:7"));
        assertEquals(1, count("product:8"));
        assertEquals(0, count("product:never-reviewed"));
        assertThrows(ContractFailure.class, () -> get("r2"));
    }

    @Test
    void anEditMustNameTheNextVersion() {
        ok(publish("r1", "order:1", "product:7", commitment("v1")));
        fails(edit(ledger.commerce, "r1", 1, commitment("x")), "field 'version'", "the next is 2, not 1");
        fails(edit(ledger.commerce, "r1", 3, commitment("x")), "the next is 2, not 3");
        ok(edit(ledger.commerce, "r1", 2, commitment("v2")));
        fails(edit(ledger.commerce, "r1", 2, commitment("x")), "the next is 3, not 2");
        assertEquals(2, get("r1").integer("version"));
        fails(edit(ledger.commerce, "nope", 2, commitment("x")), "review 'nope' does not exist");
    }

    @Test
    void onlyThePublisherOrItsOrganisationKeyMayEditOrModerate() {
        ok(publish("r1", "order:1", "product:7", commitment("v1")));
        CborMap before = get("r1");
        fails(edit(ledger.support, "r1", 2, commitment("x")), "platform/support may not edit", "platform/commerce");
        fails(edit(ledger.courier, "r1", 2, commitment("x")), "courier/org may not edit");
        fails(moderate(ledger.support, "r1", false, "spam"), "platform/support may not moderate");
        fails(moderate(ledger.courier, "r1", false, "spam"), "courier/org may not moderate");
        assertEquals(before, get("r1"));
        ok(edit(ledger.platform, "r1", 2, commitment("v2")));
        ok(moderate(ledger.platform, "r1", false, "spam"));

        ok(call(ledger.courier, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("c1", "order:c", "product:7", AUTHOR, commitment("c"))));
        fails(edit(ledger.commerce, "c1", 2, commitment("x")), "platform/commerce may not edit", "courier/org");
        assertEquals("courier/org", get("c1").text("published_by"));
    }

    @Test
    void moderationHidesAndShowsAgainWithAReasonAndNeverTouchesTheVersions() {
        ok(publish("r1", "order:1", "product:7", commitment("v1")));
        ok(edit(ledger.commerce, "r1", 2, commitment("v2")));
        List<CborMap> versions = entries(get("r1"), "versions");

        ledger.advance(Duration.ofMinutes(5));
        long hiddenAt = ledger.now();
        CborMap hidden = ok(moderate(ledger.commerce, "r1", false, "reveals a phone number"));
        assertFalse(hidden.bool("visible"));
        assertEquals(1, hidden.integer("n"));
        fails(moderate(ledger.commerce, "r1", false, "again"), "field 'visible'", "already hidden");
        ok(moderate(ledger.commerce, "r1", true, "the author removed the number"));
        fails(moderate(ledger.commerce, "r1", true, "again"), "already visible");

        CborMap r = get("r1");
        assertTrue(r.bool("visible"));
        assertEquals(versions, entries(r, "versions"), "moderation never changes a version");
        assertArrayEquals(commitment("v2"), r.bytes("content"));
        List<CborMap> moderation = entries(r, "moderation");
        assertEquals(2, moderation.size());
        assertEquals(1, moderation.get(0).integer("n"));
        assertFalse(moderation.get(0).bool("visible"));
        assertEquals("reveals a phone number", moderation.get(0).text("reason"));
        assertEquals(hiddenAt, moderation.get(0).integer("timestamp"));
        assertTrue(moderation.get(1).bool("visible"));
        assertEquals("the author removed the number", moderation.get(1).text("reason"));
        assertEquals(Hash.LENGTH, moderation.get(1).bytes("tx").length);
    }

    @Test
    void listShowsAProductsReviewsInPublishingOrderPageByPage() {
        List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        for (int i = 1; i <= 105; i++) {
            pending.add(ledger.submit(ledger.commerce, ReviewContract.ID, ReviewContract.PUBLISH,
                    ReviewContract.publishArgs("r" + i, "order:" + i, "product:7", AUTHOR, commitment("c" + i))));
        }
        for (CompletableFuture<Receipt> p : pending) {
            ok(PlatformLedger.committed(p.join()));
        }
        CborMap first = ledger.query(ReviewContract.ID, ReviewContract.LIST,
                CborMap.builder().put("product", "product:7").build());
        assertEquals(105, first.integer("count"));
        assertEquals(ReviewContract.MAX_LIST, first.list("reviews").size());
        assertEquals("r1", first.list("reviews").get(0));
        assertEquals("r100", first.list("reviews").get(99));
        CborMap rest = ledger.query(ReviewContract.ID, ReviewContract.LIST,
                ReviewContract.listArgs("product:7", 101, 100));
        assertEquals(List.of("r101", "r102", "r103", "r104", "r105"), rest.list("reviews"));
        assertEquals(List.of(), ledger.query(ReviewContract.ID, ReviewContract.LIST,
                ReviewContract.listArgs("product:7", 200, 10)).list("reviews"));
        assertEquals(List.of(), ledger.query(ReviewContract.ID, ReviewContract.LIST,
                ReviewContract.listArgs("product:none", 1, 10)).list("reviews"));
        assertThrows(ContractFailure.class, () -> ledger.query(ReviewContract.ID, ReviewContract.LIST,
                ReviewContract.listArgs("product:7", 0, 10)));
        assertThrows(ContractFailure.class, () -> ledger.query(ReviewContract.ID, ReviewContract.LIST,
                ReviewContract.listArgs("product:7", 1, 101)));
    }

    @Test
    void aReviewHoldsAtMostAHundredVersions() {
        ok(publish("r1", "order:1", "product:7", commitment("v1")));
        List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        for (int v = 2; v <= ReviewContract.MAX_VERSIONS; v++) {
            pending.add(ledger.submit(ledger.commerce, ReviewContract.ID, ReviewContract.EDIT,
                    ReviewContract.editArgs("r1", v, commitment("v" + v))));
        }
        for (CompletableFuture<Receipt> p : pending) {
            ok(PlatformLedger.committed(p.join()));
        }
        fails(edit(ledger.commerce, "r1", ReviewContract.MAX_VERSIONS + 1, commitment("x")),
                "already has 100 versions");
        CborMap r = get("r1");
        assertEquals(ReviewContract.MAX_VERSIONS, r.integer("version"));
        assertEquals(ReviewContract.MAX_VERSIONS, entries(r, "versions").size());
    }

    @Test
    void replayingTheLedgerRebuildsTheReviewsExactly() {
        ok(publish("r1", "order:1", "product:7", commitment("v1")));
        ok(edit(ledger.commerce, "r1", 2, commitment("v2")));
        ok(moderate(ledger.commerce, "r1", false, "spam"));
        fails(edit(ledger.commerce, "r1", 2, commitment("x")));
        ok(publish("r2", "order:2", "product:7", commitment("w1")));
        CborMap before = get("r1");
        CborMap list = ledger.query(ReviewContract.ID, ReviewContract.LIST, ReviewContract.listArgs("product:7", 1,
                10));
        ledger.reopen();
        assertEquals(before, get("r1"));
        assertEquals(list, ledger.query(ReviewContract.ID, ReviewContract.LIST, ReviewContract.listArgs("product:7",
                1, 10)));
    }

    @Test
    void badArgumentsFailNamingTheField() {
        fails(call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r", "o", "p", new byte[31], commitment("c"))), "'author'", "32 bytes");
        fails(call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r", "o", "p", AUTHOR, new byte[33])), "'content'", "32 bytes");
        fails(call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("", "o", "p", AUTHOR, commitment("c"))), "'review'");
        fails(call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r", "o\nx", "p", AUTHOR, commitment("c"))), "'order'");
        fails(call(ledger.commerce, ReviewContract.PUBLISH,
                ReviewContract.publishArgs("r", "o", "p".repeat(101), AUTHOR, commitment("c"))), "'product'");
        fails(call(ledger.commerce, ReviewContract.PUBLISH, CborMap.builder().put("review", "r").put("order", "o")
                .put("product", "p").put("author", AUTHOR).build().encode()), "'content'", "missing");
        fails(call(ledger.commerce, ReviewContract.PUBLISH, CborMap.builder().put("review", "r").put("order", "o")
                .put("product", "p").put("author", AUTHOR).put("content", commitment("c")).put("text", "great")
                .build().encode()), "'text'", "not an argument");
        assertThrows(ContractFailure.class, () -> get("r"));

        ok(publish("r", "o", "p", commitment("c")));
        fails(call(ledger.commerce, ReviewContract.EDIT, CborMap.builder().put("review", "r").put("version", "2")
                .put("content", commitment("d")).build().encode()), "'version'", "expected integer");
        fails(call(ledger.commerce, ReviewContract.EDIT, ReviewContract.editArgs("r", 2, new byte[0])),
                "'content'");
        fails(call(ledger.commerce, ReviewContract.MODERATE, ReviewContract.moderateArgs("r", false, "")),
                "'reason'", "1-500");
        fails(call(ledger.commerce, ReviewContract.MODERATE, ReviewContract.moderateArgs("r", false,
                "x".repeat(501))), "'reason'");
        fails(call(ledger.commerce, ReviewContract.MODERATE, CborMap.builder().put("review", "r")
                .put("visible", "no").put("reason", "spam").build().encode()), "'visible'", "expected bool");
        fails(call(ledger.commerce, "delete", ReviewContract.getArgs("r").encode()), "no method 'delete'");
        assertThrows(ContractFailure.class, () -> ledger.query(ReviewContract.ID, "history",
                ReviewContract.getArgs("r")));
        assertThrows(ContractFailure.class, () -> ledger.query(ReviewContract.ID, ReviewContract.COUNT,
                CborMap.builder().put("product", "p").put("extra", 1L).build()));
        CborMap r = get("r");
        assertEquals(1, r.integer("version"));
        assertTrue(r.bool("visible"));
        ok(moderate(ledger.commerce, "r", false, "x".repeat(500)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Object o) {
        return (Map<String, ?>) o;
    }
}
