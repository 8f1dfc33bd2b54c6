package org.trustmall.commerce.support;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.personal.PersonalSealer;
import org.trustmall.ledger.encoding.CborMap;

/**
 * {@link SupportService} over the commerce database ({@code support_conversations}, {@code support_messages}) and
 * the privacy vault. Each message's text and meta are sealed with the conversation owner's key, bound to the
 * conversation and the message number, so a message cannot be moved to another row or conversation and erasing the
 * owner shreds them all. Reading a conversation is one read of the owner's data in their access log (by
 * {@code self}, or by {@code agent:<id>} / {@code admin:<id>}), whatever the number of messages.
 *
 * <p>A message takes its number from the conversation row's {@code message_count}, raised by a conditional update
 * in the same transaction that inserts it: concurrent appends are serialised by that row, and nothing is appended to
 * a closed conversation. Thread-safe.
 */
public final class SqlSupportService implements SupportService {
    public static final int MAX_TEXT = 4000;
    /** Meta is what the assistant recorded (intent, confidence, actions, citations): small, flat, strings only. */
    static final int MAX_META_ENTRIES = 32;
    static final int MAX_META_VALUE = 2000;
    static final int MAX_META_TOTAL = 8000;
    private static final Pattern META_KEY = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern REASON = Pattern.compile("[a-z_]{1,40}");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final Set<String> LANGS = Set.of("en", "zh");
    private static final String KIND = "conversation";

    private final Jdbi jdbi;
    private final PersonalSealer sealer;
    private final InstantSource clock;

    public SqlSupportService(Jdbi jdbi, PersonalSealer sealer, InstantSource clock) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.sealer = Objects.requireNonNull(sealer, "sealer");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Contexts a message's parts are sealed for: the conversation and the message number are bound to them. */
    static String textContext(String conversationId, long seq) {
        return "conversation:" + conversationId + "/" + seq + "/text";
    }

    static String metaContext(String conversationId, long seq) {
        return "conversation:" + conversationId + "/" + seq + "/meta";
    }

    // ---- rows ----

    private record Row(String id, long customerId, State state, String lang, String handoffReason,
                       Instant handedOffAt, int messages, Instant createdAt, Instant updatedAt) {
        boolean handedOff() {
            return handedOffAt != null;
        }
    }

    private record StoredMessage(long seq, Author author, String body, String meta, Instant at) {
    }

