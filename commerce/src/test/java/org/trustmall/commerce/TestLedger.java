package org.trustmall.commerce;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.LedgerGateways;
import org.trustmall.contracts.Contracts;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.tx.Transaction;

/**
 * A real ledger in a temporary directory running the platform's contracts, with commerce's signing role registered
 * the way the app does it, and a gateway over it. The ledger's orderer and the gateway share {@code clock}.
 */
public final class TestLedger implements AutoCloseable {
    private final Ledger ledger;
    private final LedgerGateway gateway;
    private final Map<String, SigningKey> members;
    private final InstantSource clock;

    private TestLedger(Ledger ledger, LedgerGateway gateway, Map<String, SigningKey> members, InstantSource clock) {
        this.ledger = ledger;
        this.gateway = gateway;
        this.members = members;
        this.clock = clock;
    }

    public static TestLedger open(Path dir, InstantSource clock) {
        return open(dir, clock, List.of());
    }

    /**
     * As {@link #open(Path, InstantSource)}, with {@code others} as further member organisations in the genesis: the
     * risk decisions' validators, whose votes {@link #vote} casts as their nodes would.
     */
    public static TestLedger open(Path dir, InstantSource clock, List<String> others) {
        KeyDirectory keys = new KeyDirectory(dir.resolve("keys"));
        KeyDirectory.OrganisationKey org = keys.createOrganisation("platform");
        List<Organisation> organisations = new ArrayList<>(List.of(org.organisation()));
        Map<String, SigningKey> members = new LinkedHashMap<>();
        for (String name : others) {
            KeyDirectory.OrganisationKey other = new KeyDirectory(dir.resolve("keys-" + name))
                    .createOrganisation(name);
            organisations.add(other.organisation());
            members.put(name, other.key());
        }
        LedgerOptions options = LedgerOptions.DEFAULT.withClock(clock);
        Path ledgerDir = dir.resolve("ledger");
        Ledger.create(ledgerDir, organisations, org.key(), ChainParameters.DEFAULT, Contracts.runtime(), options);
        Ledger ledger = Ledger.open(ledgerDir, org.organisation(), org.key(), Contracts.runtime(), options);
        SigningKey service = LedgerGateways.ensureServiceRole(ledger, keys, LedgerGateways.COMMERCE_ROLE);
        return new TestLedger(ledger, LedgerGateways.over(ledger, service, keys, clock), members, clock);
    }

    /** Organisation {@code organisation}'s vote on the risk decision on {@code order}, signed with its key. */
    public void vote(String organisation, String order, boolean agree) {
        Transaction tx = Transaction.sign(ledger.chainId(), RiskDecisionContract.ID, RiskDecisionContract.VOTE,
                RiskDecisionContract.voteArgs(order, agree), members.get(organisation), System.nanoTime(),
                clock.millis());
        Receipt r = ledger.submitAndWait(tx);
        if (!(r instanceof Receipt.Committed c) || !c.result().ok()) {
            throw new AssertionError(organisation + "'s vote on " + order + " was refused: " + r);
        }
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
