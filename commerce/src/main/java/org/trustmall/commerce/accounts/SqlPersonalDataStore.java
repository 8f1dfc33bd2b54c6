package org.trustmall.commerce.accounts;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Personal data in two tables of the commerce database ({@code personal_data} by subject and field,
 * {@code personal_emails} for login lookups), in plain text until the privacy work replaces this class with per-person
 * encryption. Calls made inside a commerce transaction join it. Thread-safe.
 */
public final class SqlPersonalDataStore implements PersonalDataStore {
    public static final int MAX_VALUE_CHARS = 1000;
    private final Jdbi jdbi;

    public SqlPersonalDataStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Trimmed and lower-cased, the form emails are stored and compared in. */
    public static String normaliseEmail(String email) {
        return email == null ? null : email.strip().toLowerCase(Locale.ROOT);
    }

    /** Sets the given fields of {@code subject} (a null value removes that field); other fields stay. */
    @Override
    public void put(String subject, Map<String, String> fields) {
        checkSubject(subject);
        fields.forEach((field, value) -> {
            if (field == null || !field.matches("[a-z][a-z0-9_]{0,31}")) {
                throw new IllegalArgumentException("invalid personal data field name: " + field);
            }
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException("personal data field " + field + " is longer than "
                        + MAX_VALUE_CHARS + " characters");
            }
        });
        jdbi.useTransaction(h -> {
            for (Map.Entry<String, String> e : fields.entrySet()) {
                h.createUpdate("DELETE FROM personal_data WHERE subject = :s AND field_name = :f")
                        .bind("s", subject).bind("f", e.getKey()).execute();
                if (e.getValue() != null) {
                    h.createUpdate("INSERT INTO personal_data (subject, field_name, field_value) VALUES (:s, :f, :v)")
                            .bind("s", subject).bind("f", e.getKey()).bind("v", e.getValue()).execute();
                }
            }
        });
    }

    @Override
    public Map<String, String> get(String subject) {
        checkSubject(subject);
        Map<String, String> out = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT field_name, field_value FROM personal_data WHERE subject = :s "
                        + "ORDER BY field_name")
                .bind("s", subject)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> out.put(e.getKey(), e.getValue())));
        return out;
    }

    @Override
    public Optional<Long> accountByEmail(String email) {
        String normalised = normaliseEmail(email);
        if (normalised == null || normalised.isEmpty()) {
            return Optional.empty();
        }
        return jdbi.withHandle(h -> h.createQuery("SELECT account_id FROM personal_emails WHERE email = :e")
                .bind("e", normalised).mapTo(Long.class).findOne());
    }

    /**
     * Claims the email for the account (replacing the account's previous email). A concurrent claim of the same
     * email by another account can still surface as a unique-constraint violation, which callers treat like
     * {@code false}.
     */
    @Override
    public boolean claimEmail(String email, long accountId) {
        String normalised = normaliseEmail(email);
        return jdbi.inTransaction(h -> {
            Optional<Long> owner = h.createQuery("SELECT account_id FROM personal_emails WHERE email = :e")
                    .bind("e", normalised).mapTo(Long.class).findOne();
            if (owner.isPresent()) {
                return owner.get() == accountId;
            }
            h.createUpdate("DELETE FROM personal_emails WHERE account_id = :a").bind("a", accountId).execute();
            h.createUpdate("INSERT INTO personal_emails (email, account_id) VALUES (:e, :a)")
                    .bind("e", normalised).bind("a", accountId).execute();
            return true;
        });
    }

    @Override
    public void erase(String subject) {
        checkSubject(subject);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM personal_data WHERE subject = :s").bind("s", subject).execute();
            if (subject.startsWith("account:")) {
                h.createUpdate("DELETE FROM personal_emails WHERE account_id = :a")
                        .bind("a", Long.parseLong(subject.substring("account:".length()))).execute();
            }
        });
    }

    private static void checkSubject(String subject) {
        if (subject == null || !subject.matches("[a-z]+:[0-9]{1,19}")) {
            throw new IllegalArgumentException("a subject is a typed id such as account:42, not " + subject);
        }
    }
}
