package org.trustmall.data.clean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.trustmall.data.ingest.Interaction;

/** Each cleaning rule on small hand-made data, with exact counts. */
class CleanerTest {
    /** No outlier rule and no bot rules, so a test sees only the rule it is about. */
    private static final CleaningPolicy PLAIN = CleaningPolicy.defaults().withOutliers(null).withBotRate(0, 60_000)
            .withBotRepetition(0, 0.9);

    private static RawInteraction raw(String user, String item, Long ts, String event, Double rating) {
        return new RawInteraction(user, item, ts, event, rating);
    }

    @Test
    void aRowWithoutUserOrItemIsDroppedBecauseAnIdentityCannotBeImputed() {
        var r = new Cleaner(PLAIN).clean(List.of(raw("u1", "i1", 1L, "view", null), raw(null, "i2", 2L, "view", null),
                raw("u2", " ", 3L, "view", null)));
        assertEquals(1, r.interactions().size());
        assertEquals(2, r.report().missingIdentity());
        assertEquals(2, r.report().usersBefore());
        assertEquals(2, r.report().itemsBefore());
    }

    @Test
    void aMissingEventGetsThePolicyDefaultAndAnUnknownOneIsDropped() {
        var r = new Cleaner(PLAIN.withDefaultEvent("cart")).clean(List.of(raw("u1", "i1", 1L, null, null),
                raw("u1", "i2", 2L, " Purchase ", null), raw("u1", "i3", 3L, "like", null)));
        assertEquals(List.of("cart", "purchase"), r.interactions().stream().map(Interaction::event).toList());
        assertEquals(1, r.report().imputedEvent());
        assertEquals(1, r.report().unknownEvent());
    }

    @Test
    void aRatingEventWithoutRatingIsDroppedButOtherEventsKeepANullRating() {
        var r = new Cleaner(PLAIN).clean(List.of(raw("u1", "i1", 1L, "rating", null),
                raw("u1", "i2", 2L, "purchase", null), raw("u1", "i3", 3L, "rating", 4.0)));
        assertEquals(2, r.interactions().size());
        assertNull(r.interactions().get(0).rating());
        assertEquals(1, r.report().missingRating());
    }

    @Test
    void aMissingTimestampIsThePositionInTheUsersSequence() {
        var r = new Cleaner(PLAIN).clean(List.of(raw("u1", "i1", null, "view", null), raw("u2", "i1", null, "view",
                null), raw("u1", "i2", 500L, "view", null), raw("u1", "i3", null, "view", null)));
        assertEquals(List.of(0L, 0L, 500L, 2L), r.interactions().stream().map(Interaction::timestamp).toList());
        assertEquals(3, r.report().imputedTimestamp());
    }

    @Test
    void aRepeatedUserItemEventAndTimestampIsADuplicateAndTheFirstIsKept() {
        var r = new Cleaner(PLAIN).clean(List.of(raw("u1", "i1", 1L, "rating", 5.0), raw("u1", "i1", 1L, "rating",
                2.0), raw("u1", "i1", 1L, "view", null), raw("u1", "i1", 2L, "rating", 3.0)));
        assertEquals(3, r.interactions().size());
        assertEquals(5.0, r.interactions().get(0).rating());
        assertEquals(1, r.report().duplicates());
    }

    @Test
    void moreThanTheAllowedEventsInOneWindowMakeAUserABotAndRemoveAllTheirEvents() {
        List<RawInteraction> rows = new ArrayList<>();
        // bot: 4 events within 1 000 ms (plus one much later); human: 3 events in the window, then the 4th 1 000 ms on
        for (long t : new long[] {0, 10, 20, 999, 100_000}) {
            rows.add(raw("bot", "i" + t, t, "view", null));
        }
        for (long t : new long[] {0, 10, 20, 1020}) {
            rows.add(raw("human", "i" + t, t, "view", null));
        }
        var r = new Cleaner(PLAIN.withBotRate(3, 1000)).clean(rows);
        assertEquals(1, r.report().botUsers());
        assertEquals(5, r.report().botEvents());
        assertTrue(r.interactions().stream().allMatch(i -> i.user().equals("human")));
        assertEquals(4, r.interactions().size());
    }

