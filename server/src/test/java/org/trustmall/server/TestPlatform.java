package org.trustmall.server;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceConfig;
import org.trustmall.commerce.Commerces;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.commerce.payments.SimulatedPaymentProvider;
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

    private TestPlatform(Ledger ledger, Commerce commerce, TrustMallServer server, TrustedKeys trustedKeys) {
        this.ledger = ledger;
        this.commerce = commerce;
        this.server = server;
        this.http = new Http(server.port());
        this.trustedKeys = trustedKeys;
    }

    public static TestPlatform start(Path dir) {
        KeyDirectory keys = new KeyDirectory(dir.resolve("keys"));
        KeyDirectory.OrganisationKey org = keys.createOrganisation("trustmall");
        Path ledgerDir = dir.resolve("ledger");
        var chain = Ledger.create(ledgerDir, List.of(org.organisation()), org.key(), ChainParameters.DEFAULT,
                Contracts.runtime(), LedgerOptions.DEFAULT);
        Ledger ledger = Ledger.open(ledgerDir, org.organisation(), org.key(), Contracts.runtime(),
                LedgerOptions.DEFAULT);
        SigningKey service = LedgerGateways.ensureServiceRole(ledger, keys, "commerce");
        Commerce commerce = Commerces.open(CommerceConfig.defaults(dir), LedgerGateways.over(ledger, service),
                new SimulatedPaymentProvider(), null, InstantSource.system());
        TrustMallServer server = TrustMallServer.start(ServerConfig.loopback(0), commerce, ledger);
        return new TestPlatform(ledger, commerce, server, TrustedKeys.all(chain, List.of(org.organisation())));
    }

    @Override
    public void close() {
        server.close();
        commerce.close();
        ledger.close();
    }
}
