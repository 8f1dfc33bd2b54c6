package org.trustmall.commerce.personal;

import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.privacy.vault.Vault;

/**
 * {@link PersonalDataStore} over the privacy vault and the commerce database: {@code personal_data} holds only
 * ciphertext, each value sealed with its owner's data key and bound to its record and field; {@code email_index}
 * holds only blind indexes of emails. Reads are logged through the {@link AccessLog}. Writes made inside a commerce
 * transaction join it. Thread-safe.
 */
public final class VaultPersonalDataStore implements PersonalDataStore {
    public static final int MAX_VALUE_CHARS = PersonalDataStore.MAX_VALUE_CHARS;
    /** The label of a person's ledger commitment. */
    static final String LEDGER_LABEL = "ledger";

    private final Jdbi jdbi;
    private final Vault vault;
    private final AccessLog accessLog;
    private final InstantSource clock;

    public VaultPersonalDataStore(Jdbi jdbi, Vault vault, AccessLog accessLog, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The vault subject of an account: the person whose key seals their data. */
    public static String person(long accountId) {
        return "account:" + accountId;
    }

    private static String context(String record, String field) {
        return record + "/" + field;
    }

    @Override
    public void put(long owner, String record, Map<String, String> fields) {
        checkRecord(record);
        fields.forEach((field, value) -> {
            if (field == null || !field.matches("[a-z][a-z0-9_]{0,31}")) {
                throw new IllegalArgumentException("invalid personal data field name: " + field);
            }
            if (value != null && value.length() > MAX_VALUE_CHARS) {
                throw new IllegalArgumentException("personal data field " + field + " is longer than "
                        + MAX_VALUE_CHARS + " characters");
            }
        });
        String subject = person(owner);
        Map<String, String> sealed = new LinkedHashMap<>();
        fields.forEach((field, value) -> sealed.put(field, value == null ? null
                : vault.sealText(subject, context(record, field), value)));
        jdbi.useTransaction(h -> {
            for (Map.Entry<String, String> e : sealed.entrySet()) {
                h.createUpdate("DELETE FROM personal_data WHERE subject = :s AND field_name = :f")
                        .bind("s", record).bind("f", e.getKey()).execute();
                if (e.getValue() != null) {
                    h.createUpdate("INSERT INTO personal_data (subject, field_name, field_value, owner_id) "
                                    + "VALUES (:s, :f, :v, :o)")
                            .bind("s", record).bind("f", e.getKey()).bind("v", e.getValue()).bind("o", owner)
                            .execute();
                }
            }
        });
    }

    @Override
    public Map<String, String> get(long owner, String record, Access access) {
        checkRecord(record);
        Map<String, String> sealed = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT field_name, field_value FROM personal_data WHERE subject = :s "
                        + "AND owner_id = :o ORDER BY field_name")
                .bind("s", record).bind("o", owner)
                .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                .forEach(e -> sealed.put(e.getKey(), e.getValue())));
        return open(owner, record, sealed, access);
    }

    private Map<String, String> open(long owner, String record, Map<String, String> sealed, Access access) {
        if (sealed.isEmpty()) {
            return Map.of();
        }
        String subject = person(owner);
        Map<String, String> out = new LinkedHashMap<>();
        sealed.forEach((field, value) -> out.put(field, vault.openText(subject, context(record, field), value)));
        List<String> fields = new ArrayList<>();
        out.keySet().forEach(f -> fields.add(record.substring(0, record.indexOf(':')) + "." + f));
        accessLog.record(commitment(owner), access.accessor(), access.purpose(), fields, clock.millis());
        return out;
    }

    @Override
    public Map<String, Map<String, String>> all(long owner, Access access) {
        Map<String, Map<String, String>> sealed = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("SELECT subject, field_name, field_value FROM personal_data "
                        + "WHERE owner_id = :o ORDER BY subject, field_name")
                .bind("o", owner)
                .map((rs, ctx) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)})
                .forEach(r -> sealed.computeIfAbsent(r[0], k -> new LinkedHashMap<>()).put(r[1], r[2])));
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        sealed.forEach((record, values) -> out.put(record, open(owner, record, values, access)));
        return out;
    }

    @Override
    public List<String> records(long owner) {
        return jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT subject FROM personal_data WHERE owner_id = :o "
                + "ORDER BY subject").bind("o", owner).mapTo(String.class).list());
    }

    @Override
    public Optional<Long> accountByEmail(String email) {
        String normalised = PersonalDataStore.normaliseEmail(email);
        if (normalised == null || normalised.isEmpty()) {
            return Optional.empty();
        }
        String index = vault.blindIndex().index(normalised);
        return jdbi.withHandle(h -> h.createQuery("SELECT account_id FROM email_index WHERE idx = :i")
                .bind("i", index).mapTo(Long.class).findOne());
    }

    /**
     * Claims the email for the account (replacing the account's previous email). A concurrent claim of the same
     * email by another account can still surface as a unique-constraint violation, which callers treat like
     * {@code false}.
     */
    @Override
    public boolean claimEmail(String email, long accountId) {
        String index = vault.blindIndex().index(PersonalDataStore.normaliseEmail(email));
        return jdbi.inTransaction(h -> {
            Optional<Long> owner = h.createQuery("SELECT account_id FROM email_index WHERE idx = :i")
                    .bind("i", index).mapTo(Long.class).findOne();
            if (owner.isPresent()) {
                return owner.get() == accountId;
            }
            h.createUpdate("DELETE FROM email_index WHERE account_id = :a").bind("a", accountId).execute();
            h.createUpdate("INSERT INTO email_index (idx, account_id) VALUES (:i, :a)")
                    .bind("i", index).bind("a", accountId).execute();
            return true;
        });
    }

    @Override
    public void erase(long owner) {
        // The key first: from this moment nothing of the person's decrypts, whatever happens to the rows.
        vault.erase(person(owner));
        jdbi.useTransaction(h -> eraseRows(h, owner));
    }

    private static void eraseRows(Handle h, long owner) {
        h.createUpdate("DELETE FROM personal_data WHERE owner_id = :o").bind("o", owner).execute();
        h.createUpdate("DELETE FROM email_index WHERE account_id = :o").bind("o", owner).execute();
    }

    @Override
    public byte[] commitment(long owner) {
        return vault.commitment(person(owner), LEDGER_LABEL);
    }

    private static void checkRecord(String record) {
        if (record == null || !record.matches("[a-z]+:[0-9]{1,19}")) {
            throw new IllegalArgumentException("a record is a typed id such as account:42, not " + record);
        }
    }
}
