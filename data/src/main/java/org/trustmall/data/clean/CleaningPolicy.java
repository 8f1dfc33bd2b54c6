package org.trustmall.data.clean;

import java.util.Objects;
import org.trustmall.data.ingest.Interaction;

/**
 * What {@link Cleaner} does; see its Javadoc for the rules. Start from {@link #defaults()} and change one thing with
 * the {@code with…} methods.
 *
 * @param defaultEvent        the event imputed where a row has none (one of {@link Interaction#EVENTS})
 * @param outliers            the rule applied to ratings and to per-user event counts; null turns outlier removal off
 * @param botEventsPerWindow  a user with more than this many events inside one {@code botWindowMillis} window is a
 *                            bot; 0 turns the rate rule off
 * @param botWindowMillis     the sliding window of the rate rule, in timestamp units (ms for real times)
 * @param botMinEvents        the repetition rule looks only at users with at least this many events; 0 turns it off
 * @param botMaxSameItemShare a user (with at least {@code botMinEvents}) whose most frequent item makes up more than
 *                            this share of their events is a bot
 */
public record CleaningPolicy(String defaultEvent, OutlierRule outliers, int botEventsPerWindow, long botWindowMillis,
                             int botMinEvents, double botMaxSameItemShare) {
    public CleaningPolicy {
        Objects.requireNonNull(defaultEvent, "defaultEvent");
        if (!Interaction.EVENTS.contains(defaultEvent)) {
            throw new IllegalArgumentException("unknown default event '" + defaultEvent + "'; one of "
                    + Interaction.EVENTS);
        }
        if (botEventsPerWindow < 0 || botWindowMillis <= 0 || botMinEvents < 0) {
            throw new IllegalArgumentException("bot thresholds must be ≥ 0 and the window > 0");
        }
        if (!(botMaxSameItemShare > 0 && botMaxSameItemShare <= 1)) {
            throw new IllegalArgumentException("bot same-item share must be in (0, 1], was " + botMaxSameItemShare);
        }
    }

    /**
     * Event {@code view}; outliers by {@code iqr(k=1.5)}; bots: more than 100 events in any one minute, or at least
     * 20 events of which more than 90 % are the same item.
     */
    public static CleaningPolicy defaults() {
        return new CleaningPolicy("view", new OutlierRule.Iqr(1.5), 100, 60_000, 20, 0.9);
    }

    public CleaningPolicy withDefaultEvent(String event) {
        return new CleaningPolicy(event, outliers, botEventsPerWindow, botWindowMillis, botMinEvents,
                botMaxSameItemShare);
    }

    public CleaningPolicy withOutliers(OutlierRule rule) {
        return new CleaningPolicy(defaultEvent, rule, botEventsPerWindow, botWindowMillis, botMinEvents,
                botMaxSameItemShare);
    }

    public CleaningPolicy withBotRate(int eventsPerWindow, long windowMillis) {
        return new CleaningPolicy(defaultEvent, outliers, eventsPerWindow, windowMillis, botMinEvents,
                botMaxSameItemShare);
    }

    public CleaningPolicy withBotRepetition(int minEvents, double maxSameItemShare) {
        return new CleaningPolicy(defaultEvent, outliers, botEventsPerWindow, botWindowMillis, minEvents,
                maxSameItemShare);
    }
}
