package org.trustmall.commerce.insights;

/**
 * Whether a person allows their data to be processed for a purpose ({@code analytics}, …). Every export of personal
 * data asks it for each person and leaves out whoever is not allowed.
 *
 * <p>Until consent is recorded (DESIGN.md: consent per purpose is a ledger transaction; a later part of the privacy
 * work), the platform is opened with {@link #ALLOW_ALL}. That work replaces it, in {@code Commerces.open}, with a
 * check against the recorded consents; nothing else needs to change.
 */
@FunctionalInterface
public interface ConsentCheck {
    /** Allows every person every purpose: the stand-in until consents are recorded. */
    ConsentCheck ALLOW_ALL = (accountId, purpose) -> true;

    /** Whether account {@code accountId} allows processing for {@code purpose}. */
    boolean allows(long accountId, String purpose);
}
