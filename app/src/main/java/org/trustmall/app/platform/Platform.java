package org.trustmall.app.platform;

import java.time.InstantSource;
import java.util.function.UnaryOperator;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.ledger.LedgerSetup;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.Commerces;
import org.trustmall.commerce.DatabaseConfig;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.server.ServerConfig;
import org.trustmall.server.TrustMallServer;

/**
 * The whole platform wired from a data directory: the ledger (created on first run), the commerce services on the
 * embedded H2 database or PostgreSQL, and optionally the HTTP server. The platform's commerce service signs ledger
 * transactions with its own role key ("commerce"), registered with the ledger on first run.
 */
public final class Platform implements AutoCloseable {
    public static final String SERVICE_ROLE = "commerce";

    private final Ledger ledger;
    private final Commerce commerce;
    private TrustMallServer server;

    private Platform(Ledger ledger, Commerce commerce) {
        this.ledger = ledger;
        this.commerce = commerce;
    }

    /** Opens the ledger and commerce; {@code database} null means the embedded H2 file under the data dir. */
    public static Platform open(DataDir data, DatabaseConfig database) {
        return open(data, database, UnaryOperator.identity());
    }

    /** As above, with the commerce rules adjusted by {@code tune} (escrow timeout, dispute panel, return window). */
    public static Platform open(DataDir data, DatabaseConfig database, UnaryOperator<CommerceConfig> tune) {
        // The personal-data keys first: a wrong or missing key-encryption key must stop start-up untouched.
        Commerces.checkVault(data.root());
        if (!data.hasLedger()) {
            LedgerSetup.init(data, LedgerSetup.DEFAULT_ORGANISATION);
        }
        Ledger ledger = LedgerSetup.open(data, LedgerOptions.DEFAULT);
        try {
            SigningKey service = LedgerGateways.ensureServiceRole(ledger, data.keys(), SERVICE_ROLE);
            CommerceConfig defaults = CommerceConfig.defaults(data.root());
            CommerceConfig config = tune.apply(database == null ? defaults : defaults.withDatabase(database));
            Commerce commerce = Commerces.open(config, LedgerGateways.over(ledger, service, data.keys(),
                            InstantSource.system()),
                    SimulatedPaymentProvider.journaled(data.root().resolve("payments").resolve("simulated.journal")),
                    null, InstantSource.system());
            return new Platform(ledger, commerce);
        } catch (RuntimeException e) {
            ledger.close();
            throw e;
        }
    }

    public Platform serve(ServerConfig config) {
        server = TrustMallServer.start(config, commerce, ledger);
        return this;
    }

    public Ledger ledger() {
        return ledger;
    }

    public Commerce commerce() {
        return commerce;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
        commerce.close();
        ledger.close();
    }
}
