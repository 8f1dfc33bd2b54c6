package org.trustmall.app.ledger;

import java.util.List;
import org.trustmall.app.cli.DataDir;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.identity.TrustedKeys;

/** Creating and opening the platform's ledger in a data directory, with the platform's contracts. */
public final class LedgerSetup {
    public static final String DEFAULT_ORGANISATION = "trustmall";

    private LedgerSetup() {
    }

    /** A new ledger with one founding organisation; writes its key (0600) and the trusted-keys file. */
    public static Hash init(DataDir data, String organisation) {
        if (data.hasLedger()) {
            throw new LedgerException(data.root() + " already holds a ledger");
        }
        KeyDirectory.OrganisationKey org = data.keys().createOrganisation(organisation);
        Hash chain = Ledger.create(data.ledger(), List.of(org.organisation()), org.key(), ChainParameters.DEFAULT,
                Contracts.runtime(), LedgerOptions.DEFAULT);
        TrustedKeys.all(chain, List.of(org.organisation())).write(data.trustedKeys());
        return chain;
    }

    public static Ledger open(DataDir data, LedgerOptions options) {
        data.requireLedger();
        KeyDirectory.OrganisationKey org = data.keys().organisation();
        return Ledger.open(data.ledger(), org.organisation(), org.key(), Contracts.runtime(), options);
    }

    public static Ledger openReadOnly(DataDir data) {
        data.requireLedger();
        return Ledger.openReadOnly(data.ledger(), Contracts.runtime());
    }
}
