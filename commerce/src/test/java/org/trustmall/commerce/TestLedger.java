package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.KeyDirectory;

/**
 * A real ledger in a temporary directory running the platform's contracts, with commerce's signing role registered
 * the way the app does it, and a gateway over it. The ledger's orderer and the gateway share {@code clock}.
 */
public final class TestLedger implements AutoCloseable {
    private final Ledger ledger;
    private final LedgerGateway gateway;

    private TestLedger(Ledger ledger, LedgerGateway gateway) {
        this.ledger = ledger;
        this.gateway = gateway;
    }

    public static TestLedger open(Path dir, InstantSource clock) {
        KeyDirectory keys = new KeyDirectory(dir.resolve("keys"));
        KeyDirectory.OrganisationKey org = keys.createOrganisation("platform");
        LedgerOptions options = LedgerOptions.DEFAULT.withClock(clock);
        Path ledgerDir = dir.resolve("ledger");
        Ledger.create(ledgerDir, List.of(org.organisation()), org.key(), ChainParameters.DEFAULT,
                Contracts.runtime(), options);
        Ledger ledger = Ledger.open(ledgerDir, org.organisation(), org.key(), Contracts.runtime(), options);
        SigningKey service = LedgerGateways.ensureServiceRole(ledger, keys, LedgerGateways.COMMERCE_ROLE);
        return new TestLedger(ledger, LedgerGateways.over(ledger, service, keys, clock));
    }

    public Ledger ledger() {
        return ledger;
    }

    public LedgerGateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        ledger.close();
    }
}