    private static final String ROW_COLUMNS = "id, customer_id, state, lang, handoff_reason, handed_off_at, "
            + "message_count, created_at, updated_at";

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getString("id").strip(), rs.getLong("customer_id"), state(rs.getString("state")),
                rs.getString("lang").strip(), rs.getString("handoff_reason"), Sql.instant(rs, "handed_off_at"),
                rs.getInt("message_count"), Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"));
    }

    private static State state(String wire) {
        return State.valueOf(wire.strip().toUpperCase(Locale.ROOT));
    }

    private static Author author(String wire) {
        return Author.valueOf(wire.strip().toUpperCase(Locale.ROOT));
    }

    private static Optional<Row> find(Handle h, String id) {
        return h.createQuery("SELECT " + ROW_COLUMNS + " FROM support_conversations WHERE id = :id").bind("id", id)
                .map((rs, ctx) -> row(rs)).findOne();
    }

    private static boolean isStaff(Actor a) {
        return a.is(Role.AGENT) || a.is(Role.ADMIN);
    }

    /**
     * The conversation if {@code actor} may know it exists: its owner, or an agent or admin once it was handed off.
     * Anyone else — and any id that is not one of ours — gets {@code NotFound}, never {@code Forbidden}.
     */
    private Row visible(Handle h, Actor actor, String id) {
        Objects.requireNonNull(actor, "actor");
        Row r = id == null || !ID.matcher(id).matches() ? null : find(h, id).orElse(null);
        if (r == null || !(r.customerId() == actor.accountId() || isStaff(actor) && r.handedOff())) {
            throw new CommerceException.NotFound(KIND, String.valueOf(id));
        }
        return r;
    }

    /** As {@link #visible}, but only to the owner (appending and handing off speak for the owner). */
    private Row owned(Handle h, Actor owner, String id) {
        Row r = visible(h, owner, id);
        if (r.customerId() != owner.accountId()) {
            throw new CommerceException.NotFound(KIND, id);
        }
        return r;
    }

    // ---- opening and reading ----

    @Override
    public Conversation open(Actor customer, String lang) {
        Objects.requireNonNull(customer, "customer");
        if (customer.is(Role.AGENT)) {
            throw new CommerceException.Forbidden("agents answer conversations; they do not open them");
        }
        if (lang == null || !LANGS.contains(lang)) {
            throw new CommerceException.InvalidInput("lang", "must be en or zh");
        }
        String id = UUID.randomUUID().toString();
        Instant now = now();
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO support_conversations (id, customer_id, state, lang, "
                        + "message_count, created_at, updated_at) VALUES (:id, :c, 'open', :lang, 0, :now, :now)")
                .bind("id", id).bind("c", customer.accountId()).bind("lang", lang).bind("now", Sql.at(now))
                .execute());
        return new Conversation(id, customer.accountId(), State.OPEN, lang, null, now, now, List.of());
    }

    @Override
    public Conversation get(Actor actor, String conversationId) {
        Row r = jdbi.withHandle(h -> visible(h, actor, conversationId));
        return withMessages(r, PersonalDataStore.Access.forViewer(actor, r.customerId(),
                actor.accountId() == r.customerId() ? "assistant" : "support"), List.of(KIND + ":" + r.id()));
    }

    @Override
    public Position position(Actor owner, String conversationId) {
        Objects.requireNonNull(owner, "owner");
        Row r = jdbi.withHandle(h -> owned(h, owner, conversationId));
        Optional<StoredMessage> last = jdbi.withHandle(h -> h.createQuery("SELECT seq, author, body, meta, written_at "
                        + "FROM support_messages WHERE conversation_id = :id AND author IN ('assistant', 'agent') "
                        + "ORDER BY seq DESC LIMIT 1").bind("id", r.id())
                .map((rs, ctx) -> storedMessage(rs)).findOne());
        if (last.isEmpty() || last.get().author() != Author.ASSISTANT) {
            return new Position(r.id(), r.state(), r.lang(), Map.of());
        }
        StoredMessage m = last.get();
        Optional<List<String>> opened = sealer.openAll(r.customerId(),
                List.of(new PersonalSealer.Stored(metaContext(r.id(), m.seq()), m.meta())),
                PersonalDataStore.Access.self("assistant"), List.of(KIND + ":" + r.id()));
        return opened.map(o -> new Position(r.id(), r.state(), r.lang(), decodeMeta(o.get(0))))
                .orElseGet(() -> new Position(r.id(), State.CLOSED, r.lang(), Map.of()));
    }

    @Override
    public List<Conversation> mine(Actor owner) {
        Objects.requireNonNull(owner, "owner");
        return mine(owner, PersonalDataStore.Access.self("assistant"));
    }

    /** The owner's conversations as {@link #mine(Actor)}, the read logged with {@code access} (e.g. an export). */
    public List<Conversation> mine(Actor owner, PersonalDataStore.Access access) {
        List<Row> rows = jdbi.withHandle(h -> h.createQuery("SELECT " + ROW_COLUMNS + " FROM support_conversations "
                        + "WHERE customer_id = :c ORDER BY created_at DESC, id").bind("c", owner.accountId())
                .map((rs, ctx) -> row(rs)).list());
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<StoredMessage>> stored = jdbi.withHandle(h -> {
            Map<String, List<StoredMessage>> out = new LinkedHashMap<>();
            h.createQuery("SELECT m.conversation_id, m.seq, m.author, m.body, m.meta, m.written_at "
                            + "FROM support_messages m JOIN support_conversations c ON c.id = m.conversation_id "
                            + "WHERE c.customer_id = :c ORDER BY m.conversation_id, m.seq")
                    .bind("c", owner.accountId())
                    .map((rs, ctx) -> Map.entry(rs.getString("conversation_id").strip(), storedMessage(rs)))
                    .forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
            return out;
        });
        // One read of the owner's data: every message of every conversation opened together, logged once.
        List<PersonalSealer.Stored> all = new ArrayList<>();
        for (Row r : rows) {
            for (StoredMessage m : stored.getOrDefault(r.id(), List.of())) {
                all.add(new PersonalSealer.Stored(textContext(r.id(), m.seq()), m.body()));
                all.add(new PersonalSealer.Stored(metaContext(r.id(), m.seq()), m.meta()));
            }
        }
        Optional<List<String>> opened = sealer.openAll(owner.accountId(), all, access, List.of("conversations"));
        List<Conversation> out = new ArrayList<>();
        int at = 0;
        for (Row r : rows) {
            List<StoredMessage> ms = stored.getOrDefault(r.id(), List.of());
            int from = at;
            at += 2 * ms.size();
            out.add(conversation(r, ms, opened.map(o -> o.subList(from, from + 2 * ms.size())).orElse(null)));
        }
        return out;
    }

    private static StoredMessage storedMessage(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new StoredMessage(rs.getLong("seq"), author(rs.getString("author")), rs.getString("body"),
                rs.getString("meta"), Sql.instant(rs, "written_at"));
    }

    private Conversation withMessages(Row r, PersonalDataStore.Access access, List<String> fields) {
        List<StoredMessage> ms = jdbi.withHandle(h -> h.createQuery("SELECT seq, author, body, meta, written_at "
                        + "FROM support_messages WHERE conversation_id = :id ORDER BY seq").bind("id", r.id())
                .map((rs, ctx) -> storedMessage(rs)).list());
        List<PersonalSealer.Stored> values = new ArrayList<>();
        for (StoredMessage m : ms) {
            values.add(new PersonalSealer.Stored(textContext(r.id(), m.seq()), m.body()));
            values.add(new PersonalSealer.Stored(metaContext(r.id(), m.seq()), m.meta()));
        }
        return conversation(r, ms, sealer.openAll(r.customerId(), values, access, fields).orElse(null));
    }

    /**
     * The conversation with its messages, from the opened values (text, meta, text, meta …); null {@code opened}
     * means the owner was erased: every message reads {@value PersonalSealer#ERASED} and the conversation is
     * closed, whatever its row still says.
     */
    private static Conversation conversation(Row r, List<StoredMessage> ms, List<String> opened) {
        List<Message> messages = new ArrayList<>(ms.size());
        for (int i = 0; i < ms.size(); i++) {
            StoredMessage m = ms.get(i);
            String text = opened == null ? PersonalSealer.ERASED : opened.get(2 * i);
            Map<String, String> meta = opened == null ? Map.of() : decodeMeta(opened.get(2 * i + 1));
            messages.add(new Message(m.seq(), m.author(), text, meta, m.at()));
        }
        return new Conversation(r.id(), r.customerId(), opened == null && !ms.isEmpty() ? State.CLOSED : r.state(),
                r.lang(), r.handoffReason(), r.createdAt(), r.updatedAt(), messages);
    }

    // ---- writing ----

    @Override
    public Message append(Actor owner, String conversationId, Author author, String text, Map<String, String> meta) {
        Objects.requireNonNull(owner, "owner");
        if (author != Author.CUSTOMER && author != Author.ASSISTANT) {
            throw new CommerceException.InvalidInput("author", "must be customer or assistant; agents reply through "
                    + "the agents' queue");
        }
        String body = TextInput.paragraph("text", text, MAX_TEXT);
        String encodedMeta = encodeMeta(meta);
        jdbi.useHandle(h -> owned(h, owner, conversationId));
        return write(conversationId, author, null, body, encodedMeta, decodeMeta(encodedMeta));
    }

    @Override
    public Message reply(Actor agent, String conversationId, String text) {
        Objects.requireNonNull(agent, "agent");
        String body = TextInput.paragraph("text", text, MAX_TEXT);
        Row r = jdbi.withHandle(h -> visible(h, agent, conversationId));
        if (!isStaff(agent)) {
            // The owner (even an admin's own conversation before handoff) writes with append, not reply.
            throw new CommerceException.NotFound(KIND, conversationId);
        }
        if (!r.handedOff()) {
            throw new CommerceException.NotFound(KIND, conversationId);
        }
        return write(r.id(), Author.AGENT, agent.accountId(), body, null, Map.of());
    }

    /** Appends one message in one transaction: the number from the row's count, refused once closed. */
    private Message write(String id, Author author, Long agentId, String text, String encodedMeta,
                          Map<String, String> meta) {
        Instant now = now();
        return jdbi.inTransaction(h -> {
            Row r = find(h, id).orElseThrow(() -> new CommerceException.NotFound(KIND, id));
            int changed = h.createUpdate("UPDATE support_conversations SET message_count = message_count + 1, "
                            + "updated_at = :now WHERE id = :id AND state <> 'closed'")
                    .bind("now", Sql.at(now)).bind("id", id).execute();
            if (changed == 0) {
                throw new CommerceException.Conflict("state", "conversation " + id + " is closed; open a new one");
            }
            long seq = h.createQuery("SELECT message_count FROM support_conversations WHERE id = :id")
                    .bind("id", id).mapTo(Long.class).one();
            h.createUpdate("INSERT INTO support_messages (conversation_id, seq, author, agent_id, body, meta, "
                            + "written_at) VALUES (:id, :seq, :author, :agent, :body, :meta, :at)")
                    .bind("id", id).bind("seq", seq).bind("author", author.wire()).bind("agent", agentId)
                    .bind("body", sealer.seal(r.customerId(), textContext(id, seq), text))
                    .bind("meta", encodedMeta == null ? null
                            : sealer.seal(r.customerId(), metaContext(id, seq), encodedMeta))
                    .bind("at", Sql.at(now)).execute();
            return new Message(seq, author, text, meta, now);
        });
    }

    @Override
    public Conversation handOff(Actor owner, String conversationId, String reason) {
        Objects.requireNonNull(owner, "owner");
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new CommerceException.InvalidInput("reason", "must be a code of 1-40 characters a-z and _ "
                    + "(e.g. customer_request, out_of_scope, complaint, tool_failed)");
        }
        Instant now = now();
        Row r = jdbi.inTransaction(h -> {
            Row current = owned(h, owner, conversationId);
            switch (current.state()) {
                case OPEN -> h.createUpdate("UPDATE support_conversations SET state = 'handed_off', "
                                + "handoff_reason = :r, handed_off_at = :now, updated_at = :now "
                                + "WHERE id = :id AND state = 'open'")
                        .bind("r", reason).bind("now", Sql.at(now)).bind("id", current.id()).execute();
                case HANDED_OFF -> {
                    // Already waiting for an agent: asking again keeps its place in the queue.
                }
                case CLOSED -> throw new CommerceException.Conflict("state", "conversation " + current.id()
                        + " is closed; open a new one");
            }
            return find(h, current.id()).orElseThrow();
        });
        return withMessages(r, PersonalDataStore.Access.self("assistant"), List.of(KIND + ":" + r.id()));
    }

    @Override
    public Conversation close(Actor actor, String conversationId) {
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Row r = jdbi.inTransaction(h -> {
            Row current = visible(h, actor, conversationId);
            h.createUpdate("UPDATE support_conversations SET state = 'closed', updated_at = :now "
                            + "WHERE id = :id AND state <> 'closed'")
                    .bind("now", Sql.at(now)).bind("id", current.id()).execute();
            return find(h, current.id()).orElseThrow();
        });
        return withMessages(r, PersonalDataStore.Access.forViewer(actor, r.customerId(),
                actor.accountId() == r.customerId() ? "assistant" : "support"), List.of(KIND + ":" + r.id()));
    }

    // ---- the agents' queue ----

    @Override
    public Page<QueueEntry> queue(Actor agent, State state, int page, int size) {
        Objects.requireNonNull(agent, "agent");
        if (!isStaff(agent)) {
            throw new CommerceException.Forbidden("only agents and admins see the queue of handed-off conversations");
        }
        if (state == State.OPEN) {
            throw new CommerceException.InvalidInput("state", "the queue holds handed_off or closed conversations");
        }
        Page.check(page, size);
        String where = "WHERE handed_off_at IS NOT NULL" + (state == null ? "" : " AND state = :state");
        return jdbi.withHandle(h -> {
            var count = h.createQuery("SELECT COUNT(*) FROM support_conversations " + where);
            long total = (state == null ? count : count.bind("state", state.wire())).mapTo(Long.class).one();
            var q = h.createQuery("SELECT " + ROW_COLUMNS + " FROM support_conversations " + where
                            + " ORDER BY handed_off_at, id LIMIT :n OFFSET :o")
                    .bind("n", size).bind("o", (long) page * size);
            List<QueueEntry> items = (state == null ? q : q.bind("state", state.wire()))
                    .map((rs, ctx) -> row(rs))
                    .map(r -> new QueueEntry(r.id(), r.customerId(), r.state(), r.lang(), r.handoffReason(),
                            r.messages(), r.createdAt(), r.updatedAt()))
                    .list();
            return new Page<>(items, page, size, total);
        });
    }

    // ---- meta ----

    /**
     * Checks meta (field {@code meta}, or {@code meta.<key>} for a value: one line each, trimmed) and encodes it for
     * sealing: canonical CBOR in base64; null when empty.
     */
    static String encodeMeta(Map<String, String> meta) {
        if (meta == null || meta.isEmpty()) {
            return null;
        }
        if (meta.size() > MAX_META_ENTRIES) {
            throw new CommerceException.InvalidInput("meta", "at most " + MAX_META_ENTRIES + " entries");
        }
        int total = 0;
        Map<String, String> clean = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey() == null || !META_KEY.matcher(e.getKey()).matches()) {
                throw new CommerceException.InvalidInput("meta", "keys are 1-64 characters A-Z a-z 0-9 _ . -");
            }
            String field = "meta." + e.getKey();
            String v = e.getValue();
            if (v == null) {
                throw new CommerceException.InvalidInput(field, "is required (use an empty text for none)");
            }
            String value = TextInput.line(field, v, 0, MAX_META_VALUE);
            clean.put(e.getKey(), value);
            total += value.length();
        }
        if (total > MAX_META_TOTAL) {
            throw new CommerceException.InvalidInput("meta", "values add up to more than " + MAX_META_TOTAL
                    + " characters");
        }
        return Base64.getEncoder().encodeToString(CborMap.of(clean).encode());
    }

    static Map<String, String> decodeMeta(String encoded) {
        if (encoded == null || encoded.equals(PersonalSealer.ERASED)) {
            return Map.of();
        }
        CborMap m = CborMap.parse(Base64.getDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII)));
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : m.fields()) {
            out.put(k, m.text(k));
        }
        return out;
    }
}
