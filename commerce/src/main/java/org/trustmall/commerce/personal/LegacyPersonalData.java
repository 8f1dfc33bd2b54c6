package org.trustmall.commerce.personal;

import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.privacy.vault.Vault;

/**
 * Brings a database written before personal data was sealed up to date, once, at start-up: plain values are sealed
 * with their owner's key, emails move to the blind index, plain outbox messages (transient notifications) are
 * dropped, buyers' names leave the account row, and buyers' words in disputes and returns are sealed. Each step is idempotent, so an interrupted upgrade resumes. The
 * old values may linger in the database's free pages until it compacts: operators upgrading a live deployment should
 * compact the database (PostgreSQL: {@code VACUUM FULL}) afterwards.
 */
public final class LegacyPersonalData {
    private LegacyPersonalData() {
    }

    /** Returns how many values it sealed. */
    public static int upgrade(Jdbi jdbi, Vault vault) {
        record Row(String subject, String field, String value) {
        }
        List<Row> plain = jdbi.withHandle(h -> h.createQuery("SELECT subject, field_name, field_value FROM "
                        + "personal_data WHERE owner_id IS NULL")
                .map((rs, ctx) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3))).list());
        int sealed = 0;
        for (Row r : plain) {
            Long owner = owner(jdbi, r.subject());
            if (owner == null) {
                continue; // an order that no longer exists: nothing to attach it to
            }
            String value = vault.sealText(VaultPersonalDataStore.person(owner), r.subject() + "/" + r.field(),
                    r.value());
            jdbi.useHandle(h -> h.createUpdate("UPDATE personal_data SET field_value = :v, owner_id = :o "
                            + "WHERE subject = :s AND field_name = :f AND owner_id IS NULL")
                    .bind("v", value).bind("o", owner).bind("s", r.subject()).bind("f", r.field()).execute());
            sealed++;
        }
        List<Map.Entry<String, Long>> emails = jdbi.withHandle(h -> h.createQuery("SELECT email, account_id FROM "
                + "personal_emails").map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2))).list());
        for (Map.Entry<String, Long> e : emails) {
            String index = vault.blindIndex().index(e.getKey());
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM email_index WHERE account_id = :a").bind("a", e.getValue()).execute();
                h.createUpdate("INSERT INTO email_index (idx, account_id) VALUES (:i, :a)").bind("i", index)
                        .bind("a", e.getValue()).execute();
                h.createUpdate("DELETE FROM personal_emails WHERE account_id = :a").bind("a", e.getValue()).execute();
            });
        }
        jdbi.useHandle(h -> h.createUpdate("DELETE FROM outbox WHERE account_id IS NULL").execute());
        List<Map.Entry<Long, String>> names = jdbi.withHandle(h -> h.createQuery("SELECT id, display_name FROM "
                        + "accounts WHERE role = 'buyer' AND display_name NOT IN ('Buyer', 'Erased account')")
                .map((rs, ctx) -> Map.entry(rs.getLong(1), rs.getString(2))).list());
        for (Map.Entry<Long, String> n : names) {
            String record = "account:" + n.getKey();
            String value = vault.sealText(VaultPersonalDataStore.person(n.getKey()), record + "/display_name",
                    n.getValue());
            jdbi.useTransaction(h -> {
                h.createUpdate("DELETE FROM personal_data WHERE subject = :s AND field_name = 'display_name'")
                        .bind("s", record).execute();
                h.createUpdate("INSERT INTO personal_data (subject, field_name, field_value, owner_id) "
                        + "VALUES (:s, 'display_name', :v, :o)").bind("s", record).bind("v", value)
                        .bind("o", n.getKey()).execute();
                h.createUpdate("UPDATE accounts SET display_name = 'Buyer' WHERE id = :a").bind("a", n.getKey())
                        .execute();
            });
            sealed++;
        }
        sealed += sealWords(jdbi, vault, "SELECT d.id, d.reason, o.buyer_id FROM disputes d JOIN orders o "
                + "ON o.id = d.order_id WHERE d.reason NOT LIKE 'v1:%' AND d.reason <> '[erased]'",
                "UPDATE disputes SET reason = :v WHERE id = :id", "dispute/reason");
        sealed += sealWords(jdbi, vault, "SELECT r.id, r.reason, o.buyer_id FROM returns r JOIN orders o "
                + "ON o.id = r.order_id WHERE r.reason NOT LIKE 'v1:%' AND r.reason <> '[erased]'",
                "UPDATE returns SET reason = :v WHERE id = :id", "return/reason");
        sealed += sealWords(jdbi, vault, "SELECT e.dispute_id * 1000 + e.item_no, e.item, o.buyer_id FROM "
                + "dispute_evidence e JOIN disputes d ON d.id = e.dispute_id JOIN orders o ON o.id = d.order_id "
                + "WHERE e.item NOT LIKE 'v1:%'", "UPDATE dispute_evidence SET item = :v WHERE dispute_id * 1000 "
                + "+ item_no = :id", "dispute/evidence");
        return sealed;
    }

    /** Seals the words each row of {@code select} (id, text, buyer) holds, with {@code update} (:v, :id). */
    private static int sealWords(Jdbi jdbi, Vault vault, String select, String update, String context) {
        record Words(long id, String text, long buyer) {
        }
        List<Words> rows = jdbi.withHandle(h -> h.createQuery(select)
                .map((rs, ctx) -> new Words(rs.getLong(1), rs.getString(2), rs.getLong(3))).list());
        for (Words w : rows) {
            String value = vault.sealText(VaultPersonalDataStore.person(w.buyer()), context, w.text());
            jdbi.useHandle(h -> h.createUpdate(update).bind("v", value).bind("id", w.id()).execute());
        }
        return rows.size();
    }

    private static Long owner(Jdbi jdbi, String subject) {
        int colon = subject.indexOf(':');
        long id = Long.parseLong(subject.substring(colon + 1));
        return switch (subject.substring(0, colon)) {
            case "account" -> id;
            case "order" -> jdbi.withHandle(h -> h.createQuery("SELECT buyer_id FROM orders WHERE id = :o")
                    .bind("o", id).mapTo(Long.class).findOne().orElse(null));
            default -> null;
        };
    }
}
