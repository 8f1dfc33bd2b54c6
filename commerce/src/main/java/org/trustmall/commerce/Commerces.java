package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Objects;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;
import org.trustmall.commerce.accounts.SqlAccountService;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.cart.SqlCartService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.catalogue.SqlCatalogueService;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.consent.ExternalAiGate;
import org.trustmall.commerce.consent.LedgerConsentService;
import org.trustmall.commerce.db.Database;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.disputes.SqlDisputeService;
import org.trustmall.commerce.insights.AnalyticsExport;
import org.trustmall.commerce.insights.ConsentCheck;
import org.trustmall.commerce.insights.InsightsService;
import org.trustmall.commerce.insights.SqlInsightsService;
import org.trustmall.commerce.keys.SecretFiles;
import org.trustmall.commerce.notify.Newsletter;
import org.trustmall.commerce.notify.Notifier;
import org.trustmall.commerce.notify.OutboxNotifier;
import org.trustmall.commerce.orders.OrderLocks;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.SqlOrderService;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.personal.AccessLog;
import org.trustmall.commerce.personal.KeyRotation;
import org.trustmall.commerce.personal.LegacyPersonalData;
import org.trustmall.commerce.personal.PersonalSealer;
import org.trustmall.commerce.personal.PrivacyService;
import org.trustmall.commerce.personal.SqlPrivacyService;
import org.trustmall.commerce.personal.VaultPersonalDataStore;
import org.trustmall.commerce.promotions.CouponRedemptions;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.promotions.SqlPromotionService;
import org.trustmall.commerce.recommend.EventService;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.Recommendations;
import org.trustmall.commerce.recommend.ServedRecommendations;
import org.trustmall.commerce.recommend.SqlEventService;
import org.trustmall.commerce.recommend.TrainingSnapshots;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.returns.SqlReturnService;
import org.trustmall.commerce.reviews.Pseudonyms;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.commerce.reviews.SqlReviewService;
import org.trustmall.commerce.risk.RiskKeys;
import org.trustmall.commerce.risk.RiskModels;
import org.trustmall.commerce.risk.RiskScreening;
import org.trustmall.commerce.risk.RiskService;
import org.trustmall.commerce.risk.SqlRiskService;
import org.trustmall.commerce.settlement.PayoutService;
import org.trustmall.commerce.settlement.SqlPayoutService;
import org.trustmall.commerce.support.SqlSupportService;
import org.trustmall.commerce.support.SupportService;
import org.trustmall.privacy.dp.DiscreteLaplace;
import org.trustmall.privacy.dp.PrivateAggregates;
import org.trustmall.privacy.redaction.Redactor;
import org.trustmall.privacy.vault.Vault;

/** Opens the commerce module. */
public final class Commerces {
    private Commerces() {
    }

    /**
     * Migrates the database, loads (or creates, on first run) the session, commitment, pseudonym,
     * analytics-pseudonym and recsys-pseudonym secrets under
     * {@code dataDir/keys/commerce}, opens the search index under {@code dataDir/search} (rebuilding it if it does not
     * match the database) and returns the services; training snapshots and model artifacts go under
     * {@code dataDir/recsys}, the fraud model's artifact under {@code dataDir/risk/models}.
     *
     * @param notifierOrNullForOutbox where messages go; null for the database outbox
     * @param clock                   the time for sessions, tokens and records (the ledger keeps its own)
     */
    public static Commerce open(CommerceConfig config, LedgerGateway ledger, PaymentProvider payments,
                                Notifier notifierOrNullForOutbox, InstantSource clock) {
        return open(config, ledger, payments, notifierOrNullForOutbox, clock, PasswordHasher.argon2id());
    }

