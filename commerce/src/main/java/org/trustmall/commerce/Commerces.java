package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;
import org.trustmall.commerce.accounts.SqlAccountService;
import org.trustmall.commerce.accounts.SqlPersonalDataStore;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.cart.SqlCartService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.catalogue.SqlCatalogueService;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.db.Database;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.disputes.SqlDisputeService;
import org.trustmall.commerce.insights.AnalyticsExport;
import org.trustmall.commerce.insights.ConsentCheck;
import org.trustmall.commerce.insights.InsightsService;
import org.trustmall.commerce.insights.SqlInsightsService;
import org.trustmall.commerce.keys.SecretFiles;
import org.trustmall.commerce.notify.Notifier;
import org.trustmall.commerce.notify.OutboxNotifier;
import org.trustmall.commerce.orders.OrderLocks;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.SqlOrderService;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.promotions.CouponRedemptions;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.promotions.SqlPromotionService;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.returns.SqlReturnService;
import org.trustmall.commerce.reviews.Pseudonyms;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.commerce.reviews.SqlReviewService;
import org.trustmall.commerce.settlement.PayoutService;
import org.trustmall.commerce.settlement.SqlPayoutService;
import org.trustmall.privacy.dp.DiscreteLaplace;
import org.trustmall.privacy.dp.PrivateAggregates;

/** Opens the commerce module. */
public final class Commerces {
    private Commerces() {
    }

    /**
     * Migrates the database, loads (or creates, on first run) the session, commitment, pseudonym and
     * analytics-pseudonym secrets under
     * {@code dataDir/keys/commerce}, opens the search index under {@code dataDir/search} (rebuilding it if it does not
     * match the database) and returns the services.
     *
     * @param notifierOrNullForOutbox where messages go; null for the database outbox
     * @param clock                   the time for sessions, tokens and records (the ledger keeps its own)
     */
    public static Commerce open(CommerceConfig config, LedgerGateway ledger, PaymentProvider payments,
                                Notifier notifierOrNullForOutbox, InstantSource clock) {
        return open(config, ledger, payments, notifierOrNullForOutbox, clock, PasswordHasher.argon2id());
    }

    /**
     * As above with a chosen password hasher: an operator may tune the Argon2 cost to the machine, and tests use
     * cheap parameters.
     */
    public static Commerce open(CommerceConfig config, LedgerGateway ledger, PaymentProvider payments,
                         Notifier notifierOrNullForOutbox, InstantSource clock, PasswordHasher hasher) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(ledger, "ledger");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(clock, "clock");
        Path keys = config.dataDir().resolve("keys");
        byte[] sessionKey = SecretFiles.loadOrCreate(keys, "session");
        PersonCommitments commitments = new PersonCommitments(SecretFiles.loadOrCreate(keys, "commitment"));
        Pseudonyms pseudonyms = new Pseudonyms(SecretFiles.loadOrCreate(keys, "pseudonym"));
        byte[] analyticsKey = SecretFiles.loadOrCreate(keys, "analytics-pseudonym");
        Database db = Database.open(config.database());
        try {
            Notifier notifier = notifierOrNullForOutbox != null ? notifierOrNullForOutbox
                    : new OutboxNotifier(db.jdbi(), clock);
            SqlPersonalDataStore personal = new SqlPersonalDataStore(db.jdbi());
            AccountService accounts = new SqlAccountService(db.jdbi(), personal, notifier, hasher, sessionKey, clock,
                    config.sessionTtl());
            SqlCatalogueService catalogue = SqlCatalogueService.open(db.jdbi(), config.dataDir().resolve("search"),
                    clock);
            CartService carts = new SqlCartService(db.jdbi(), clock);
            // One lock per order for every service that changes orders, so their steps never interleave.
            OrderLocks locks = new OrderLocks();
            OrderService orders = new SqlOrderService(db.jdbi(), personal, ledger, payments, commitments,
                    config.rates(), config.escrowTimeout(), clock, new CouponRedemptions(), locks);
            PayoutService payouts = new SqlPayoutService(db.jdbi(), ledger, payments, clock);
            PromotionService promotions = new SqlPromotionService(db.jdbi(), clock);
            ReviewService reviews = new SqlReviewService(db.jdbi(), ledger, commitments, pseudonyms, clock);
            DisputeService disputes = new SqlDisputeService(db.jdbi(), ledger, payments, locks,
                    config.disputePanelSize(), config.disputeThreshold(), clock);
            ReturnService returns = new SqlReturnService(db.jdbi(), ledger, payments, locks, config.returnWindow(),
                    clock);
            // Until consents are recorded, every buyer is taken to allow analytics (see ConsentCheck).
            InsightsService insights = new SqlInsightsService(db.jdbi(), config.insights(),
                    new PrivateAggregates(new DiscreteLaplace()), new AnalyticsExport(db.jdbi(),
                    new org.trustmall.privacy.pseudonym.Pseudonyms(analyticsKey), ConsentCheck.ALLOW_ALL),
                    config.defaultCurrency(), clock);
            return new Opened(db, accounts, catalogue, carts, orders, payouts, notifier, promotions, reviews, disputes,
                    returns, insights);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        } finally {
            java.util.Arrays.fill(sessionKey, (byte) 0);
            java.util.Arrays.fill(analyticsKey, (byte) 0);
        }
    }

    /** The opened module: closing it closes the index, then the pool. */
    private static final class Opened implements Commerce {
        private final Database db;
        private final AccountService accounts;
        private final SqlCatalogueService catalogue;
        private final CartService carts;
        private final OrderService orders;
        private final PayoutService payouts;
        private final ReviewService reviews;
        private final DisputeService disputes;
        private final ReturnService returns;
        private final Notifier notifier;
        private final PromotionService promotions;
        private final InsightsService insights;

        Opened(Database db, AccountService accounts, SqlCatalogueService catalogue, CartService carts,
               OrderService orders, PayoutService payouts, Notifier notifier, PromotionService promotions,
               ReviewService reviews, DisputeService disputes, ReturnService returns, InsightsService insights) {
            this.db = db;
            this.accounts = accounts;
            this.catalogue = catalogue;
            this.carts = carts;
            this.orders = orders;
            this.payouts = payouts;
            this.reviews = reviews;
            this.disputes = disputes;
            this.returns = returns;
            this.notifier = notifier;
            this.promotions = promotions;
            this.insights = insights;
        }

        @Override
        public AccountService accounts() {
            return accounts;
        }

        @Override
        public CatalogueService catalogue() {
            return catalogue;
        }

        @Override
        public CartService carts() {
            return carts;
        }

        @Override
        public OrderService orders() {
            return orders;
        }

        @Override
        public PayoutService payouts() {
            return payouts;
        }

        @Override
        public ReviewService reviews() {
            return reviews;
        }

        @Override
        public DisputeService disputes() {
            return disputes;
        }

        @Override
        public ReturnService returns() {
            return returns;
        }

        @Override
        public InsightsService insights() {
            return insights;
        }

        @Override
        public Notifier notifier() {
            return notifier;
        }

        @Override
        public PromotionService promotions() {
            return promotions;
        }

        @Override
        public void close() {
            try {
                catalogue.close();
            } finally {
                db.close();
            }
        }
    }
}
