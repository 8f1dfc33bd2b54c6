package org.trustmall.commerce.personal;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.support.SqlSupportService;
import org.trustmall.commerce.support.SupportService;
import org.trustmall.contracts.audit.AccessAuditContract;
import org.trustmall.ledger.encoding.CborMap;

/** {@link PrivacyService} over the personal-data store, the access log, the ledger and the commerce database. */
public final class SqlPrivacyService implements PrivacyService {
    static final String ERASED_NAME = "Erased account";
    static final String ERASED_AUTHOR = "Former customer";
    static final String ERASED_TEXT = "[erased]";
    /** A password hash no password matches: login of an erased account always fails. */
    static final String NO_PASSWORD = "!erased";
    private static final int PAGE = 100;

    private final Jdbi jdbi;
    private final PersonalDataStore personal;
    private final AccessLog accessLog;
    private final LedgerGateway ledger;
    private final AccountService accounts;
    private final OrderService orders;
    private final ConsentService consents;
    private final SqlSupportService support;
    private final InstantSource clock;

    public SqlPrivacyService(Jdbi jdbi, PersonalDataStore personal, AccessLog accessLog, LedgerGateway ledger,
                             AccountService accounts, OrderService orders, ConsentService consents,
                             SqlSupportService support, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.personal = Objects.requireNonNull(personal, "personal");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.orders = Objects.requireNonNull(orders, "orders");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.support = Objects.requireNonNull(support, "support");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public byte[] commitment(long accountId) {
        return personal.commitment(accountId);
    }

    // ---- access log ----

    @Override
    public List<AccessEntry> accessLog(Actor person, long from, int limit) {
        Objects.requireNonNull(person, "person");
        if (from < 1) {
            throw new CommerceException.InvalidInput("from", "must be 1 or more");
        }
        if (limit < 1 || limit > 500) {
            throw new CommerceException.InvalidInput("limit", "must be between 1 and 500");
        }
        accessLog.flush(); // the person sees every read up to now
        CborMap page = ledger.query(AccessAuditContract.ID, AccessAuditContract.LIST,
                AccessAuditContract.listArgs(personal.commitment(person.accountId()), from, limit));
        List<AccessEntry> out = new ArrayList<>();
        for (CborMap e : page.maps("entries")) {
            List<String> fields = e.list("fields").stream().map(String.class::cast).toList();
            out.add(new AccessEntry(e.integer("n"), e.text("accessor"), e.text("purpose"), fields,
                    Instant.ofEpochMilli(e.integer("at")), e.integer("height"), e.text("transaction")));
        }
        return out;
    }

    private List<AccessEntry> wholeAccessLog(Actor person) {
        List<AccessEntry> all = new ArrayList<>();
        while (true) {
            List<AccessEntry> page = accessLog(person, all.size() + 1L, 500);
            all.addAll(page);
            if (page.size() < 500) {
                return all;
            }
        }
    }

    // ---- export ----

    @Override
    public Export export(Actor person) {
        Objects.requireNonNull(person, "person");
        long id = person.accountId();
        AccountService.Account account = accounts.get(person, id);
        PersonalDataStore.Access access = PersonalDataStore.Access.self("export");
        Map<String, String> profile = new LinkedHashMap<>(personal.get(id, "account:" + id, access));
        profile.putIfAbsent("display_name", account.displayName());
        List<OrderService.Order> bought = new ArrayList<>();
        Map<Long, Map<String, String>> addresses = new LinkedHashMap<>();
        if (person.is(Role.BUYER)) {
            for (int page = 0; ; page++) {
                Page<OrderService.Order> p = orders.list(person, page, PAGE);
                bought.addAll(p.items());
                if ((long) (page + 1) * PAGE >= p.total()) {
                    break;
                }
            }
            Map<String, Map<String, String>> records = personal.all(id, access);
            for (OrderService.Order o : bought) {
                addresses.put(o.id(), records.getOrDefault("order:" + o.id(), Map.of()));
            }
        }
        List<ExportedReview> reviews = jdbi.withHandle(h -> h.createQuery("SELECT * FROM reviews WHERE author_id = :a "
                        + "ORDER BY id").bind("a", id)
                .map((rs, ctx) -> new ExportedReview(rs.getLong("id"), rs.getLong("product_id"), rs.getLong("order_id"),
                        rs.getInt("rating"), rs.getString("title"), rs.getString("body"), rs.getString("display_name"),
                        rs.getInt("version_no"), rs.getString("ledger_id"), Sql.instant(rs, "created_at")))
                .list());
        List<ExportedCase> cases = new ArrayList<>();
        jdbi.useHandle(h -> {
            cases.addAll(h.createQuery("SELECT d.id, d.order_id, d.state, d.reason, d.opened_at FROM disputes d "
                            + "JOIN orders o ON o.id = d.order_id WHERE o.buyer_id = :a ORDER BY d.id").bind("a", id)
                    .map((rs, ctx) -> new ExportedCase("dispute", rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), Sql.instant(rs, "opened_at"))).list());
            cases.addAll(h.createQuery("SELECT r.id, r.order_id, r.state, r.reason, r.requested_at FROM returns r "
                            + "JOIN orders o ON o.id = r.order_id WHERE o.buyer_id = :a ORDER BY r.id").bind("a", id)
                    .map((rs, ctx) -> new ExportedCase("return", rs.getLong(1), rs.getLong(2), rs.getString(3),
                            rs.getString(4), Sql.instant(rs, "requested_at"))).list());
        });
        // Conversations before the access log, so that the log shows this export's read of them too.
        List<Map<String, String>> conversations = conversations(person);
        return new Export(id, account.role().wire(), profile, account.createdAt(), bought, addresses, reviews, cases,
                consents.list(person), wholeAccessLog(person), conversations);
    }

