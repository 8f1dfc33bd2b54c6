package org.trustmall.commerce.recommend;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.db.Sql;

/**
 * The platform's interactions as the recommender learns from them: buyers' reported views, cart additions and
 * ratings, and the products of their paid orders as purchases (an order line is proof of purchase; a reported
 * purchase is not, so reported ones are left out). Erased accounts are left out here, whatever else is left.
 */
final class Interactions {
    /** Orders that count as bought: paid and not given back (as the insights count them). */
    static final String BOUGHT_STATES = "'paid', 'shipped', 'delivered', 'completed', 'disputed'";
    /** The password hash an erased account is left with ({@code SqlPrivacyService}). */
    static final String ERASED = "!erased";

    private Interactions() {
    }

    /** One interaction: {@code rating} only for a rating. */
    record Row(long account, long product, String kind, Integer rating, Instant at) {
    }

    static final Comparator<Row> TIME_ORDER = Comparator.comparing(Row::at).thenComparingLong(Row::product)
            .thenComparing(Row::kind);

    private static final String EVENTS = "SELECT e.account_id, e.product_id, e.kind, e.rating, e.occurred_at "
            + "FROM recommendation_events e JOIN accounts a ON a.id = e.account_id "
            + "WHERE e.kind <> 'purchase' AND a.password_hash <> '" + ERASED + "'";
    private static final String PURCHASES = "SELECT o.buyer_id, l.product_id, o.created_at FROM orders o "
            + "JOIN order_lines l ON l.order_id = o.id JOIN accounts a ON a.id = o.buyer_id "
            + "WHERE o.state IN (" + BOUGHT_STATES + ") AND a.password_hash <> '" + ERASED + "'";

    /** Every interaction of every account that is not erased, in no particular order. */
    static void all(Jdbi jdbi, Consumer<Row> out) {
        jdbi.useHandle(h -> {
            h.createQuery(EVENTS).setFetchSize(1000).map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2),
                    rs.getString(3), (Integer) rs.getObject(4, Integer.class), Sql.instant(rs, "occurred_at")))
                    .forEach(out);
            h.createQuery(PURCHASES).setFetchSize(1000).map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2),
                    EventService.PURCHASE, null, Sql.instant(rs, "created_at"))).forEach(out);
        });
    }

    /** One account's interactions, oldest first; none for an erased account. */
    static List<Row> of(Jdbi jdbi, long account) {
        List<Row> rows = new ArrayList<>();
        jdbi.useHandle(h -> {
            h.createQuery(EVENTS + " AND e.account_id = :a").bind("a", account)
                    .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), rs.getString(3),
                            (Integer) rs.getObject(4, Integer.class), Sql.instant(rs, "occurred_at")))
                    .forEach(rows::add);
            h.createQuery(PURCHASES + " AND o.buyer_id = :a").bind("a", account)
                    .map((rs, ctx) -> new Row(rs.getLong(1), rs.getLong(2), EventService.PURCHASE, null,
                            Sql.instant(rs, "created_at")))
                    .forEach(rows::add);
        });
        rows.sort(TIME_ORDER);
        return rows;
    }

    /** The products of rows in time order with consecutive repeats of one product collapsed. */
    static List<Long> sequence(List<Long> products) {
        List<Long> out = new ArrayList<>(products.size());
        for (Long p : products) {
            if (out.isEmpty() || !out.get(out.size() - 1).equals(p)) {
                out.add(p);
            }
        }
        return out;
    }
}
