package org.trustmall.contracts.review;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Random sequences of edits and moderation by random signers against one real ledger (each try uses a fresh review):
 * the versions are exactly the successful edits' contents in order, so version n's commitment never changes once
 * written; moderation never touches a version; a call succeeds exactly when a simple model says it should; and a
 * failed call leaves {@code get} as it was.
 */
class ReviewPropertiesTest {
    private static final AtomicLong REVIEWS = new AtomicLong();
    private static Path dir;
    private static PlatformLedger ledger;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("review-properties");
        ledger = PlatformLedger.create(dir);
    }

    @AfterContainer
    static void close() {
        ledger.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    enum Signer { COMMERCE, PLATFORM_ORG, SUPPORT, COURIER }

    sealed interface Step {
        Signer signer();
    }

    /** An edit naming the version {@code offset} after the next one (0: the right one). */
    record Edit(Signer signer, int offset, int seed) implements Step { }

    record Moderate(Signer signer, boolean visible) implements Step { }

    /** Another publish for the same order and product, which must always fail. */
    record Republish(Signer signer) implements Step { }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Signer> signer = Arbitraries.frequency(
                Tuple.of(6, Signer.COMMERCE), Tuple.of(1, Signer.PLATFORM_ORG),
                Tuple.of(1, Signer.SUPPORT), Tuple.of(1, Signer.COURIER));
        Arbitrary<Integer> offset = Arbitraries.frequency(Tuple.of(8, 0), Tuple.of(1, -1), Tuple.of(1, 1));
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(signer, offset, Arbitraries.integers()).as(Edit::new)),
                Tuple.of(3, Combinators.combine(signer, Arbitraries.of(true, false)).as(Moderate::new)),
                Tuple.of(1, signer.map(Republish::new)));
        return step.list().ofMinSize(1).ofMaxSize(14);
    }

    private static final class Model {
        final List<byte[]> versions = new ArrayList<>();
        boolean visible = true;
        final List<Boolean> moderation = new ArrayList<>();

        boolean apply(Step step, byte[] content) {
            boolean controller = step.signer() != Signer.SUPPORT && step.signer() != Signer.COURIER;
            switch (step) {
                case Edit e -> {
                    if (!controller || e.offset() != 0) {
                        return false;
                    }
                    versions.add(content);
                    return true;
                }
                case Moderate m -> {
                    if (!controller || m.visible() == visible) {
                        return false;
                    }
                    visible = m.visible();
                    moderation.add(visible);
                    return true;
                }
                case Republish r -> {
                    return false;
                }
            }
        }
    }

    @Property(tries = 120)
    void versionsAreExactlyTheSuccessfulEditsInOrderAndFailedCallsChangeNothing(
            @ForAll("steps") List<Step> steps) {
        long id = REVIEWS.incrementAndGet();
        String review = "prop-" + id;
        String order = "order:" + id;
        byte[] first = ReviewContractTest.commitment(review + "/1");
        PlatformLedger.committed(ledger.ledger().submitAndWait(ledger.sign(ledger.commerce, ReviewContract.ID,
                ReviewContract.PUBLISH, ReviewContract.publishArgs(review, order, "product:p", first, first))));
        Model model = new Model();
        model.versions.add(first);
        CborMap before = get(review);
        for (Step step : steps) {
            long next = model.versions.size() + 1;
            byte[] content = ReviewContractTest.commitment(review + "/" + next + "/" + System.identityHashCode(step));
            boolean expected = model.apply(step, content);
            byte[] args = switch (step) {
                case Edit e -> ReviewContract.editArgs(review, next + e.offset(), content);
                case Moderate m -> ReviewContract.moderateArgs(review, m.visible(), "reason " + next);
                case Republish r -> ReviewContract.publishArgs(review + "-again", order, "product:p", first,
                        content);
            };
            TxResult result = ledger.call(key(step.signer()), ReviewContract.ID, method(step), args);
            Statistics.label("calls").collect(method(step), result.ok() ? "ok" : "failed");
            assertEquals(expected, result.ok(), () -> step + ": " + result);
            CborMap after = get(review);
            if (!result.ok()) {
                assertEquals(before, after, () -> "failed " + step + " changed the review");
                continue;
            }
            List<CborMap> versions = ReviewContractTest.entries(after, "versions");
            assertEquals(model.versions.size(), versions.size());
            for (int i = 0; i < versions.size(); i++) {
                assertEquals(i + 1, versions.get(i).integer("n"));
                assertArrayEquals(model.versions.get(i), versions.get(i).bytes("content"),
                        "version " + (i + 1) + " changed");
            }
            // Everything written before stays byte for byte: the earlier versions are a prefix of the new ones.
            List<CborMap> earlier = ReviewContractTest.entries(before, "versions");
            assertEquals(earlier, versions.subList(0, earlier.size()));
            assertEquals(ReviewContractTest.entries(before, "moderation"), ReviewContractTest.entries(after,
                    "moderation").subList(0, before.list("moderation").size()));
            assertArrayEquals(model.versions.get(model.versions.size() - 1), after.bytes("content"));
            assertEquals(model.visible, after.bool("visible"));
            assertEquals(model.moderation, ReviewContractTest.entries(after, "moderation").stream()
                    .map(m -> m.bool("visible")).toList());
            before = after;
        }
        Statistics.label("calls").coverage(c -> {
            for (String method : List.of(ReviewContract.EDIT, ReviewContract.MODERATE)) {
                c.check(method, "ok").count(n -> n > 0);
                c.check(method, "failed").count(n -> n > 0);
            }
            c.check(ReviewContract.PUBLISH, "ok").count(n -> n == 0);
        });
    }

    private static CborMap get(String review) {
        return ledger.query(ReviewContract.ID, ReviewContract.GET, ReviewContract.getArgs(review));
    }

    private static String method(Step step) {
        return switch (step) {
            case Edit e -> ReviewContract.EDIT;
            case Moderate m -> ReviewContract.MODERATE;
            case Republish r -> ReviewContract.PUBLISH;
        };
    }

    private static SigningKey key(Signer s) {
        return switch (s) {
            case COMMERCE -> ledger.commerce;
            case PLATFORM_ORG -> ledger.platform;
            case SUPPORT -> ledger.support;
            case COURIER -> ledger.courier;
        };
    }
}
