package org.trustmall.assistant;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.trustmall.ai.intent.IntentPrediction;
import org.trustmall.assistant.knowledge.Hit;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.personal.PrivacyService;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.support.SupportService;
import org.trustmall.commerce.support.SupportService.Author;
import org.trustmall.commerce.support.SupportService.Conversation;

/**
 * The customer-service assistant. For each message of the signed-in person it finds the language, the intent (or
 * rejects the message as out of scope), and answers: from the person's own orders through the commerce services —
 * called with the person's session, so a number naming somebody else's order finds nothing — from the policy and
 * FAQ documents and the catalogue, with the passage cited, or by handing the conversation to a human agent.
 * Anything that changes an order (a cancellation, a return) is proposed first and done only when the person
 * confirms in their next message. Every message is kept, sealed, in the person's conversation. An external language
 * model, when configured, may only reword the answer. Thread-safe.
 */
public final class Assistant {
    /** Longest message accepted, in characters. */
    public static final int MAX_TEXT = 2000;
    /** Out-of-scope messages in a row after which the conversation goes to an agent. */
    static final int OUT_OF_SCOPE_HANDOFF = 2;

    private static final Logger LOG = Logger.getLogger(Assistant.class.getName());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC);
    private static final String PENDING = "pending";
    private static final String OOS_STREAK = "oos_streak";
    private static final Set<OrderState> CANCELLABLE = EnumSet.of(OrderState.CREATED, OrderState.PAID);
    private static final Set<OrderState> RETURNABLE = EnumSet.of(OrderState.DELIVERED, OrderState.COMPLETED);
    private static final Set<OrderState> SENT = EnumSet.of(OrderState.SHIPPED, OrderState.DELIVERED,
            OrderState.COMPLETED);

    private final Commerce commerce;
    private final Map<String, IntentModel> intents;
    private final Knowledge knowledge;
    private final Composer composer;

    /**
     * @param intents   one intent model per language ({@code en}, {@code zh})
     * @param knowledge the documents and the catalogue
     * @param composer  the optional external model ({@link Composer#NONE} without one)
     */
    public Assistant(Commerce commerce, Map<String, IntentModel> intents, Knowledge knowledge, Composer composer) {
        this.commerce = Objects.requireNonNull(commerce, "commerce");
        this.intents = Map.copyOf(intents);
        this.knowledge = Objects.requireNonNull(knowledge, "knowledge");
        this.composer = Objects.requireNonNull(composer, "composer");
        for (String lang : Language.ALL) {
            if (!this.intents.containsKey(lang)) {
                throw new IllegalArgumentException("no intent model for " + lang);
            }
        }
    }

    /** What the person sent: {@code conversationId} null to start a conversation, {@code lang} null to detect it. */
    public record Request(String conversationId, String text, String lang) {
    }

    /** Answers one message of the signed-in {@code person}, in their conversation (a new one when none is named). */
    public Reply handle(Actor person, Request request) {
        String text = request.text() == null ? "" : request.text().strip();
        if (text.isEmpty()) {
            throw new CommerceException.InvalidInput("text", "must not be empty");
        }
        if (text.length() > MAX_TEXT) {
            throw new CommerceException.InvalidInput("text", "must be at most " + MAX_TEXT + " characters");
        }
        String lang = Language.choose(request.lang(), text);
        SupportService support = commerce.support();
        SupportService.Position conversation;
        if (request.conversationId() == null) {
            Conversation opened = support.open(person, lang);
            conversation = new SupportService.Position(opened.id(), opened.state(), opened.lang(), Map.of());
        } else {
            conversation = support.position(person, request.conversationId());
        }
        if (conversation.state() == SupportService.State.CLOSED) {
            throw new CommerceException.Conflict("conversationId", "the conversation is closed; start a new one");
        }
        Map<String, String> previous = conversation.lastAssistantMeta();
        support.append(person, conversation.id(), Author.CUSTOMER, text, Map.of());

        Turn turn = conversation.state() == SupportService.State.HANDED_OFF
                ? new Turn(lang, Texts.get(lang, "waiting"), null, 0)
                : answer(person, conversation.id(), lang, text, previous);
        if (!turn.handoff && conversation.state() != SupportService.State.HANDED_OFF) {
            turn.text = reword(person, lang, text, turn);
        }
        boolean handedOff = turn.handoff || conversation.state() == SupportService.State.HANDED_OFF;
        support.append(person, conversation.id(), Author.ASSISTANT, turn.text, turn.meta());
        return new Reply(conversation.id(), lang, turn.text, turn.intent, turn.confidence, turn.actions,
                turn.citations, handedOff);
    }

    // ---- one turn ----

    /** What the assistant decided for one message; mutable while it is being put together. */
    private static final class Turn {
        final String lang;
        String text;
        final String intent;
        final double confidence;
        final List<Action> actions = new ArrayList<>();
        final List<Citation> citations = new ArrayList<>();
        final List<String> context = new ArrayList<>();
        String pending;
        int outOfScopeStreak;
        boolean handoff;

        Turn(String lang, String text, String intent, double confidence) {
            this.lang = lang;
            this.text = text;
            this.intent = intent;
            this.confidence = confidence;
        }

        void cite(Hit hit) {
            String passage = hit.passage().text();
            citations.add(new Citation(hit.passage().source(), hit.passage().title(),
                    passage.length() <= 300 ? passage : passage.substring(0, 297) + "..."));
            context.add(passage);
        }

        Map<String, String> meta() {
            Map<String, String> m = new LinkedHashMap<>();
            m.put("intent", intent == null ? "out_of_scope" : intent);
            m.put("confidence", String.format(java.util.Locale.ROOT, "%.4f", confidence));
            if (!actions.isEmpty()) {
                m.put("actions", actions.stream().map(a -> a.kind() + ":" + a.status())
                        .collect(Collectors.joining(",")));
            }
            if (!citations.isEmpty()) {
                m.put("citations", citations.stream().map(Citation::source).collect(Collectors.joining(",")));
            }
            if (pending != null) {
                m.put(PENDING, pending);
            }
            if (outOfScopeStreak > 0) {
                m.put(OOS_STREAK, Integer.toString(outOfScopeStreak));
            }
            return m;
        }
    }

    private Turn answer(Actor person, String conversationId, String lang, String text, Map<String, String> previous) {
        String pending = previous.get(PENDING);
        if (pending != null) {
            if (Texts.affirmative(text)) {
                return confirm(person, lang, pending);
            }
            if (Texts.negative(text)) {
                return new Turn(lang, Texts.get(lang, "declined"), pending.substring(0, pending.indexOf(':')), 1.0);
            }
        }
        IntentPrediction p = intents.get(lang).classify(text);
        if (p.rejected()) {
            return outOfScope(person, conversationId, lang, text, p, previous);
        }
        Turn t = new Turn(lang, "", p.best(), p.confidence());
        OptionalLong orderNo = OrderNumbers.find(text);
        try {
            switch (p.best()) {
                case "order_status" -> orderStatus(person, t, orderNo);
                case "shipment_tracking" -> tracking(person, t, orderNo);
                case "cancel_order" -> proposeCancel(person, t, orderNo, text);
                case "return_refund" -> proposeReturn(person, t, orderNo, text);
                case "change_address" -> changeAddress(person, t, orderNo, text);
                case "payment_problem" -> payment(person, t, orderNo, text);
                case "product_question" -> products(t, text);
                case "complaint" -> handOff(person, conversationId, t, "complaint", "complaint");
                case "talk_to_human" -> handOff(person, conversationId, t, "customer_request", "handoff");
                case "privacy_export" -> export(person, t);
                case "privacy_erasure" -> documented(t, text, "erasure");
                case "privacy_consent" -> consents(person, t, text);
                case "greeting" -> t.text = Texts.get(lang, "greeting");
                case "thanks" -> t.text = Texts.get(lang, "thanks");
                default -> documented(t, text, "no_answer");
            }
        } catch (CommerceException.Forbidden | CommerceException.Unauthenticated e) {
            t.text = Texts.get(lang, "refused_role");
            t.actions.add(Action.of(p.best(), Action.REFUSED, Map.of()));
        }
        return t;
    }

    private Turn outOfScope(Actor person, String conversationId, String lang, String text, IntentPrediction p,
                            Map<String, String> previous) {
        Optional<Hit> documented = knowledge.answer(text, lang);
        if (documented.isPresent()) {
            Turn t = new Turn(lang, documented.get().passage().text(), null, p.confidence());
            t.cite(documented.get());
            return t;
        }
        int streak = Integer.parseInt(previous.getOrDefault(OOS_STREAK, "0")) + 1;
        Turn t = new Turn(lang, "", null, p.confidence());
        if (streak >= OUT_OF_SCOPE_HANDOFF) {
            handOff(person, conversationId, t, "out_of_scope", "out_of_scope_handoff");
        } else {
            t.text = Texts.get(lang, "out_of_scope");
            t.outOfScopeStreak = streak;
        }
        return t;
    }

    // ---- tools: every one reads and acts through commerce with the person's own session ----

    private Optional<Order> order(Actor person, Turn t, long number, String kind) {
        try {
            return Optional.of(commerce.orders().get(person, number));
        } catch (CommerceException.NotFound e) {
            t.text = Texts.get(t.lang, "not_found", number);
            t.actions.add(Action.of(kind, Action.NOT_FOUND, Map.of("order_id", Long.toString(number))));
            return Optional.empty();
        }
    }

    private List<Order> recent(Actor person, int n) {
        return commerce.orders().list(person, 0, n).items();
    }

    private void orderStatus(Actor person, Turn t, OptionalLong number) {
        if (number.isPresent()) {
            order(person, t, number.getAsLong(), "order_status").ifPresent(o -> {
                t.text = describe(t.lang, o) + " " + Texts.get(t.lang, "ledger", o.ledger().size());
                t.actions.add(orderAction("order_status", Action.DONE, o));
                t.context.add(t.text);
            });
            return;
        }
        List<Order> orders = recent(person, 3);
        if (orders.isEmpty()) {
            t.text = Texts.get(t.lang, "no_orders");
            return;
        }
        StringBuilder b = new StringBuilder(Texts.get(t.lang, "orders_intro"));
        for (Order o : orders) {
            b.append('\n').append(describe(t.lang, o));
            t.actions.add(orderAction("order_status", Action.DONE, o));
        }
        t.text = b.toString();
        t.context.add(t.text);
    }

    private void tracking(Actor person, Turn t, OptionalLong number) {
        Optional<Order> order;
        if (number.isPresent()) {
            order = order(person, t, number.getAsLong(), "shipment_tracking");
            if (order.isEmpty()) {
                return;
            }
        } else {
            List<Order> orders = recent(person, 20);
            if (orders.isEmpty()) {
                t.text = Texts.get(t.lang, "no_orders");
                return;
            }
            order = orders.stream().filter(o -> o.shipment() != null).findFirst().or(() -> Optional.of(orders.get(0)));
        }
        Order o = order.get();
        OrderService.Shipment s = o.shipment();
        if (s == null) {
            t.text = Texts.get(t.lang, "no_shipment", o.id(), Texts.state(t.lang, o.state()));
        } else if (s.events().isEmpty()) {
            t.text = Texts.get(t.lang, "shipment_no_events", o.id(), s.carrier(), s.trackingNumber());
        } else {
            OrderService.ShipmentEvent last = s.events().get(s.events().size() - 1);
            String where = last.location() == null || last.location().isBlank() ? "" : " (" + last.location() + ")";
            t.text = Texts.get(t.lang, "shipment", o.id(), s.carrier(), s.trackingNumber(), last.kind(), where,
                    DAY.format(last.occurredAt()));
        }
        List<OrderService.LedgerRef> shipmentRefs = o.ledger().stream()
                .filter(r -> r.kind().startsWith("shipment")).toList();
        if (!shipmentRefs.isEmpty()) {
            t.text += " " + Texts.get(t.lang, "ledger", shipmentRefs.size());
        }
        Map<String, String> d = new LinkedHashMap<>();
        d.put("order_id", Long.toString(o.id()));
        d.put("state", o.state().wire());
        if (s != null) {
            d.put("carrier", s.carrier());
            d.put("tracking_number", s.trackingNumber());
        }
        t.actions.add(new Action("shipment_tracking", Action.DONE, d, ledger(shipmentRefs)));
        t.context.add(t.text);
    }

    /**
     * The order a request is about: the one named, else the person's only order the request could apply to. With
     * none or several, the documented policy is the answer (a question like "how long do I have to return an
     * item?" is one), followed by asking which order when there is a choice.
     */
    private Optional<Order> choose(Actor person, Turn t, OptionalLong number, Set<OrderState> eligible,
                                   String kind, String text) {
        if (number.isPresent()) {
            return order(person, t, number.getAsLong(), kind);
        }
        List<Order> candidates = recent(person, 20).stream().filter(o -> eligible.contains(o.state())).toList();
        if (candidates.size() == 1) {
            return Optional.of(candidates.get(0));
        }
        Optional<Hit> policy = knowledge.answer(text, t.lang);
        StringBuilder b = new StringBuilder();
        policy.ifPresent(h -> {
            b.append(h.passage().text());
            t.cite(h);
        });
        if (candidates.size() > 1) {
            b.append(b.isEmpty() ? "" : "\n").append(Texts.get(t.lang, "which_order"));
        } else if (policy.isEmpty()) {
            b.append(Texts.get(t.lang, recent(person, 1).isEmpty() ? "no_orders" : "which_order"));
        }
        t.text = b.toString();
        return Optional.empty();
    }

    private void proposeCancel(Actor person, Turn t, OptionalLong number, String text) {
        propose(person, t, number, text, "cancel_order", CANCELLABLE, "cannot_cancel", o -> Texts.get(t.lang,
                "confirm_cancel", o.id(), summary(t.lang, o),
                o.state() == OrderState.PAID ? Texts.get(t.lang, "refund_note") : ""));
    }

    private void proposeReturn(Actor person, Turn t, OptionalLong number, String text) {
        propose(person, t, number, text, "return_refund", RETURNABLE, "not_returnable",
                o -> Texts.get(t.lang, "confirm_return", o.id(), summary(t.lang, o)));
    }

    /**
     * Proposes {@code kind} for the order the person means, to be done when they confirm; an order whose state
     * does not allow it is refused with the {@code refusal} phrase and the policy cited.
     */
    private void propose(Actor person, Turn t, OptionalLong number, String text, String kind,
                         Set<OrderState> allowed, String refusal, Function<Order, String> ask) {
        choose(person, t, number, allowed, kind, text).ifPresent(o -> {
            if (!allowed.contains(o.state())) {
                t.text = Texts.get(t.lang, refusal, o.id(), Texts.state(t.lang, o.state()));
                t.actions.add(orderAction(kind, Action.REFUSED, o));
                knowledge.answer(text, t.lang).ifPresent(t::cite);
                return;
            }
            t.text = ask.apply(o);
            t.actions.add(orderAction(kind, Action.PROPOSED, o));
            t.pending = kind + ":" + o.id();
        });
    }

    private Turn confirm(Actor person, String lang, String pending) {
        int colon = pending.indexOf(':');
        String kind = pending.substring(0, colon);
        long orderId = Long.parseLong(pending.substring(colon + 1));
        Turn t = new Turn(lang, "", kind, 1.0);
        try {
            if (kind.equals("cancel_order")) {
                Order o = commerce.orders().cancel(person, orderId, "cancelled through the customer-service assistant");
                t.text = Texts.get(lang, "cancelled", o.id(), Texts.state(lang, o.state()));
                t.actions.add(orderAction(kind, Action.DONE, o));
            } else {
                Order o = commerce.orders().get(person, orderId);
                List<ReturnService.LineRequest> lines = new ArrayList<>();
                for (int i = 0; i < o.lines().size(); i++) {
                    lines.add(new ReturnService.LineRequest(i, o.lines().get(i).quantity()));
                }
                ReturnService.Return r = commerce.returns().request(person, orderId,
                        new ReturnService.ReturnRequest(lines, "requested through the customer-service assistant"));
                t.text = Texts.get(lang, "returned", r.id(), orderId);
                t.actions.add(new Action(kind, Action.DONE, Map.of("order_id", Long.toString(orderId),
                        "return_id", Long.toString(r.id()), "state", r.state().wire()), ledger(r.ledger())));
            }
        } catch (CommerceException.NotFound e) {
            t.text = Texts.get(lang, "not_found", orderId);
            t.actions.add(Action.of(kind, Action.NOT_FOUND, Map.of("order_id", Long.toString(orderId))));
        } catch (CommerceException.Conflict e) {
            t.text = kind.equals("cancel_order")
                    ? Texts.get(lang, "cannot_cancel", orderId, currentState(person, lang, orderId))
                    : Texts.get(lang, "cannot_return", orderId, e.getMessage());
            t.actions.add(Action.of(kind, Action.REFUSED, Map.of("order_id", Long.toString(orderId))));
        } catch (CommerceException.Forbidden e) {
            t.text = Texts.get(lang, "refused_role");
            t.actions.add(Action.of(kind, Action.REFUSED, Map.of("order_id", Long.toString(orderId))));
        }
        return t;
    }

    private String currentState(Actor person, String lang, long orderId) {
        try {
            return Texts.state(lang, commerce.orders().get(person, orderId).state());
        } catch (CommerceException e) {
            return "?";
        }
    }

    private void changeAddress(Actor person, Turn t, OptionalLong number, String text) {
        documented(t, text, "no_answer");
        if (number.isPresent()) {
            order(person, t, number.getAsLong(), "change_address").ifPresent(o -> {
                if (CANCELLABLE.contains(o.state())) {
                    t.text += "\n" + Texts.get(t.lang, "address_order", o.id());
                } else {
                    t.text += "\n" + Texts.get(t.lang, "payment_order", o.id(), Texts.state(t.lang, o.state()));
                }
                t.actions.add(orderAction("change_address", Action.DONE, o));
            });
        }
    }

    private void payment(Actor person, Turn t, OptionalLong number, String text) {
        documented(t, text, "no_answer");
        if (number.isPresent()) {
            order(person, t, number.getAsLong(), "payment_problem").ifPresent(o -> {
                t.text += "\n" + Texts.get(t.lang, "payment_order", o.id(), Texts.state(t.lang, o.state()));
                t.actions.add(orderAction("payment_problem", Action.DONE, o));
            });
        }
    }

    private void products(Turn t, String text) {
        List<Hit> hits = knowledge.products(text, t.lang, 3);
        if (hits.isEmpty()) {
            documented(t, text, "no_products");
            return;
        }
        StringBuilder b = new StringBuilder(Texts.get(t.lang, "products"));
        for (Hit h : hits) {
            b.append("\n- ").append(h.passage().title());
            t.cite(h);
        }
        t.text = b.toString();
    }

    /** Answers from the documents, citing the passage; {@code fallbackKey}'s phrase when none is relevant. */
    private void documented(Turn t, String text, String fallbackKey) {
        Optional<Hit> hit = knowledge.answer(text, t.lang);
        if (hit.isPresent()) {
            t.text = hit.get().passage().text();
            t.cite(hit.get());
        } else {
            t.text = Texts.get(t.lang, fallbackKey);
        }
    }

    private void export(Actor person, Turn t) {
        PrivacyService.Export e = commerce.privacy().export(person);
        t.text = Texts.get(t.lang, "export", e.orders().size(), e.reviews().size(), e.consents().size(),
                e.accessLog().size(), "/api/v1/me/export");
        t.actions.add(Action.of("privacy_export", Action.DONE, Map.of("download", "/api/v1/me/export",
                "orders", Integer.toString(e.orders().size()))));
    }

    private void consents(Actor person, Turn t, String text) {
        List<ConsentService.Consent> list = commerce.consents().list(person);
        String summary = list.stream().map(c -> c.purpose() + (c.granted()
                        ? (Language.ZH.equals(t.lang) ? "：已同意" : ": granted")
                        : (Language.ZH.equals(t.lang) ? "：未同意" : ": not granted")))
                .collect(Collectors.joining(Language.ZH.equals(t.lang) ? "；" : "; "));
        t.text = Texts.get(t.lang, "consents", summary);
        Map<String, String> d = new LinkedHashMap<>();
        list.forEach(c -> d.put(c.purpose(), Boolean.toString(c.granted())));
        t.actions.add(Action.of("privacy_consent", Action.DONE, d));
        knowledge.answer(text, t.lang).ifPresent(t::cite);
    }

    private void handOff(Actor person, String conversationId, Turn t, String reason, String phrase) {
        commerce.support().handOff(person, conversationId, reason);
        t.text = Texts.get(t.lang, phrase);
        t.handoff = true;
        t.actions.add(Action.of("handoff", Action.DONE, Map.of("reason", reason)));
    }

    // ---- helpers ----

    private String reword(Actor person, String lang, String question, Turn turn) {
        if (turn.context.isEmpty() || turn.pending != null) {
            return turn.text;
        }
        try {
            return composer.compose(person.accountId(), lang, question, turn.text, turn.context)
                    .filter(s -> !s.isBlank()).orElse(turn.text);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the external language model failed ({0}); the assistant's own wording is used",
                    e.getClass().getSimpleName());
            return turn.text;
        }
    }

    private static String summary(String lang, Order o) {
        int items = o.lines().stream().mapToInt(OrderService.Line::quantity).sum();
        String first = o.lines().isEmpty() ? "" : o.lines().get(0).title();
        String more = o.lines().size() > 1 ? (Language.ZH.equals(lang) ? " 等" : " and more") : "";
        return (Language.ZH.equals(lang) ? items + " 件商品：" : items + (items == 1 ? " item: " : " items: "))
                + first + more;
    }

    private static String describe(String lang, Order o) {
        return Texts.get(lang, "order", o.id(), Texts.state(lang, o.state()), summary(lang, o),
                Texts.money(o.total()), DAY.format(o.createdAt()));
    }

    private static Action orderAction(String kind, String status, Order o) {
        return new Action(kind, status, Map.of("order_id", Long.toString(o.id()), "state", o.state().wire()),
                ledger(o.ledger()));
    }

    private static List<Action.LedgerEntry> ledger(List<OrderService.LedgerRef> refs) {
        return refs.stream().map(r -> new Action.LedgerEntry(r.kind(), r.transactionId(), r.height())).toList();
    }
}
