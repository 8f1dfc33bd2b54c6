package org.trustmall.commerce.consent;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;

/**
 * A person's consents to the purposes the platform processes their data for — {@code personalisation},
 * {@code marketing}, {@code analytics}, {@code external_ai} — each grant and withdrawal a ledger transaction
 * (contract {@code consent}) naming the person only by their keyed commitment. Every processing path asks
 * {@link #allows} at the moment it processes, so a withdrawal takes effect on the very next request.
 *
 * <p>Defaults, for a purpose the person never chose: {@code personalisation} is on (they may switch it off at any
 * time, PIPL Art. 24 and PRC E-Commerce Law Art. 18 require that option); the others are off until granted.
 * Thread-safe.
 */
public interface ConsentService {
    String PERSONALISATION = "personalisation";
    String MARKETING = "marketing";
    String ANALYTICS = "analytics";
    String EXTERNAL_AI = "external_ai";
    List<String> PURPOSES = List.of(PERSONALISATION, MARKETING, ANALYTICS, EXTERNAL_AI);

    /**
     * One purpose as it stands: {@code byDefault} when the person never chose (then {@code version} is 0 and there is
     * no transaction); otherwise the ledger version, its transaction and when it was recorded.
     */
    record Consent(String purpose, boolean granted, boolean byDefault, long version, String transactionId,
                   Instant recordedAt) {
    }

    /** The person's own consents, one per purpose, in {@link #PURPOSES} order. */
    List<Consent> list(Actor person);

    /** Grants or withdraws {@code purpose} for the signed-in person, recorded on the ledger first. */
    Consent set(Actor person, String purpose, boolean granted);

    /** Whether account {@code accountId}'s data may be processed for {@code purpose} now (the default if never set). */
    boolean allows(long accountId, String purpose);

    /** As {@link #allows}, throwing {@code Forbidden} naming the purpose when it does not. */
    void require(long accountId, String purpose);
}
