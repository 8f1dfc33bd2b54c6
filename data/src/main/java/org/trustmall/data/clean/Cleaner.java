package org.trustmall.data.clean;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.trustmall.data.ingest.Interaction;

/**
 * Cleans interactions for training. Pure and deterministic: the same rows and policy give the same rows (in input
 * order) and the same {@link CleaningReport}. Not streaming: the rules need every user's whole history in memory.
 *
 * <p>The rules run in this order, each on what the previous ones left; a removed row is counted under the first
 * rule that removes it.
 * <ol>
 *   <li><b>Missing values</b>, per field type:
 *     <ul>
 *       <li>user or item missing or blank: the row is dropped (an identity cannot be imputed);</li>
 *       <li>event missing or blank: the policy's default event is imputed ({@code view} by default); an event not
 *           among {@link Interaction#EVENTS} is dropped;</li>
 *       <li>rating missing on a {@code rating} event: dropped (a judgement cannot be imputed); on other events a
 *           missing rating stays absent (null), as it is not part of them;</li>
 *       <li>timestamp missing: the row's position in its user's sequence is imputed (0-based index among that user's
 *           rows with a user and item, in input order), the same convention ingest uses for order-only sources.</li>
 *     </ul></li>
 *   <li><b>Duplicates</b>: rows with the same (user, item, event, timestamp) as an earlier row are dropped; the
 *       first is kept.</li>
 *   <li><b>Bot-like users</b>: a user is a bot, and all their rows are dropped, when (a) more than
 *       {@code botEventsPerWindow} of their events fall within one half-open window {@code [t, t + botWindowMillis)}
 *       (default: more than 100 in a minute), or (b) they have at least {@code botMinEvents} events and their most
 *       frequent item accounts for more than {@code botMaxSameItemShare} of them (default: ≥ 20 events, > 90 % one
 *       item). The rate rule reads timestamps as milliseconds; on order-only data (positions) turn it off.</li>
 *   <li><b>Rating outliers</b>: the policy's {@link OutlierRule} over all ratings left; rows whose rating lies outside
 *       its bounds are dropped (rows without a rating are untouched).</li>
 *   <li><b>Activity outliers</b>: the same rule over the users' event counts (after the rules above); users whose
 *       count lies outside the bounds are removed with all their rows.</li>
 * </ol>
 */
public final class Cleaner {
    private final CleaningPolicy policy;

