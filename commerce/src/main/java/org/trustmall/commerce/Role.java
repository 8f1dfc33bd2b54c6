package org.trustmall.commerce;

import java.util.Locale;

/** What an account is for. Self-registration creates buyers and merchants only. */
public enum Role {
    BUYER, MERCHANT, ADMIN, ARBITER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code buyer|merchant|admin|arbiter}; {@link CommerceException.InvalidInput} naming the field otherwise. */
    public static Role parse(String field, String value) {
        if (value != null) {
            for (Role r : values()) {
                if (r.wire().equals(value)) {
                    return r;
                }
            }
        }
        throw new CommerceException.InvalidInput(field, "must be one of buyer, merchant, admin, arbiter");
    }
}
