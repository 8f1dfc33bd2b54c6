package org.trustmall.commerce.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.chain.PersonCommitments;
import org.trustmall.commerce.db.Sql;
import org.trustmall.contracts.consent.ConsentContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link ConsentService} over the ledger's {@code consent} contract, which is the record of truth: the guard reads
 * it on every call. The database keeps only which transaction recorded each version, so the person can fetch its
 * proof. Thread-safe.
 */
public final class LedgerConsentService implements ConsentService {
    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final PersonCommitments commitments;

    public LedgerConsentService(Jdbi jdbi, LedgerGateway ledger, PersonCommitments commitments) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.commitments = Objects.requireNonNull(commitments, "commitments");
    }

    static boolean defaultFor(String purpose) {
        return PERSONALISATION.equals(purpose);
    }

    private static String purpose(String value) {
        if (value == null || !PURPOSES.contains(value)) {
            throw new CommerceException.InvalidInput("purpose", "must be one of " + String.join(", ", PURPOSES));
        }
        return value;
    }

    @Override
    public List<Consent> list(Actor person) {
        Objects.requireNonNull(person, "person");
        List<Consent> out = new ArrayList<>();
        for (String p : PURPOSES) {
            out.add(current(person.accountId(), p));
        }
        return out;
    }

    /** The latest version on the ledger ({@code n} 0 when the person never chose). */
    private CborMap onLedger(long accountId, String purpose) {
        return ledger.query(ConsentContract.ID, ConsentContract.GET,
                ConsentContract.getArgs(commitments.account(accountId), purpose));
    }

    private Consent current(long accountId, String purpose) {
        CborMap onLedger = onLedger(accountId, purpose);
        long n = onLedger.integer("n");
        if (n == 0) {
            return new Consent(purpose, defaultFor(purpose), true, 0, null, null);
        }
        String tx = jdbi.withHandle(h -> h.createQuery("SELECT transaction_id FROM consent_changes "
                        + "WHERE account_id = :a AND purpose = :p AND version = :n")
                .bind("a", accountId).bind("p", purpose).bind("n", n).mapTo(String.class).findOne().orElse(null));
        return new Consent(purpose, onLedger.bool("granted"), false, n, tx,
                Instant.ofEpochMilli(onLedger.integer("timestamp")));
    }

    @Override
    public Consent set(Actor person, String purpose, boolean granted) {
        Objects.requireNonNull(person, "person");
        String p = purpose(purpose);
        LedgerGateway.Committed c = ledger.submit(ConsentContract.ID, ConsentContract.SET,
                CborMap.parse(ConsentContract.setArgs(commitments.account(person.accountId()), p, granted)));
        long n = c.result().integer("n");
        Instant at = Instant.ofEpochMilli(c.result().integer("timestamp"));
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO consent_changes (account_id, purpose, version, granted, "
                        + "transaction_id, height, recorded_at) VALUES (:a, :p, :n, :g, :tx, :h, :at)")
                .bind("a", person.accountId()).bind("p", p).bind("n", n).bind("g", granted)
                .bind("tx", c.transactionId()).bind("h", c.height()).bind("at", Sql.at(at)).execute());
        return new Consent(p, granted, false, n, c.transactionId(), at);
    }

    @Override
    public boolean allows(long accountId, String purpose) {
        String p = purpose(purpose);
        CborMap onLedger = onLedger(accountId, p);
        return onLedger.integer("n") == 0 ? defaultFor(p) : onLedger.bool("granted");
    }

    @Override
    public void require(long accountId, String purpose) {
        if (!allows(accountId, purpose)) {
            throw new CommerceException.Forbidden("the person has not consented to '" + purpose + "'");
        }
    }
}
