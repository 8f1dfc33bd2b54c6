package org.trustmall.commerce;

import java.util.Locale;

/**
 * What an account is for. Self-registration creates buyers and merchants only; admins appoint arbiters (who decide
 * disputes) and agents (customer-service staff, who see conversations handed off to them and nothing else).
 */
public enum Role {
    BUYER, MERCHANT, ADMIN, ARBITER, AGENT;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code buyer|merchant|admin|arbiter|agent}; {@link CommerceException.InvalidInput} naming the field
     * otherwise.
     */
    public static Role parse(String field, String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wire().equals(value)) {
                    return r;
                }
            }
        }
        throw new CommerceException.InvalidInput(field, "must be one of buyer, merchant, admin, arbiter, agent");
    }
}
