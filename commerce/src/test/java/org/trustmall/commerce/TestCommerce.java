package org.trustmall.commerce;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PasswordHasher;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.payments.PaymentProvider;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.commerce.risk.RiskPolicy;

/**
 * A real commerce module for tests: a real database ({@link TestDatabases}), the real search index and outbox in a
 * temporary directory, the simulated payment provider, and a controllable clock. Account passwords are hashed with
 * cheap Argon2 parameters so that tests can make many accounts.
 */
public final class TestCommerce implements AutoCloseable {
    public static final PasswordHasher CHEAP_HASHER = PasswordHasher.argon2id(new PasswordHasher.Parameters(8, 1, 1));
    public static final String PASSWORD = "correct horse battery";

    private final TestDatabases.TestDatabase db;
    private final CommerceConfig config;
    private final LedgerGateway ledger;
    private final PaymentProvider payments;
    private final MutableClock clock;
    private final TestLedger ownLedger;
    private Commerce commerce;

    private TestCommerce(TestDatabases.TestDatabase db, CommerceConfig config, LedgerGateway ledger,
                         PaymentProvider payments, MutableClock clock, TestLedger ownLedger) {
        this.db = db;
        this.ownLedger = ownLedger;
        this.config = config;
        this.ledger = ledger;
        this.payments = payments;
        this.clock = clock;
        this.commerce = Commerces.open(config, ledger, payments, null, clock, CHEAP_HASHER);
    }

    public static Builder builder(TestDatabases.Kind kind, Path dir) {
        return new Builder(kind, dir);
    }

    /** Commerce on a real ledger of its own (reads of personal data are audited there). */
    public static TestCommerce open(TestDatabases.Kind kind, Path dir) {
        return builder(kind, dir).open();
    }

    public static final class Builder {
        private final TestDatabases.Kind kind;
        private final Path dir;
        private LedgerGateway ledger;
        private PaymentProvider payments = new SimulatedPaymentProvider();
        private MutableClock clock = new MutableClock();
        private int poolSize = 10;
        private java.util.function.UnaryOperator<CommerceConfig> adjust = c -> c;

        private Builder(TestDatabases.Kind kind, Path dir) {
            this.kind = kind;
            this.dir = dir;
        }

        public Builder ledger(LedgerGateway l) {
            this.ledger = l;
            return this;
        }

        public Builder payments(PaymentProvider p) {
            this.payments = p;
            return this;
        }

        public Builder clock(MutableClock c) {
            this.clock = c;
            return this;
        }

        public Builder poolSize(int n) {
            this.poolSize = n;
            return this;
        }

        public Builder config(java.util.function.UnaryOperator<CommerceConfig> a) {
            this.adjust = a;
            return this;
        }

        public TestCommerce open() {
            TestDatabases.TestDatabase db = TestDatabases.open(kind, dir, poolSize);
            TestLedger own = null;
            try {
                if (ledger == null) {
                    own = TestLedger.open(dir.resolve("own-ledger"), clock);
                }
                // A small training scenario for the fraud model, trained once per test process in about a second; so small
                // a model is too sure of itself, so nothing is held unless a test asks for it (the risk tests do).
                CommerceConfig config = adjust.apply(CommerceConfig.defaults(dir).withDatabase(db.config())
                        .withRisk(RiskPolicy.defaults().withTraining(7, 3_000).withHoldThreshold(1.0)));
                return new TestCommerce(db, config, ledger != null ? ledger : own.gateway(), payments, clock, own);
            } catch (RuntimeException e) {
                if (own != null) {
                    own.close();
                }
                db.close();
                throw e;
            }
        }
    }

    public Commerce commerce() {
        return commerce;
    }

    public AccountService accounts() {
        return commerce.accounts();
    }

    public MutableClock clock() {
        return clock;
    }

    public CommerceConfig config() {
        return config;
    }

    /** Direct access to the same database, for tests that inspect tables. */
    public org.jdbi.v3.core.Jdbi jdbi() {
        DatabaseConfig d = config.database();
        return org.jdbi.v3.core.Jdbi.create(d.jdbcUrl(), d.user(), d.password());
    }

    public TestDatabases.Kind kind() {
        return db.kind();
    }

    /** Closes and opens the module again over the same database and data directory, as a restart does. */
    public void reopen() {
        reopen(() -> { });
    }

    /** As {@link #reopen()}, doing {@code whileClosed} (to files or tables) between closing and opening. */
    public void reopen(Runnable whileClosed) {
        commerce.close();
        whileClosed.run();
        commerce = Commerces.open(config, ledger, payments, null, clock, CHEAP_HASHER);
    }

    public Actor buyer(String name) {
        return account(name, Role.BUYER);
    }

    public Actor merchant(String name) {
        return account(name, Role.MERCHANT);
    }

    public Actor admin(String name) {
        return account(name, Role.ADMIN);
    }

    /** A customer-service agent (made directly; admins appoint them with {@code appointAgent}). */
    public Actor agent(String name) {
        return account(name, Role.AGENT);
    }

    /** An account made with createUser (email {@code <name>@example.com}), acting outside any session. */
    public Actor account(String name, Role role) {
        AccountService.Account a = commerce.accounts().createUser(new AccountService.Registration(
                name + "@example.com", PASSWORD, role, name));
        return new Actor(a.id(), role, "no-session");
    }

    /** A one-variant active product of {@code merchant}. */
    public CatalogueService.Product product(Actor merchant, String title, String sku, Money price, int stock) {
        return commerce.catalogue().create(merchant, new CatalogueService.ProductInput(title, "", "electronics",
                List.of(new CatalogueService.VariantInput(sku, price, stock, Map.of()))));
    }

    @Override
    public void close() {
        try {
            commerce.close();
        } finally {
            try {
                db.close();
            } finally {
                if (ownLedger != null) {
                    ownLedger.close();
                }
            }
        }
    }
}