    /**
     * Checks the personal-data vault under {@code dataDir} (creating it on first run): a missing, wrong or exposed
     * key-encryption key fails here with a message naming the file. Call it before opening anything else — the
     * ledger, the database — so that such a start-up touches no data at all.
     */
    public static void checkVault(Path dataDir) {
        Vault.open(dataDir.resolve("vault")).close();
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
        // The vault first: a missing or wrong key-encryption key must stop start-up before anything is written.
        Vault vault = Vault.open(config.dataDir().resolve("vault"));
        byte[] sessionKey = null;
        Database db = null;
        AccessLog accessLog = null;
        byte[] analyticsKey = null;
        byte[] recsysKey = null;
        byte[] riskKey = null;
        try {
            sessionKey = SecretFiles.loadOrCreate(keys, "session");
            analyticsKey = SecretFiles.loadOrCreate(keys, "analytics-pseudonym");
            recsysKey = SecretFiles.loadOrCreate(keys, "recsys-pseudonym");
            riskKey = SecretFiles.loadOrCreate(keys, "risk-keys");
            Pseudonyms pseudonyms = new Pseudonyms(SecretFiles.loadOrCreate(keys, "pseudonym"));
            db = Database.open(config.database());
            LegacyPersonalData.upgrade(db.jdbi(), vault);
            accessLog = new AccessLog(db.jdbi(), ledger);
            VaultPersonalDataStore personal = new VaultPersonalDataStore(db.jdbi(), vault, accessLog, clock);
            PersonCommitments commitments = personal::commitment;
            PersonalSealer sealer = new PersonalSealer(vault, accessLog, clock);
            Notifier notifier = notifierOrNullForOutbox != null ? notifierOrNullForOutbox
                    : new OutboxNotifier(db.jdbi(), sealer, clock);
            AccountService accounts = new SqlAccountService(db.jdbi(), personal, notifier, hasher, sessionKey, clock,
                    config.sessionTtl());
            SqlCatalogueService catalogue = SqlCatalogueService.open(db.jdbi(), config.dataDir().resolve("search"),
                    clock);
            CartService carts = new SqlCartService(db.jdbi(), clock);
            // One lock per order for every service that changes orders, so their steps never interleave.
            OrderLocks locks = new OrderLocks();
            // The fraud model is trained and registered at its first use (the first payment), not at opening.
            RiskModels riskModels = new RiskModels(ledger, config.dataDir().resolve("risk").resolve("models"),
                    config.risk());
            RiskScreening screening = new RiskScreening(db.jdbi(), new RiskKeys(riskKey), riskModels, config.risk(),
                    ledger);
            OrderService orders = new SqlOrderService(db.jdbi(), personal, ledger, payments, commitments,
                    config.rates(), config.escrowTimeout(), clock, new CouponRedemptions(), locks, screening);
            PayoutService payouts = new SqlPayoutService(db.jdbi(), ledger, payments, clock);
            PromotionService promotions = new SqlPromotionService(db.jdbi(), clock);
            ReviewService reviews = new SqlReviewService(db.jdbi(), ledger, commitments, pseudonyms, clock, locks);
            DisputeService disputes = new SqlDisputeService(db.jdbi(), ledger, payments, locks,
                    config.disputePanelSize(), config.disputeThreshold(), clock, sealer);
            ReturnService returns = new SqlReturnService(db.jdbi(), ledger, payments, locks, config.returnWindow(),
                    clock, sealer);
            ConsentService consents = new LedgerConsentService(db.jdbi(), ledger, commitments);
            // Conversations are sealed with their owner's key, like the words of disputes and returns.
            SqlSupportService support = new SqlSupportService(db.jdbi(), sealer, clock);
            PrivacyService privacy = new SqlPrivacyService(db.jdbi(), personal, accessLog, ledger, accounts, orders,
                    consents, support, clock);
            KeyRotation keyRotation = new KeyRotation(vault);
            Newsletter newsletter = new Newsletter(db.jdbi(), personal, consents, notifier);
            // The analytics export includes only buyers whose analytics consent stands, read at export time.
            ConsentCheck analyticsConsent = consents::allows;
            InsightsService insights = new SqlInsightsService(db.jdbi(), config.insights(),
                    new PrivateAggregates(new DiscreteLaplace()), new AnalyticsExport(db.jdbi(),
                    new org.trustmall.privacy.pseudonym.Pseudonyms(analyticsKey), analyticsConsent),
                    config.defaultCurrency(), clock);
            Path recsys = config.dataDir().resolve("recsys");
            EventService events = new SqlEventService(db.jdbi(), clock);
            // Training snapshots name persons by a pseudonym of their own purpose, unlinkable to the analytics one.
            TrainingSnapshots snapshots = new TrainingSnapshots(db.jdbi(), consents,
                    new org.trustmall.privacy.pseudonym.Pseudonyms(recsysKey), ledger, recsys.resolve("snapshots"),
                    config.defaultCurrency(), clock);
            ModelRegistry models = new ModelRegistry(ledger, recsys.resolve("models"));
            Recommendations recommendations = new ServedRecommendations(db.jdbi(), catalogue, consents, events,
                    config.defaultCurrency(), clock);
            RiskService risk = new SqlRiskService(db.jdbi(), ledger, payments, commitments, sealer, locks, clock);
            return new Opened(db, vault, accessLog, accounts, catalogue, carts, orders, payouts, notifier, promotions,
                    reviews, disputes, returns, consents, privacy, keyRotation, newsletter, insights,
                    new ExternalAiGate(consents, Redactor.standard()), events, snapshots, models, recommendations,
                    support, risk, riskModels);
        } catch (RuntimeException e) {
            if (accessLog != null) {
                accessLog.close();
            }
            if (db != null) {
                db.close();
            }
            vault.close();
            throw e;
        } finally {
            if (sessionKey != null) {
                java.util.Arrays.fill(sessionKey, (byte) 0);
            }
            if (analyticsKey != null) {
                java.util.Arrays.fill(analyticsKey, (byte) 0);
            }
            if (recsysKey != null) {
                java.util.Arrays.fill(recsysKey, (byte) 0);
            }
            if (riskKey != null) {
                java.util.Arrays.fill(riskKey, (byte) 0);
            }
        }
    }

    /** The opened module: closing it stops the background work, then closes the index, the pool and the vault. */
    private record Opened(Database db, Vault vault, AccessLog accessLog, AccountService accounts,
                          SqlCatalogueService catalogue, CartService carts, OrderService orders, PayoutService payouts,
                          Notifier notifier, PromotionService promotions, ReviewService reviews,
                          DisputeService disputes, ReturnService returns, ConsentService consents,
                          PrivacyService privacy, KeyRotation keyRotation, Newsletter newsletter,
                          InsightsService insights, ExternalAiGate externalAi, EventService events,
                          TrainingSnapshots trainingSnapshots, ModelRegistry models,
                          Recommendations recommendations, SupportService support, RiskService risk,
                          RiskModels riskModels) implements Commerce {
        @Override
        public void close() {
            try {
                keyRotation.close();
                accessLog.close();
                catalogue.close();
            } finally {
                try {
                    db.close();
                } finally {
                    vault.close();
                }
            }
        }
    }
}
