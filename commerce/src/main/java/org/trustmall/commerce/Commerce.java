package org.trustmall.commerce;

import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.consent.ExternalAiGate;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.insights.InsightsService;
import org.trustmall.commerce.notify.Newsletter;
import org.trustmall.commerce.notify.Notifier;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.personal.KeyRotation;
import org.trustmall.commerce.personal.PrivacyService;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.recommend.EventService;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.Recommendations;
import org.trustmall.commerce.recommend.TrainingSnapshots;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.commerce.risk.RiskModels;
import org.trustmall.commerce.risk.RiskService;
import org.trustmall.commerce.settlement.PayoutService;
import org.trustmall.commerce.support.SupportService;

/**
 * The commerce module's public face: its services, opened over one database, one search index, the ledger port, a
 * payment provider and a notifier. Thread-safe; close it to release the connection pool and the index.
 */
public interface Commerce extends AutoCloseable {

    AccountService accounts();

    CatalogueService catalogue();

    CartService carts();

    OrderService orders();

    ConsentService consents();

    /** Access log, export and erasure of a person's data. */
    PrivacyService privacy();

    /** Rotation of the vault's key-encryption keys. */
    KeyRotation keyRotation();

    Newsletter newsletter();

    /** The only way text about a person may go to an external AI service: with consent, redacted. */
    ExternalAiGate externalAi();

    PayoutService payouts();
    PromotionService promotions();
    ReviewService reviews();

    DisputeService disputes();

    ReturnService returns();

    /** Merchant dashboards under differential privacy, and the pseudonymised analytics export. */
    InsightsService insights();

    Notifier notifier();

    /** Buyers' views, cart additions, purchases and ratings, for the recommender. */
    EventService events();

    /** Consent-filtered, pseudonymised training snapshots of the platform's interactions, registered on the ledger. */
    TrainingSnapshots trainingSnapshots();

    /** Trained models registered on the ledger; artifacts load only if their hash matches the registration. */
    ModelRegistry models();

    /** Personalised (with consent) and similar-product recommendations from the deployed model. */
    Recommendations recommendations();

    /** Conversations with the assistant, sealed in the vault, and the agents' queue of handed-off ones. */
    SupportService support();

    /** Fraud-risk decisions: explanations, human review, the admins' review queue, credit scores. */
    RiskService risk();

    /** The fraud model in service: trained and registered on the ledger at first use, loaded by its hash. */
    RiskModels riskModels();

    @Override
    void close();
}