    /**
     * The person's conversations with the assistant and agents, decrypted, one flat map each (the export's form):
     * {@code id, state, lang, handoffReason?, createdAt, updatedAt, messageCount}, then for message n (from 1)
     * {@code messages.n.author}, {@code .at}, {@code .text} and {@code .meta.<key>} for what the assistant recorded.
     */
    private List<Map<String, String>> conversations(Actor person) {
        List<Map<String, String>> out = new ArrayList<>();
        for (SupportService.Conversation c : support.mine(person, PersonalDataStore.Access.self("export"))) {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("id", c.id());
            m.put("state", c.state().wire());
            m.put("lang", c.lang());
            if (c.handoffReason() != null) {
                m.put("handoffReason", c.handoffReason());
            }
            m.put("createdAt", c.createdAt().toString());
            m.put("updatedAt", c.updatedAt().toString());
            m.put("messageCount", String.valueOf(c.messages().size()));
            for (SupportService.Message msg : c.messages()) {
                String p = "messages." + msg.seq() + ".";
                m.put(p + "author", msg.author().wire());
                m.put(p + "at", msg.at().toString());
                m.put(p + "text", msg.text());
                msg.meta().forEach((k, v) -> m.put(p + "meta." + k, v));
            }
            out.add(m);
        }
        return out;
    }

    // ---- erasure ----

    @Override
    public ErasureReceipt erase(Actor person, String password) {
        Objects.requireNonNull(person, "person");
        if (!person.is(Role.BUYER)) {
            throw new CommerceException.Forbidden("erasure here is for personal (buyer) accounts; a business or staff "
                    + "account is closed by the platform's operators, who must settle its obligations first");
        }
        accounts.verifyPassword(person, password);
        long id = person.accountId();
        long inFlight = jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders WHERE buyer_id = :a AND state "
                + "IN ('created', 'paid', 'shipped', 'delivered', 'disputed')").bind("a", id).mapTo(Long.class).one()
                + h.createQuery("SELECT COUNT(*) FROM returns r JOIN orders o ON o.id = r.order_id WHERE o.buyer_id = :a "
                + "AND r.state IN ('requested', 'approved', 'shipped')").bind("a", id).mapTo(Long.class).one()
                + h.createQuery("SELECT COUNT(*) FROM disputes d JOIN orders o ON o.id = d.order_id WHERE o.buyer_id = :a "
                + "AND d.state IN ('open', 'resolved')").bind("a", id).mapTo(Long.class).one());
        if (inFlight > 0) {
            throw new CommerceException.Conflict("orders", "there are " + inFlight + " orders, returns or disputes "
                    + "still in flight; erasure is possible once they are completed or cancelled");
        }
        // The receipt first, under the commitment that is about to become uncomputable; pending reads of this
        // person's data go to the ledger before it too.
        accessLog.flush();
        LedgerGateway.Committed receipt = ledger.submit(AccessAuditContract.ID, AccessAuditContract.ERASED,
                AccessAuditContract.subjectArgs(personal.commitment(id)));
        personal.erase(id);
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE accounts SET display_name = :n, password_hash = :p WHERE id = :a")
                    .bind("n", ERASED_NAME).bind("p", NO_PASSWORD).bind("a", id).execute();
            h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL")
                    .bind("now", Sql.at(now)).bind("a", id).execute();
            for (String table : List.of("password_resets", "auth_attempts", "outbox", "cart_items",
                    "consent_changes", "idempotency_keys", "recommendation_events")) {
                String column = table.equals("cart_items") ? "buyer_id" : "account_id";
                h.createUpdate("DELETE FROM " + table + " WHERE " + column + " = :a").bind("a", id).execute();
            }
            h.createUpdate("UPDATE reviews SET display_name = :n WHERE author_id = :a")
                    .bind("n", ERASED_AUTHOR).bind("a", id).execute();
            h.createUpdate("UPDATE disputes SET reason = :x, grounds_salt = :z WHERE order_id IN "
                            + "(SELECT id FROM orders WHERE buyer_id = :a)")
                    .bind("x", ERASED_TEXT).bind("z", "0".repeat(64)).bind("a", id).execute();
            h.createUpdate("DELETE FROM dispute_evidence WHERE dispute_id IN (SELECT d.id FROM disputes d "
                    + "JOIN orders o ON o.id = d.order_id WHERE o.buyer_id = :a)").bind("a", id).execute();
            h.createUpdate("UPDATE returns SET reason = :x WHERE order_id IN (SELECT id FROM orders WHERE buyer_id = :a)")
                    .bind("x", ERASED_TEXT).bind("a", id).execute();
            // Conversations, even one waiting for an agent, never hold erasure up: they are closed, and their
            // ciphertext (already unreadable, the key is gone) is replaced so no copy of it lingers.
            h.createUpdate("UPDATE support_messages SET body = :x, meta = NULL WHERE conversation_id IN "
                    + "(SELECT id FROM support_conversations WHERE customer_id = :a)")
                    .bind("x", ERASED_TEXT).bind("a", id).execute();
            h.createUpdate("UPDATE support_conversations SET state = 'closed', updated_at = :now "
                    + "WHERE customer_id = :a AND state <> 'closed'").bind("now", Sql.at(now)).bind("a", id)
                    .execute();
        });
        return new ErasureReceipt(id, receipt.transactionId(), receipt.height(),
                Instant.ofEpochMilli(receipt.result().integer("erased_at")));
    }
}
