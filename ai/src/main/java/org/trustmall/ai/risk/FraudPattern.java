package org.trustmall.ai.risk;

/** What a generated order attempt is: legitimate, or part of one of the fraud patterns in {@code SCENARIOS.md}. */
public enum FraudPattern {
    LEGITIMATE("legitimate"),
    CARD_TESTING("card_testing"),
    ACCOUNT_TAKEOVER("account_takeover"),
    RESHIPPING("reshipping"),
    COUPON_ABUSE("coupon_abuse");

    private final String label;

    FraudPattern(String label) {
        this.label = label;
    }

    /** The snake-case name used in reports. */
    public String label() {
        return label;
    }

    public boolean fraud() {
        return this != LEGITIMATE;
    }
}
