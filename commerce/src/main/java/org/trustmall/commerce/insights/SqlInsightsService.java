package org.trustmall.commerce.insights;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;
import org.trustmall.privacy.dp.Epsilon;
import org.trustmall.privacy.dp.PrivacyBudget;
import org.trustmall.privacy.dp.PrivateAggregates;

/**
 * {@link InsightsService} over the commerce database. A question is answered inside one transaction that reads the
 * merchant's budget, computes the noisy answer and writes the new spent amount only if the budget row is still the
 * version it read; if another question got there first, nothing is written, the answer is thrown away unseen and the
 * question is tried again against the new budget. So the ε recorded is never less than the ε answered, across
 * threads and processes, and an answer is returned only once its ε is committed. Thread-safe.
 */
public final class SqlInsightsService implements InsightsService {
    /** Orders that count as sold, as an SQL list: paid and not given back. */
    static final String SOLD_STATES = "'paid', 'shipped', 'delivered', 'completed', 'disputed'";
    private static final Pattern EPSILON = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,6})?");
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2999, 12, 31);
    private static final int MAX_RANGE_DAYS = 3660;
    private static final int DEFAULT_RANGE_DAYS = 30;
    private static final int ATTEMPTS = 20;

    private final Jdbi jdbi;
    private final InsightsPolicy policy;
    private final PrivateAggregates aggregates;
    private final AnalyticsExport export;
    private final String defaultCurrency;
    private final InstantSource clock;

    public SqlInsightsService(Jdbi jdbi, InsightsPolicy policy, PrivateAggregates aggregates, AnalyticsExport export,
                              String defaultCurrency, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.aggregates = Objects.requireNonNull(aggregates, "aggregates");
        this.export = Objects.requireNonNull(export, "export");
        this.defaultCurrency = Money.zero(defaultCurrency).currency();
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private static void requireMerchant(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        if (!actor.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants ask about their own sales");
        }
    }

    // ---- budget periods ----

    private Instant periodStart(Instant now) {
        if (policy.period() == null) {
            return Instant.EPOCH;
        }
        long length = policy.period().toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), length) * length);
    }

    private Instant periodEnd(Instant start) {
        return policy.period() == null ? null : start.plus(policy.period());
    }

    private Budget budgetView(PrivacyBudget b, Instant start) {
        return new Budget(b.total(), b.spent(), b.remaining(), start, periodEnd(start));
    }

    private record BudgetRow(Epsilon spent, long version) {
    }

    private static Optional<BudgetRow> read(Handle h, long merchantId, Instant start) {
        return h.createQuery("SELECT spent, version FROM insight_budgets WHERE merchant_id = :m AND period_start = :p")
                .bind("m", merchantId).bind("p", Sql.at(start))
                .map((rs, ctx) -> new BudgetRow(Epsilon.parse(rs.getString("spent")), rs.getLong("version")))
                .findOne();
    }

    /** The period's row, with nothing spent, unless it exists; a concurrent creation of the same row is fine. */
    private void ensureRow(long merchantId, Instant start, Instant now) {
        if (jdbi.withHandle(h -> read(h, merchantId, start)).isPresent()) {
            return;
        }
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO insight_budgets (merchant_id, period_start, spent, "
                            + "version, updated_at) VALUES (:m, :p, :s, 0, :t)")
                    .bind("m", merchantId).bind("p", Sql.at(start)).bind("s", Epsilon.ZERO.toFraction())
                    .bind("t", Sql.at(now)).execute());
        } catch (RuntimeException e) {
            if (!Sql.isUniqueViolation(e)) {
                throw e;
            }
        }
    }

    @Override
    public Budget budget(Actor merchant) {
        requireMerchant(merchant);
        Instant start = periodStart(clock.instant());
        Epsilon spent = jdbi.withHandle(h -> read(h, merchant.accountId(), start)).map(BudgetRow::spent)
                .orElse(Epsilon.ZERO);
        return budgetView(new PrivacyBudget(policy.budget(), spent), start);
    }

    // ---- questions ----

    private Epsilon epsilon(String text) {
        String message = "must be a decimal from " + policy.minEpsilon() + " to " + policy.maxEpsilon()
                + " with at most 6 decimal places";
        if (text == null || text.isBlank()) {
            throw new CommerceException.InvalidInput("epsilon", "is required; " + message);
        }
        if (!EPSILON.matcher(text).matches()) {
            throw new CommerceException.InvalidInput("epsilon", message);
        }
        Epsilon e = Epsilon.parse(text);
        if (e.compareTo(policy.minEpsilon()) < 0 || e.compareTo(policy.maxEpsilon()) > 0) {
            throw new CommerceException.InvalidInput("epsilon", message);
        }
        return e;
    }

    private record Range(LocalDate from, LocalDate to) {
        Instant start() {
            return from.atStartOfDay(ZoneOffset.UTC).toInstant();
        }

        Instant end() {
            return to.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        }
    }

    private static Range range(LocalDate fromOrNull, LocalDate toOrNull, Instant now) {
        LocalDate to = toOrNull != null ? toOrNull : now.atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate from = fromOrNull != null ? fromOrNull : to.minusDays(DEFAULT_RANGE_DAYS - 1);
        if (to.isBefore(EARLIEST) || to.isAfter(LATEST)) {
            throw new CommerceException.InvalidInput("to", "must be a day between " + EARLIEST + " and " + LATEST);
        }
        if (from.isBefore(EARLIEST) || from.isAfter(LATEST)) {
            throw new CommerceException.InvalidInput("from", "must be a day between " + EARLIEST + " and " + LATEST);
        }
        if (from.isAfter(to)) {
            throw new CommerceException.InvalidInput("from", "must not be after to (" + to + ")");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_RANGE_DAYS) {
            throw new CommerceException.InvalidInput("from", "a range spans at most " + MAX_RANGE_DAYS + " days");
        }
        return new Range(from, to);
    }

    private String currency(Metric metric, String currencyOrNull) {
        if (metric != Metric.REVENUE) {
            if (currencyOrNull != null) {
                throw new CommerceException.InvalidInput("currency", "only revenue is asked for in a currency");
            }
            return null;
        }
        if (currencyOrNull == null) {
            return defaultCurrency;
        }
        try {
            return Money.zero(currencyOrNull).currency();
        } catch (RuntimeException e) {
            throw new CommerceException.InvalidInput("currency", "must be an ISO 4217 code such as CNY");
        }
    }

    @Override
    public Answer ask(Actor merchant, Question question) {
        requireMerchant(merchant);
        Objects.requireNonNull(question, "question");
        Metric metric = Metric.parse("metric", question.metric());
        Epsilon epsilon = epsilon(question.epsilon());
        Instant now = clock.instant();
        Range range = range(question.from(), question.to(), now);
        String currency = currency(metric, question.currency());
        long merchantId = merchant.accountId();
        Instant start = periodStart(now);
        ensureRow(merchantId, start, now);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                Optional<Answer> answer = jdbi.inTransaction(h -> answer(h, merchantId, metric, range, currency,
                        epsilon, start, now));
                if (answer.isPresent()) {
                    return answer.get();
                }
            } catch (RuntimeException e) {
                if (!Sql.isRetryable(e)) {
                    throw e;
                }
            }
        }
        throw new CommerceException.Conflict("epsilon", "other questions are spending this budget at the same moment; "
                + "ask again");
    }

    /** One attempt: empty if another question changed the budget since it was read here (nothing written then). */
    private Optional<Answer> answer(Handle h, long merchantId, Metric metric, Range range, String currency,
                                    Epsilon epsilon, Instant start, Instant now) {
        BudgetRow row = read(h, merchantId, start).orElseThrow(() -> new IllegalStateException(
                "the budget row of merchant " + merchantId + " vanished"));
        PrivacyBudget.Granted granted = switch (new PrivacyBudget(policy.budget(), row.spent()).charge(epsilon)) {
            case PrivacyBudget.Refused r -> throw new CommerceException.Conflict("epsilon", r.reason()
                    + (policy.period() == null ? "" : "; the budget renews at " + periodEnd(start)));
            case PrivacyBudget.Granted g -> g;
        };
        PrivateAggregates.Noisy noisy = measure(h, merchantId, metric, range, currency, epsilon);
        int updated = h.createUpdate("UPDATE insight_budgets SET spent = :s, version = version + 1, updated_at = :t "
                        + "WHERE merchant_id = :m AND period_start = :p AND version = :v")
                .bind("s", granted.after().spent().toFraction()).bind("t", Sql.at(now)).bind("m", merchantId)
                .bind("p", Sql.at(start)).bind("v", row.version()).execute();
        if (updated != 1) {
            return Optional.empty();
        }
        h.createUpdate("INSERT INTO insight_queries (merchant_id, period_start, metric, range_from, range_to, "
                        + "epsilon, asked_at) VALUES (:m, :p, :metric, :f, :to, :e, :t)")
                .bind("m", merchantId).bind("p", Sql.at(start)).bind("metric", metric.wire())
                .bind("f", range.from()).bind("to", range.to()).bind("e", epsilon.toFraction()).bind("t", Sql.at(now))
                .execute();
        return Optional.of(new Answer(metric, range.from(), range.to(), currency, noisy.value(), noisy.sensitivity(),
                epsilon, budgetView(granted.after(), start)));
    }

    private PrivateAggregates.Noisy measure(Handle h, long merchantId, Metric metric, Range range, String currency,
                                            Epsilon epsilon) {
        String orders = " FROM orders o WHERE o.merchant_id = :m AND o.state IN (" + SOLD_STATES + ") "
                + "AND o.created_at >= :from AND o.created_at < :to";
        return switch (metric) {
            case ORDERS -> aggregates.count(h.createQuery("SELECT COUNT(*)" + orders)
                    .bind("m", merchantId).bind("from", Sql.at(range.start())).bind("to", Sql.at(range.end()))
                    .mapTo(Long.class).one(), epsilon);
            case BUYERS -> aggregates.count(h.createQuery("SELECT COUNT(DISTINCT o.buyer_id)" + orders)
                    .bind("m", merchantId).bind("from", Sql.at(range.start())).bind("to", Sql.at(range.end()))
                    .mapTo(Long.class).one(), epsilon);
            case UNITS -> h.createQuery("SELECT (SELECT SUM(l.quantity) FROM order_lines l WHERE l.order_id = o.id)"
                            + orders)
                    .bind("m", merchantId).bind("from", Sql.at(range.start())).bind("to", Sql.at(range.end()))
                    .setFetchSize(1000).mapTo(Long.class)
                    .withStream(s -> aggregates.sum(s.mapToLong(v -> v == null ? 0 : v), policy.maxUnitsPerOrder(),
                            epsilon));
            case REVENUE -> h.createQuery("SELECT o.total_minor - o.refunded_minor" + orders
                            + " AND o.currency = :c")
                    .bind("m", merchantId).bind("from", Sql.at(range.start())).bind("to", Sql.at(range.end()))
                    .bind("c", currency).setFetchSize(1000).mapTo(Long.class)
                    .withStream(s -> aggregates.sum(s.mapToLong(Long::longValue), policy.maxRevenuePerOrder(),
                            epsilon));
        };
    }

    @Override
    public AnalyticsExport.Summary exportAnalytics(Path file) {
        return export.writeTo(file);
    }
}
