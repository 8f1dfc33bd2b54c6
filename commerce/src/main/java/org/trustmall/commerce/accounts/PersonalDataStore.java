package org.trustmall.commerce.accounts;

import java.util.Map;
import java.util.Optional;

/**
 * The one place personal data (emails, names, phones, addresses) is kept; nothing else reads or writes those
 * tables. Values are grouped by subject (an account, or an order's shipping address) and kind. The privacy issue
 * replaces this implementation with per-person encryption and a blind index for email lookups; callers do not
 * change.
 */
public interface PersonalDataStore {

    /** Subjects are typed ids such as {@code account:42} or {@code order:17}. */
    void put(String subject, Map<String, String> fields);

    Map<String, String> get(String subject);

    /** The account whose normalised (trimmed, lower-cased) email this is. */
    Optional<Long> accountByEmail(String email);

    /** Records the normalised email of an account for login; {@code false} if another account has it. */
    boolean claimEmail(String email, long accountId);

    /** Removes everything about a subject. */
    void erase(String subject);
}
