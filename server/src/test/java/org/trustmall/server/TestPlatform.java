package org.trustmall.server;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.trustmall.assistant.Assistant;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.Commerces;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.PasswordHasher;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.commerce.risk.RiskPolicy;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.TrustedKeys;

/**
 * The whole platform for a test: a real ledger on disk, the commerce services on a real H2 file database, and the
 * HTTP server on a free loopback port.
 */
public final class TestPlatform implements AutoCloseable {
    public final Ledger ledger;
    public final Commerce commerce;
    public final TrustMallServer server;
    public final Http http;
    public final TrustedKeys trustedKeys;
    private final TestDatabases.TestDatabase database;

    private TestPlatform(Ledger ledger, Commerce commerce, TrustMallServer server, TrustedKeys trustedKeys,
                         TestDatabases.TestDatabase database) {
        this.ledger = ledger;
        this.commerce = commerce;
        this.server = server;
        this.http = new Http(server.port());
        this.trustedKeys = trustedKeys;
        this.database = database;
    }

    /** On the embedded H2 database, with the production password hashing. */
    public static TestPlatform start(Path dir) {
        return start(dir, TestDatabases.Kind.H2, PasswordHasher.argon2id());
    }

    /**
     * On H2 or PostgreSQL (a throwaway schema; skipped without one, failed in CI), with the given password hashing
     * (tests that create many accounts use cheap Argon2 parameters).
     */
    public static TestPlatform start(Path dir, TestDatabases.Kind kind, PasswordHasher hasher) {
        return start(dir, kind, hasher, commerce -> Optional.empty());
    }

    /** As above, with the customer-service assistant {@code assistant} builds over the platform's commerce. */
    public static TestPlatform start(Path dir, TestDatabases.Kind kind, PasswordHasher hasher,
                                     Function<Commerce, Optional<Assistant>> assistant) {
        KeyDirectory keys = new KeyDirectory(dir.resolve("keys"));
        KeyDirectory.OrganisationKey org = keys.createOrganisation("trustmall");
        Path ledgerDir = dir.resolve("ledger");
        var chain = Ledger.create(ledgerDir, List.of(org.organisation()), org.key(), ChainParameters.DEFAULT,
                Contracts.runtime(), LedgerOptions.DEFAULT);
        Ledger ledger = Ledger.open(ledgerDir, org.organisation(), org.key(), Contracts.runtime(),
                LedgerOptions.DEFAULT);
        SigningKey service = LedgerGateways.ensureServiceRole(ledger, keys, "commerce");
        TestDatabases.TestDatabase database = TestDatabases.open(kind, dir, 20);
        // A small fraud model that holds nothing: the risk tests choose their own threshold.
        Commerce commerce = Commerces.open(CommerceConfig.defaults(dir).withDatabase(database.config())
                        .withRisk(RiskPolicy.defaults().withTraining(7, 3_000).withHoldThreshold(1.0)),
                LedgerGateways.over(ledger, service, keys, InstantSource.system()),
                new SimulatedPaymentProvider(), null, InstantSource.system(),
                hasher);
        TrustMallServer server = TrustMallServer.start(ServerConfig.loopback(0), commerce, ledger,
                assistant.apply(commerce));
        return new TestPlatform(ledger, commerce, server, TrustedKeys.all(chain, List.of(org.organisation())),
                database);
    }

    /** The platform's database, for tests that reach behind the API as an insider with SQL access could. */
    public DatabaseConfig database() {
        return database.config();
    }

    @Override
    public void close() {
        server.close();
        commerce.close();
        ledger.close();
        database.close();
    }
}
