package org.trustmall.data.clean;

/**
 * What one {@link Cleaner} run did, rule by rule, in the order the rules run. Every removal is counted under exactly
 * one rule, so {@code rowsBefore − (all removed) = rowsAfter}.
 *
 * @param rowsBefore             rows in
 * @param usersBefore            distinct users among rows in that have one
 * @param itemsBefore            distinct items among rows in that have one
 * @param missingIdentity        rows dropped for a missing or blank user or item
 * @param unknownEvent           rows dropped for an event that is not one of the platform's
 * @param missingRating          {@code rating} events dropped for having no rating
 * @param imputedEvent           rows given the policy's default event
 * @param imputedTimestamp       rows given their position in the user's sequence as timestamp
 * @param duplicates             rows dropped as repeats of an earlier (user, item, event, timestamp)
 * @param botUsers               users removed as bots
 * @param botEvents              their rows
 * @param ratingOutliers         rows dropped for a rating outside {@link #ratingBounds}
 * @param ratingBounds           the ratings kept (everything when there was no rule or no rating)
 * @param activityOutlierUsers   users removed for an event count outside {@link #activityBounds}
 * @param activityOutlierEvents  their rows
 * @param activityBounds         the per-user event counts kept
 * @param outlierRule            the rule, e.g. {@code iqr(k=1.5)}, or {@code none}
 * @param rowsAfter              rows out
 * @param usersAfter             distinct users out
 * @param itemsAfter             distinct items out
 */
public record CleaningReport(long rowsBefore, long usersBefore, long itemsBefore,
                             long missingIdentity, long unknownEvent, long missingRating,
                             long imputedEvent, long imputedTimestamp, long duplicates,
                             long botUsers, long botEvents,
                             long ratingOutliers, OutlierRule.Bounds ratingBounds,
                             long activityOutlierUsers, long activityOutlierEvents, OutlierRule.Bounds activityBounds,
                             String outlierRule, long rowsAfter, long usersAfter, long itemsAfter) {
}
