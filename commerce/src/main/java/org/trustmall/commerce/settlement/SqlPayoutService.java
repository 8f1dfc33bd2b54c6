package org.trustmall.commerce.settlement;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.StripedLocks;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerNames;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link PayoutService} over the commerce database, the ledger's escrow contract and the payment provider. Payouts
 * of one merchant are serialised in this process (a lock per merchant); the ledger, which refuses to take a balance
 * below zero, is the guard across processes. Thread-safe.
 */
public final class SqlPayoutService implements PayoutService {

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final InstantSource clock;
    private final StripedLocks locks = new StripedLocks(64);

    public SqlPayoutService(Jdbi jdbi, LedgerGateway ledger, PaymentProvider payments, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.payments = Objects.requireNonNull(payments, "payments");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    static String ledgerPayout(long payoutId) {
        return "payout:" + payoutId;
    }

    /** The provider's reference for the merchant's payout account; the account details stay with the provider. */
    static String beneficiary(long merchantId) {
        return "merchant:" + merchantId;
    }

    private static void requireOwnOrAdmin(Actor actor, long merchantId) {
        if (actor.is(Role.ADMIN)) {
            return;
        }
        if (!actor.is(Role.MERCHANT) || actor.accountId() != merchantId) {
            throw new CommerceException.Forbidden("only the merchant itself or an admin sees its statement and "
                    + "payouts");
        }
    }

    private static String currency(String currency) {
        try {
            return Money.zero(currency).currency();
        } catch (RuntimeException e) {
            throw new CommerceException.InvalidInput("currency", "must be an ISO 4217 code such as CNY");
        }
    }

    // ---- statement ----

    @Override
    public Statement statement(Actor actor, long merchantId, String currency, int page, int size) {
        Objects.requireNonNull(actor, "actor");
        requireOwnOrAdmin(actor, merchantId);
        String c = currency(currency);
        Page.check(page, size);
        return jdbi.withHandle(h -> {
            long[] sums = h.createQuery("SELECT "
                            + "COALESCE(SUM(CASE WHEN kind = 'release' THEN amount_minor ELSE 0 END), 0) AS released, "
                            + "COALESCE(SUM(CASE WHEN kind = 'refund' THEN -amount_minor ELSE 0 END), 0) AS refunded, "
                            + "COALESCE(SUM(CASE WHEN kind IN ('payout', 'reversal') THEN -amount_minor ELSE 0 END), 0)"
                            + " AS paid_out, COUNT(*) AS n FROM merchant_entries WHERE merchant_id = :m AND currency = :c")
                    .bind("m", merchantId).bind("c", c)
                    .map((rs, ctx) -> new long[] {rs.getLong("released"), rs.getLong("refunded"),
                            rs.getLong("paid_out"), rs.getLong("n")}).one();
            List<Entry> entries = h.createQuery("SELECT * FROM merchant_entries WHERE merchant_id = :m "
                            + "AND currency = :c ORDER BY id DESC LIMIT :lim OFFSET :off")
                    .bind("m", merchantId).bind("c", c).bind("lim", size).bind("off", (long) page * size)
                    .map((rs, ctx) -> new Entry(rs.getLong("id"), rs.getString("kind"),
                            Money.of(rs.getLong("amount_minor"), c), (Long) rs.getObject("order_id", Long.class),
                            (Long) rs.getObject("payout_id", Long.class), rs.getString("transaction_id"),
                            rs.getLong("height"), Sql.instant(rs, "created_at")))
                    .list();
            return new Statement(merchantId, Money.of(sums[0] - sums[1] - sums[2], c), Money.of(sums[0], c),
                    Money.of(sums[1], c), Money.of(sums[2], c), new Page<>(entries, page, size, sums[3]));
        });
    }

    private static long balance(Handle h, long merchantId, String currency) {
        return h.createQuery("SELECT COALESCE(SUM(amount_minor), 0) FROM merchant_entries WHERE merchant_id = :m "
                + "AND currency = :c").bind("m", merchantId).bind("c", currency).mapTo(Long.class).one();
    }

    // ---- payouts ----

    @Override
    public Payout requestPayout(Actor merchant, String currency, Long amountMinorOrNull) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants request payouts");
        }
        String c = currency(currency);
        if (amountMinorOrNull != null && amountMinorOrNull <= 0) {
            throw new CommerceException.InvalidInput("amount", "must be positive (minor units)");
        }
        return locked(merchant.accountId(), () -> pay(merchant.accountId(), c, amountMinorOrNull, "request"));
    }

    private Payout pay(long merchantId, String currency, Long amountOrNull, String trigger) {
        long balance = jdbi.withHandle(h -> balance(h, merchantId, currency));
        long amount = amountOrNull == null ? balance : amountOrNull;
        if (amount <= 0) {
            throw new CommerceException.Conflict("amount", "the " + currency + " balance is " + balance
                    + "; there is nothing to pay out");
        }
        if (amount > balance) {
            throw new CommerceException.Conflict("amount", "a payout of " + amount + " exceeds the " + currency
                    + " balance of " + balance);
        }
        Instant now = now();
        long id = jdbi.withHandle(h -> h.createUpdate("INSERT INTO payouts (merchant_id, currency, amount_minor, "
                        + "state, trigger_kind, created_at, updated_at) VALUES (:m, :c, :a, 'requested', :t, :now, :now)")
                .bind("m", merchantId).bind("c", currency).bind("a", amount).bind("t", trigger)
                .bind("now", Sql.at(now)).executeAndReturnGeneratedKeys("id").mapTo(Long.class).one());
        LedgerGateway.Committed recorded;
        try {
            recorded = ledger.submit(EscrowContract.ID, EscrowContract.PAYOUT, CborMap.parse(EscrowContract.payoutArgs(
                    ledgerPayout(id), LedgerNames.merchant(merchantId), currency, amount)));
        } catch (CommerceException e) {
            fail(id, "the ledger refused the payout: " + e.getMessage(), null);
            throw new CommerceException.Conflict("amount", "the ledger refused the payout: " + e.getMessage());
        }
        record(id, merchantId, currency, amount, recorded);
        return send(id, merchantId, currency, amount);
    }

    private void record(long id, long merchantId, String currency, long amount, LedgerGateway.Committed recorded) {
        Instant now = now();
        jdbi.useTransaction(h -> {
            move(h, id, "requested", "recorded", now);
            h.createUpdate("UPDATE payouts SET transaction_id = :tx, height = :h WHERE id = :id")
                    .bind("tx", recorded.transactionId()).bind("h", recorded.height()).bind("id", id).execute();
            SettlementRecords.payout(h, merchantId, currency, amount, id, recorded, now);
        });
    }

    /** Sends a recorded payout through the provider; a refusal reverses it on the ledger. */
    private Payout send(long id, long merchantId, String currency, long amount) {
        PaymentProvider.Result result = payments.payout(beneficiary(merchantId), Money.of(amount, currency),
                ledgerPayout(id));
        Instant now = now();
        if (result instanceof PaymentProvider.Approved a) {
            jdbi.useTransaction(h -> {
                move(h, id, "recorded", "paid", now);
                h.createUpdate("UPDATE payouts SET provider_id = :p WHERE id = :id").bind("p", a.paymentId())
                        .bind("id", id).execute();
            });
        } else {
            PaymentProvider.Declined d = (PaymentProvider.Declined) result;
            LedgerGateway.Committed reversed = ledger.submit(EscrowContract.ID, EscrowContract.REVERSE_PAYOUT,
                    CborMap.parse(EscrowContract.reversePayoutArgs(ledgerPayout(id))));
            jdbi.useTransaction(h -> {
                move(h, id, "recorded", "failed", now);
                h.createUpdate("UPDATE payouts SET failure = :f, reversal_tx = :tx WHERE id = :id")
                        .bind("f", "the provider refused (" + d.code() + "): " + d.reason())
                        .bind("tx", reversed.transactionId()).bind("id", id).execute();
                SettlementRecords.reversal(h, merchantId, currency, amount, id, reversed, now);
            });
        }
        return load(id);
    }

    private void fail(long id, String why, String reversalTx) {
        Instant now = now();
        jdbi.useHandle(h -> h.createUpdate("UPDATE payouts SET state = 'failed', failure = :f, reversal_tx = :r, "
                        + "updated_at = :now WHERE id = :id")
                .bind("f", why.length() > 500 ? why.substring(0, 500) : why).bind("r", reversalTx)
                .bind("now", Sql.at(now)).bind("id", id).execute());
    }

    private static void move(Handle h, long id, String from, String to, Instant now) {
        if (h.createUpdate("UPDATE payouts SET state = :to, updated_at = :now WHERE id = :id AND state = :from")
                .bind("to", to).bind("now", Sql.at(now)).bind("id", id).bind("from", from).execute() != 1) {
            throw new CommerceException.Conflict("state", "payout " + id + " is no longer " + from);
        }
    }

    private Payout load(long id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT * FROM payouts WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> payout(rs)).one());
    }

    private static Payout payout(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Payout(rs.getLong("id"), rs.getLong("merchant_id"), Money.of(rs.getLong("amount_minor"),
                rs.getString("currency").strip()), rs.getString("state"), rs.getString("trigger_kind"),
                rs.getString("failure"), rs.getString("transaction_id"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }

    @Override
    public Page<Payout> payouts(Actor actor, long merchantId, int page, int size) {
        Objects.requireNonNull(actor, "actor");
        requireOwnOrAdmin(actor, merchantId);
        Page.check(page, size);
        return jdbi.withHandle(h -> {
            long total = h.createQuery("SELECT COUNT(*) FROM payouts WHERE merchant_id = :m").bind("m", merchantId)
                    .mapTo(Long.class).one();
            List<Payout> items = h.createQuery("SELECT * FROM payouts WHERE merchant_id = :m ORDER BY id DESC "
                            + "LIMIT :lim OFFSET :off").bind("m", merchantId).bind("lim", size)
                    .bind("off", (long) page * size).map((rs, ctx) -> payout(rs)).list();
            return new Page<>(items, page, size, total);
        });
    }

    // ---- schedules ----

    @Override
    public Schedule schedule(Actor merchant, String currency, int intervalDays, long minimumMinor) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants set a payout schedule");
        }
        String c = currency(currency);
        if (intervalDays < 1 || intervalDays > 90) {
            throw new CommerceException.InvalidInput("intervalDays", "must be between 1 and 90");
        }
        if (minimumMinor < 0) {
            throw new CommerceException.InvalidInput("minimum", "must be 0 or more (minor units)");
        }
        Instant next = now().plus(Duration.ofDays(intervalDays));
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM payout_schedules WHERE merchant_id = :m").bind("m", merchant.accountId())
                    .execute();
            h.createUpdate("INSERT INTO payout_schedules (merchant_id, currency, interval_days, minimum_minor, "
                            + "next_run_at) VALUES (:m, :c, :i, :min, :next)")
                    .bind("m", merchant.accountId()).bind("c", c).bind("i", intervalDays).bind("min", minimumMinor)
                    .bind("next", Sql.at(next)).execute();
        });
        return new Schedule(merchant.accountId(), intervalDays, Money.of(minimumMinor, c), next);
    }

    @Override
    public void cancelSchedule(Actor merchant) {
        Objects.requireNonNull(merchant, "merchant");
        if (!merchant.is(Role.MERCHANT)) {
            throw new CommerceException.Forbidden("only merchants change their payout schedule");
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM payout_schedules WHERE merchant_id = :m")
                .bind("m", merchant.accountId()).execute());
    }

    private record Due(long merchantId, String currency, int intervalDays, long minimum, Instant nextRunAt) {
    }

    @Override
    public int runScheduledPayouts() {
        resumeInterrupted();
        Instant now = now();
        List<Due> due = jdbi.withHandle(h -> h.createQuery("SELECT * FROM payout_schedules WHERE next_run_at <= :now "
                        + "ORDER BY merchant_id").bind("now", Sql.at(now))
                .map((rs, ctx) -> new Due(rs.getLong("merchant_id"), rs.getString("currency").strip(),
                        rs.getInt("interval_days"), rs.getLong("minimum_minor"), Sql.instant(rs, "next_run_at")))
                .list());
        int paid = 0;
        for (Due d : due) {
            boolean made = locked(d.merchantId(), () -> {
                // Advance first, conditionally, so a schedule runs once per interval even with two sweepers.
                Instant next = d.nextRunAt().plus(Duration.ofDays(d.intervalDays()));
                while (!next.isAfter(now)) {
                    next = next.plus(Duration.ofDays(d.intervalDays()));
                }
                Instant n = next;
                int claimed = jdbi.withHandle(h -> h.createUpdate("UPDATE payout_schedules SET next_run_at = :next "
                                + "WHERE merchant_id = :m AND next_run_at = :was")
                        .bind("next", Sql.at(n)).bind("m", d.merchantId()).bind("was", Sql.at(d.nextRunAt()))
                        .execute());
                long balance = jdbi.withHandle(h -> balance(h, d.merchantId(), d.currency()));
                if (claimed != 1 || balance <= 0 || balance < d.minimum()) {
                    return false;
                }
                return "paid".equals(pay(d.merchantId(), d.currency(), null, "schedule").state());
            });
            if (made) {
                paid++;
            }
        }
        return paid;
    }

    /**
     * Finishes payouts a crash left half-way: recorded ones are sent (the provider is idempotent by payout id);
     * requested ones are recorded if the ledger has them, else failed.
     */
    private void resumeInterrupted() {
        Instant before = now().minus(Duration.ofMinutes(1)); // leave payouts in flight right now alone
        List<Payout> stuck = jdbi.withHandle(h -> h.createQuery("SELECT * FROM payouts WHERE state IN ('requested', "
                + "'recorded') AND updated_at < :t ORDER BY id").bind("t", Sql.at(before))
                .map((rs, ctx) -> payout(rs)).list());
        for (Payout p : stuck) {
            locked(p.merchantId(), () -> {
                Payout current = load(p.id());
                if (current.state().equals("requested")) {
                    CborMap onLedger;
                    try {
                        onLedger = ledger.query(EscrowContract.ID, EscrowContract.PAYOUT_RECORD,
                                EscrowContract.payoutRecordArgs(ledgerPayout(p.id())));
                    } catch (CommerceException notThere) {
                        fail(p.id(), "interrupted before the ledger recorded it", null);
                        return null;
                    }
                    // The ledger recorded it but the database missed it: find the transaction by the record.
                    fail(p.id(), "interrupted after the ledger recorded it at " + onLedger.integer("paid_at")
                            + "; needs an operator", null);
                    return null;
                }
                if (current.state().equals("recorded")) {
                    send(p.id(), p.merchantId(), p.amount().currency(), p.amount().minor());
                }
                return null;
            });
        }
    }

    private <T> T locked(long merchantId, Supplier<T> step) {
        return locks.locked(merchantId, step);
    }

    @Override
    public Report reconcile() {
        return new Reconciliation(jdbi, ledger).run();
    }
}