    public Cleaner(CleaningPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The cleaned rows and what was done. */
    public record Result(List<Interaction> interactions, CleaningReport report) {
        public Result {
            interactions = List.copyOf(interactions);
        }
    }

    /** Cleans complete interactions (as ingest writes them); no field is missing, so nothing is imputed. */
    public Result cleanInteractions(List<Interaction> rows) {
        return clean(rows.stream().map(RawInteraction::of).toList());
    }

    public Result clean(List<RawInteraction> rows) {
        Set<String> usersBefore = new HashSet<>();
        Set<String> itemsBefore = new HashSet<>();
        long missingIdentity = 0;
        long unknownEvent = 0;
        long missingRating = 0;
        long imputedEvent = 0;
        long imputedTimestamp = 0;
        Map<String, Long> positions = new HashMap<>();
        List<Interaction> kept = new ArrayList<>(rows.size());
        for (RawInteraction r : rows) {
            if (present(r.user())) {
                usersBefore.add(r.user());
            }
            if (present(r.item())) {
                itemsBefore.add(r.item());
            }
            if (!present(r.user()) || !present(r.item())) {
                missingIdentity++;
                continue;
            }
            long position = positions.merge(r.user(), 1L, Long::sum) - 1;
            String event;
            if (!present(r.event())) {
                event = policy.defaultEvent();
                imputedEvent++;
            } else {
                event = r.event().strip().toLowerCase(Locale.ROOT);
                if (!Interaction.EVENTS.contains(event)) {
                    unknownEvent++;
                    continue;
                }
            }
            if (r.rating() == null && event.equals("rating")) {
                missingRating++;
                continue;
            }
            long time;
            if (r.timestamp() == null) {
                time = position;
                imputedTimestamp++;
            } else {
                time = r.timestamp();
            }
            kept.add(new Interaction(r.user(), r.item(), time, event, r.rating()));
        }

        Set<Key> seen = new HashSet<>();
        List<Interaction> unique = new ArrayList<>(kept.size());
        for (Interaction i : kept) {
            if (seen.add(new Key(i.user(), i.item(), i.event(), i.timestamp()))) {
                unique.add(i);
            }
        }
        long duplicates = kept.size() - unique.size();

        Set<String> bots = new HashSet<>();
        byUser(unique).forEach((user, events) -> {
            if (isBot(events)) {
                bots.add(user);
            }
        });
        List<Interaction> humans = unique.stream().filter(i -> !bots.contains(i.user())).toList();
        long botEvents = unique.size() - humans.size();

        OutlierRule rule = policy.outliers();
        OutlierRule.Bounds ratingBounds = OutlierRule.Bounds.ALL;
        List<Interaction> rated = humans;
        if (rule != null) {
            double[] ratings = humans.stream().filter(i -> i.rating() != null).mapToDouble(Interaction::rating)
                    .toArray();
            OutlierRule.Bounds b = rule.bounds(ratings);
            ratingBounds = b;
            rated = humans.stream().filter(i -> i.rating() == null || b.contains(i.rating())).toList();
        }
        long ratingOutliers = humans.size() - rated.size();

        OutlierRule.Bounds activityBounds = OutlierRule.Bounds.ALL;
        Set<String> inactive = new HashSet<>();
        if (rule != null) {
            Map<String, List<Interaction>> users = byUser(rated);
            double[] counts = users.values().stream().mapToDouble(List::size).toArray();
            OutlierRule.Bounds b = rule.bounds(counts);
            activityBounds = b;
            users.forEach((user, events) -> {
                if (!b.contains(events.size())) {
                    inactive.add(user);
                }
            });
        }
        List<Interaction> out = rated.stream().filter(i -> !inactive.contains(i.user())).toList();

        Set<String> usersAfter = new HashSet<>();
        Set<String> itemsAfter = new HashSet<>();
        for (Interaction i : out) {
            usersAfter.add(i.user());
            itemsAfter.add(i.item());
        }
        CleaningReport report = new CleaningReport(rows.size(), usersBefore.size(), itemsBefore.size(),
                missingIdentity, unknownEvent, missingRating, imputedEvent, imputedTimestamp, duplicates,
                bots.size(), botEvents, ratingOutliers, ratingBounds, inactive.size(), rated.size() - out.size(),
                activityBounds, rule == null ? "none" : rule.describe(), out.size(), usersAfter.size(),
                itemsAfter.size());
        return new Result(out, report);
    }

    private boolean isBot(List<Interaction> events) {
        int n = events.size();
        int limit = policy.botEventsPerWindow();
        if (limit > 0 && n > limit) {
            long[] ts = events.stream().mapToLong(Interaction::timestamp).sorted().toArray();
            int start = 0;
            for (int end = 0; end < ts.length; end++) {
                while (ts[end] - ts[start] >= policy.botWindowMillis()) {
                    start++;
                }
                if (end - start + 1 > limit) {
                    return true;
                }
            }
        }
        if (policy.botMinEvents() > 0 && n >= policy.botMinEvents()) {
            Map<String, Integer> perItem = new HashMap<>();
            int most = 0;
            for (Interaction i : events) {
                most = Math.max(most, perItem.merge(i.item(), 1, Integer::sum));
            }
            return most > policy.botMaxSameItemShare() * n;
        }
        return false;
    }

    private static Map<String, List<Interaction>> byUser(List<Interaction> rows) {
        Map<String, List<Interaction>> by = new LinkedHashMap<>();
        for (Interaction i : rows) {
            by.computeIfAbsent(i.user(), u -> new ArrayList<>()).add(i);
        }
        return by;
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    private record Key(String user, String item, String event, long timestamp) {
    }
}