    @Test
    void aUserWhoseEventsAreMostlyOneItemIsABotOnceTheyHaveEnoughEvents() {
        List<RawInteraction> rows = new ArrayList<>();
        IntStream.range(0, 9).forEach(t -> rows.add(raw("repeater", "same", (long) t, "view", null)));
        rows.add(raw("repeater", "other", 9L, "view", null));     // 9 of 10 = 90 % > 80 % → bot
        IntStream.range(0, 4).forEach(t -> rows.add(raw("few", "same", (long) t, "view", null)));  // too few events
        IntStream.range(0, 8).forEach(t -> rows.add(raw("varied", "x" + (t % 2), (long) t, "view", null)));
        var r = new Cleaner(PLAIN.withBotRepetition(5, 0.8)).clean(rows);
        assertEquals(1, r.report().botUsers());
        assertEquals(10, r.report().botEvents());
        assertFalse(r.interactions().stream().anyMatch(i -> i.user().equals("repeater")));
        assertEquals(12, r.report().rowsAfter());
    }

    @Test
    void iqrRemovesRatingsOutsideTukeysFences() {
        // ratings 1,2,3,4,100: Q1 = 2, Q3 = 4, IQR = 2, fences [-1, 7] → 100 is out
        List<RawInteraction> rows = new ArrayList<>();
        double[] ratings = {1, 2, 3, 4, 100};
        for (int i = 0; i < ratings.length; i++) {
            rows.add(raw("u" + i, "i", 1L, "rating", ratings[i]));
        }
        var r = new Cleaner(PLAIN.withOutliers(new OutlierRule.Iqr(1.5))).clean(rows);
        assertEquals(1, r.report().ratingOutliers());
        assertEquals(new OutlierRule.Bounds(-1, 7), r.report().ratingBounds());
        assertEquals(4, r.report().rowsAfter());
        assertEquals("iqr(k=1.5)", r.report().outlierRule());
    }

    @Test
    void theZRuleRemovesUsersWhoseActivityIsFarFromTheMean() {
        // 10 users with 1 event, one with 30: mean 39/11, σ ≈ 8.1, 3σ bound ≈ 27.9 → the heavy user is out
        List<RawInteraction> rows = new ArrayList<>();
        IntStream.range(0, 10).forEach(u -> rows.add(raw("u" + u, "i", 1L, "view", null)));
        IntStream.range(0, 30).forEach(t -> rows.add(raw("heavy", "i" + t, (long) t, "view", null)));
        var r = new Cleaner(PLAIN.withOutliers(new OutlierRule.Z(3))).clean(rows);
        assertEquals(1, r.report().activityOutlierUsers());
        assertEquals(30, r.report().activityOutlierEvents());
        assertEquals(0, r.report().ratingOutliers());
        assertEquals(10, r.report().rowsAfter());
        assertEquals(10, r.report().usersAfter());
        assertEquals(1, r.report().itemsAfter());
    }

    @Test
    void everyRemovedRowIsCountedUnderExactlyOneRule() {
        List<RawInteraction> rows = sample();
        CleaningReport p = new Cleaner(CleaningPolicy.defaults().withBotRate(3, 1000).withBotRepetition(5, 0.8))
                .clean(rows).report();
        long removed = p.missingIdentity() + p.unknownEvent() + p.missingRating() + p.duplicates() + p.botEvents()
                + p.ratingOutliers() + p.activityOutlierEvents();
        assertEquals(p.rowsBefore() - p.rowsAfter(), removed);
        assertTrue(removed > 0);
    }

    @Test
    void theSameInputGivesTheSameOutputAndReport() {
        CleaningPolicy policy = CleaningPolicy.defaults().withBotRate(3, 1000);
        var a = new Cleaner(policy).clean(sample());
        var b = new Cleaner(policy).clean(sample());
        assertEquals(a, b);
    }

    @Test
    void constantValuesHaveNoOutliersUnderEitherRule() {
        double[] xs = {4, 4, 4, 4};
        assertTrue(new OutlierRule.Iqr(1.5).bounds(xs).contains(4));
        assertEquals(OutlierRule.Bounds.ALL, new OutlierRule.Z(3).bounds(xs));
    }

    static List<RawInteraction> sample() {
        List<RawInteraction> rows = new ArrayList<>();
        rows.add(raw(null, "i1", 1L, "view", null));
        rows.add(raw("u1", "i1", 1L, "like", null));
        rows.add(raw("u1", "i1", 1L, "rating", null));
        rows.add(raw("u1", "i1", 2L, "rating", 4.0));
        rows.add(raw("u1", "i1", 2L, "rating", 4.0));
        rows.add(raw("u2", "i2", null, null, null));
        rows.add(raw("u3", "i3", 5L, "rating", 50.0));
        for (int u = 4; u < 12; u++) {
            rows.add(raw("u" + u, "i" + u, (long) u, "rating", 3.0 + (u % 3)));
        }
        for (long t = 0; t < 6; t++) {
            rows.add(raw("bot", "i1", t, "view", null));
        }
        return rows;
    }
}
