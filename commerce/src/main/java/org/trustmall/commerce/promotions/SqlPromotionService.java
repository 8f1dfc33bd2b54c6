package org.trustmall.commerce.promotions;

import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;

/** {@link PromotionService} over the commerce database. Thread-safe. */
public final class SqlPromotionService implements PromotionService {
    static final long MAX_AMOUNT = 1_000_000_000_000L;
    static final int MAX_TOTAL_LIMIT = 1_000_000_000;
    static final int MAX_PER_ACCOUNT = 1_000;

    private final Jdbi jdbi;
    private final InstantSource clock;

    public SqlPromotionService(Jdbi jdbi, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Coupon create(Actor merchant, CouponInput input) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants issue coupons");
        }
        if (input == null) {
            throw new CommerceException.InvalidInput("code", "is required");
        }
        String code = CouponCode.normalise("code", input.code());
        String currency = input.currency() == null ? "" : input.currency();
        if (!currency.matches("[A-Z]{3}")) {
            throw new CommerceException.InvalidInput("currency", "must be an ISO 4217 code like CNY");
        }
        if ((input.percentOff() == null) == (input.amountOff() == null)) {
            throw new CommerceException.InvalidInput("percentOff", "give exactly one of percentOff and amountOff");
        }
        if (input.percentOff() != null && (input.percentOff() < 1 || input.percentOff() > 100)) {
            throw new CommerceException.InvalidInput("percentOff", "must be between 1 and 100");
        }
        if (input.amountOff() != null && (input.amountOff() < 1 || input.amountOff() > MAX_AMOUNT)) {
            throw new CommerceException.InvalidInput("amountOff", "must be between 1 and " + MAX_AMOUNT
                    + " minor units");
        }
        long minimum = input.minimumSpend() == null ? 0 : input.minimumSpend();
        if (minimum < 0 || minimum > MAX_AMOUNT) {
            throw new CommerceException.InvalidInput("minimumSpend", "must be between 0 and " + MAX_AMOUNT
                    + " minor units");
        }
        Instant now = now();
        Instant from = input.validFrom() == null ? now : input.validFrom().truncatedTo(ChronoUnit.MILLIS);
        Instant until = input.validUntil() == null ? null : input.validUntil().truncatedTo(ChronoUnit.MILLIS);
        if (from.toEpochMilli() < 0) {
            throw new CommerceException.InvalidInput("validFrom", "must be after 1970");
        }
        if (until != null && !until.isAfter(from)) {
            throw new CommerceException.InvalidInput("validUntil", "must be after validFrom");
        }
        if (until != null && !until.isAfter(now)) {
            throw new CommerceException.InvalidInput("validUntil", "must be in the future");
        }
        Integer totalLimit = input.totalLimit();
        if (totalLimit != null && (totalLimit < 1 || totalLimit > MAX_TOTAL_LIMIT)) {
            throw new CommerceException.InvalidInput("totalLimit", "must be between 1 and " + MAX_TOTAL_LIMIT);
        }
        int perAccount = input.perAccountLimit() == null ? 1 : input.perAccountLimit();
        if (perAccount < 1 || perAccount > MAX_PER_ACCOUNT) {
            throw new CommerceException.InvalidInput("perAccountLimit", "must be between 1 and " + MAX_PER_ACCOUNT);
        }
        CouponTerms terms = new CouponTerms(input.percentOff() != null ? CouponTerms.Kind.PERCENT
                : CouponTerms.Kind.AMOUNT, input.percentOff(),
                input.amountOff() == null ? null : Money.of(input.amountOff(), currency), currency,
                Money.of(minimum, currency), from, until);
        try {
            jdbi.useHandle(h -> h.createUpdate("INSERT INTO coupons (code, merchant_id, kind, percent_off, "
                            + "amount_off_minor, currency, min_spend_minor, valid_from, valid_until, total_limit, "
                            + "per_account_limit, redeemed, active, created_at) VALUES (:code, :m, :kind, :pct, "
                            + ":amount, :currency, :min, :from, :until, :total, :per, 0, TRUE, :now)")
                    .bind("code", code).bind("m", merchant.accountId()).bind("kind", terms.kind().wire())
                    .bind("pct", terms.percentOff())
                    .bind("amount", terms.amountOff() == null ? null : terms.amountOff().minor())
                    .bind("currency", currency).bind("min", minimum).bind("from", Sql.at(from))
                    .bindByType("until", Sql.at(until), OffsetDateTime.class)
                    .bind("total", totalLimit).bind("per", perAccount)
                    .bind("now", Sql.at(now)).execute());
        } catch (StatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new CommerceException.Conflict("code", "the coupon code " + code + " is already taken");
            }
            throw e;
        }
        return get(merchant, code);
    }

    @Override
    public Page<Coupon> listOwn(Actor merchant, int page, int size) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants have coupons");
        }
        Page.check(page, size);
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM coupons WHERE merchant_id = :m")
                    .bind("m", merchant.accountId()).mapTo(Long.class).one();
            List<Coupon> items = h.createQuery("SELECT " + CouponRedemptions.COLUMNS + CouponRedemptions.FROM
                            + " WHERE c.merchant_id = :m ORDER BY c.created_at DESC, c.id DESC "
                            + "LIMIT :limit OFFSET :offset")
                    .bind("m", merchant.accountId()).bind("limit", size).bind("offset", (long) page * size)
                    .map((rs, ctx) -> coupon(CouponRedemptions.row(rs))).list();
            return new Page<>(items, page, size, total);
        });
    }

    @Override
    public Coupon get(Actor actor, String code) {
        Objects.requireNonNull(actor, "actor");
        return coupon(visible(actor, CouponCode.normalise("code", code)));
    }

    @Override
    public Coupon deactivate(Actor merchant, String code) {
        Objects.requireNonNull(merchant, "merchant");
        String c = CouponCode.normalise("code", code);
        CouponRedemptions.Row row = visible(merchant, c);
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only the merchant of coupon " + c + " withdraws it");
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE coupons SET active = FALSE WHERE id = :id")
                .bind("id", row.id()).execute());
        return get(merchant, c);
    }

    @Override
    public Quote preview(Actor buyer, String code) {
        Objects.requireNonNull(buyer, "buyer");
        if (!buyer.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("only buyers redeem coupons");
        }
        String c = CouponCode.normalise("code", code);
        Instant now = now();
        return jdbi.withHandle(h -> {
            // The cart as checkout will split it: the active goods of each merchant, per currency.
            List<CouponRedemptions.Basket> baskets = h.createQuery("SELECT p.merchant_id, v.currency, "
                            + "SUM(v.price_minor * c.quantity) AS subtotal FROM cart_items c "
                            + "JOIN variants v ON v.sku = c.sku JOIN products p ON p.id = v.product_id "
                            + "WHERE c.buyer_id = :b AND p.status = 'active' GROUP BY p.merchant_id, v.currency")
                    .bind("b", buyer.accountId())
                    .map((rs, ctx) -> new CouponRedemptions.Basket(rs.getLong("merchant_id"),
                            Money.of(rs.getLong("subtotal"), rs.getString("currency").strip())))
                    .list();
            return switch (CouponRedemptions.price(h, c, baskets, now)) {
                case CouponRedemptions.Unfit u -> new Refused(c, u.reason());
                case CouponRedemptions.Fits f -> {
                    Optional<String> usedUp = CouponRedemptions.usedUp(h, f.coupon(), buyer.accountId());
                    yield usedUp.isPresent() ? new Refused(c, usedUp.get())
                            : new Applies(c, f.coupon().merchantId(), f.eligible(), f.discount());
                }
            };
        });
    }

    /** The coupon if the actor may see it: its merchant, or an admin; {@code NotFound} for anyone else. */
    private CouponRedemptions.Row visible(Actor actor, String code) {
        Optional<CouponRedemptions.Row> row = jdbi.withHandle(h -> CouponRedemptions.find(h, code));
        boolean visible = row.isPresent() && (actor.is(Role.ADMIN)
                || actor.is(Role.MERCHANT) && row.get().merchantId() == actor.accountId());
        if (!visible) {
            throw new CommerceException.NotFound("coupon", code);
        }
        return row.get();
    }

    private static Coupon coupon(CouponRedemptions.Row r) {
        return new Coupon(r.code(), r.merchantId(), r.terms(), r.totalLimit(), r.perAccountLimit(), r.redeemed(),
                r.active(), r.createdAt());
    }
}
