package org.trustmall.ledger.contract;

import java.util.Objects;
import org.trustmall.ledger.crypto.PublicKey;

/**
 * The signer of a transaction: an organisation's own key (role {@value #ORGANISATION_ROLE}) or a key the
 * organisation registered for a signing role such as {@code arbiter-1} or {@code service}. Persons never sign.
 */
public record Caller(String organisation, String role, PublicKey key) {
    public static final String ORGANISATION_ROLE = "org";

    public Caller {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(key, "key");
    }

    public boolean isOrganisation() {
        return ORGANISATION_ROLE.equals(role);
    }

    @Override
    public String toString() {
        return organisation + "/" + role;
    }
}
