package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.address;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.assistant.Assistants;
import org.trustmall.assistant.llm.LanguageModel;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.ledger.crypto.Hash;

/**
 * The customer-service assistant over real HTTP, with the real encoders and the trained intent classifiers: English
 * and Chinese dialogues about the buyer's own orders (with the ledger's inclusion proofs), a cancellation and a
 * return done only after the buyer confirms, policy answers that cite their passage, out-of-scope rejection and
 * handoff into the agents' queue — and nothing at all about another person's order.
 */
class AssistantHttpTest {
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String merchant;
    static String agent;
    static int buyers;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER,
                commerce -> Optional.of(Assistants.open(commerce, LanguageModel.none())));
        http = p.http;
        merchant = register(http, "assistant-shop@example.com", "merchant", "Kettle Shop");
        ok(http.post("/api/v1/products", merchant, Map.of("title", "Electric kettle 1.7 L",
                "description", "Stainless steel electric kettle with automatic shut-off, boils water fast",
                "category", "home", "variants", List.of(Map.of("sku", "KET-A", "price",
                        Map.of("amount", 12_900, "currency", "CNY"), "stock", 100)))));
        ok(http.post("/api/v1/products", merchant, Map.of("title", "Hiking backpack 30 L",
                "description", "Waterproof backpack for day hikes with a padded laptop sleeve",
                "category", "sports", "variants", List.of(Map.of("sku", "BAG-A", "price",
                        Map.of("amount", 25_900, "currency", "CNY"), "stock", 100)))));
        p.commerce.accounts().createUser(new AccountService.Registration("root@assistant.example",
                "correct horse battery", Role.ADMIN, "Root"));
        String admin = login("root@assistant.example");
        agent = register(http, "agent@assistant.example", "buyer", "Agent Lin");
        long agentId = http.get("/api/v1/auth/me", agent).json().get("id").asLong();
        ok(http.post("/api/v1/admin/agents", admin, Map.of("accountId", agentId)));
        agent = login("agent@assistant.example");
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static String login(String email) {
        Http.Response r = http.post("/api/v1/auth/login", null, Map.of("email", email,
                "password", "correct horse battery"));
        assertEquals(200, r.status(), r::toString);
        return r.json().get("token").asText();
    }

    private static JsonNode ok(Http.Response r) {
        assertTrue(r.status() == 200 || r.status() == 201, r::toString);
        return r.json();
    }

    private static String buyer() {
        int n = ++buyers;
        return register(http, "assistant-buyer" + n + "@example.com", "buyer", "Buyer " + n);
    }

    /** An order of one kettle, paid; shipped and delivered when asked. */
    private static long order(String buyer, boolean ship, boolean deliver) {
        int n = ++buyers;
        ok(http.post("/api/v1/cart/items", buyer, Map.of("sku", "KET-A", "quantity", 1)));
        long id = http.post("/api/v1/orders", buyer, Map.of("shippingAddress", address()),
                Map.of("Idempotency-Key", "assistant-checkout-" + n)).json().get("orders").get(0).get("id").asLong();
        ok(http.post("/api/v1/orders/" + id + "/pay", buyer, Map.of("cardNumber", "4242424242424242"),
                Map.of("Idempotency-Key", "assistant-pay-" + n)));
        if (ship) {
            ok(http.post("/api/v1/orders/" + id + "/ship", merchant,
                    Map.of("carrier", "SF Express", "trackingNumber", "SF" + (1000 + n))));
            ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant,
                    Map.of("kind", "picked_up", "location", "Shenzhen")));
        }
        if (deliver) {
            ok(http.post("/api/v1/orders/" + id + "/shipment-events", merchant, Map.of("kind", "delivered")));
        }
        return id;
    }

    private static JsonNode say(String token, String conversationId, String text) {
        Map<String, Object> body = new HashMap<>();
        body.put("text", text);
        if (conversationId != null) {
            body.put("conversationId", conversationId);
        }
        Http.Response r = http.post("/api/v1/assistant/messages", token, body);
        assertEquals(200, r.status(), r::toString);
        return r.json();
    }

    private static JsonNode action(JsonNode reply, String kind) {
        for (JsonNode a : reply.get("actions")) {
            if (a.get("kind").asText().equals(kind)) {
                return a;
            }
        }
        throw new AssertionError("no " + kind + " action in " + reply);
    }

    @Test
    void anEnglishDialogueAnswersFromTheBuyersOwnOrderWithLedgerProofs() {
        String buyer = buyer();
        long id = order(buyer, true, false);
        JsonNode first = say(buyer, null, "Hi, what's the status of order " + id + "?");
        assertEquals("en", first.get("lang").asText());
        assertEquals("order_status", first.get("intent").asText(), first::toString);
        assertTrue(first.get("reply").asText().contains("shipped"), first::toString);
        JsonNode status = action(first, "order_status");
        assertEquals("done", status.get("status").asText());
        assertEquals(Long.toString(id), status.get("details").get("order_id").asText());
        JsonNode entry = status.get("ledger").get(0);
        assertEquals(entry.get("transactionId").asText(), entry.get("proof").get("transaction").get("id").asText());
        assertTrue(p.ledger.proof(Hash.fromHex(entry.get("transactionId").asText())).isPresent());

        String conversation = first.get("conversationId").asText();
        JsonNode tracking = say(buyer, conversation, "where is my parcel now? has it left the warehouse");
        assertEquals("shipment_tracking", tracking.get("intent").asText(), tracking::toString);
        assertTrue(tracking.get("reply").asText().contains("SF Express"), tracking::toString);
        assertEquals(conversation, tracking.get("conversationId").asText());

        JsonNode history = ok(http.get("/api/v1/assistant/conversations/" + conversation, buyer));
        assertEquals(4, history.get("messages").size(), history::toString);
    }

    @Test
    void aChineseDialogueStartsAReturnOnlyAfterTheBuyerConfirms() {
        String buyer = buyer();
        long id = order(buyer, true, true);
        JsonNode ask = say(buyer, null, "订单" + id + "的水壶不好用，我想退货退款");
        assertEquals("zh", ask.get("lang").asText());
        assertEquals("return_refund", ask.get("intent").asText(), ask::toString);
        assertEquals("proposed", action(ask, "return_refund").get("status").asText());
        assertEquals(0, ok(http.get("/api/v1/orders/" + id + "/returns", buyer)).size(),
                "nothing is done before the buyer confirms");

        JsonNode done = say(buyer, ask.get("conversationId").asText(), "是的");
        assertEquals("done", action(done, "return_refund").get("status").asText(), done::toString);
        JsonNode returns = ok(http.get("/api/v1/orders/" + id + "/returns", buyer));
        assertEquals(1, returns.size());
        assertEquals("requested", returns.get(0).get("state").asText());
        assertTrue(done.get("reply").asText().contains(Long.toString(id)), done::toString);
    }

    @Test
    void aCancellationIsProposedConfirmedAndRefundedButADeclinedOneChangesNothing() {
        String buyer = buyer();
        long kept = order(buyer, false, false);
        JsonNode ask = say(buyer, null, "Please cancel order " + kept);
        assertEquals("cancel_order", ask.get("intent").asText(), ask::toString);
        say(buyer, ask.get("conversationId").asText(), "no thanks");
        assertEquals("paid", ok(http.get("/api/v1/orders/" + kept, buyer)).get("state").asText());

        JsonNode again = say(buyer, null, "I want to cancel my order " + kept);
        JsonNode done = say(buyer, again.get("conversationId").asText(), "yes");
        assertEquals("done", action(done, "cancel_order").get("status").asText(), done::toString);
        assertEquals("refunded", ok(http.get("/api/v1/orders/" + kept, buyer)).get("state").asText());

        long shipped = order(buyer, true, false);
        JsonNode late = say(buyer, null, "cancel order " + shipped + " please");
        assertEquals("refused", action(late, "cancel_order").get("status").asText(), late::toString);
        assertEquals("shipped", ok(http.get("/api/v1/orders/" + shipped, buyer)).get("state").asText());
    }

    @Test
    void askingAboutAnotherPersonsOrderYieldsNothingAboutItInEitherLanguage() {
        String owner = buyer();
        long id = order(owner, false, false);
        String other = buyer();
        for (String text : List.of("where is order " + id, "cancel order " + id, "订单" + id + "到哪了",
                "I want to return order " + id)) {
            JsonNode r = say(other, null, text);
            String all = r.toString();
            assertFalse(all.contains("kettle") || all.contains("Kettle") || all.contains("水壶"), all);
            assertFalse(all.contains("paid") && !all.contains("not_found"), all);
            for (JsonNode a : r.get("actions")) {
                assertEquals("not_found", a.get("status").asText(), all);
                assertEquals(0, a.get("ledger").size(), all);
            }
        }
        JsonNode confirm = say(other, say(other, null, "cancel order " + id).get("conversationId").asText(), "yes");
        assertTrue(confirm.get("actions").isEmpty() || action(confirm, "cancel_order").get("status").asText()
                .equals("not_found"), confirm::toString);
        assertEquals("paid", ok(http.get("/api/v1/orders/" + id, owner)).get("state").asText());
    }

    @Test
    void policyQuestionsAreAnsweredWithTheCitedPassageInBothLanguages() {
        String buyer = buyer();
        JsonNode en = say(buyer, null, "How many days do I have to send an item back for a refund?");
        assertTrue(en.get("citations").size() > 0, en::toString);
        assertTrue(en.get("citations").get(0).get("source").asText().startsWith("doc:returns"), en::toString);
        JsonNode zh = say(buyer, null, "收到货以后多少天内可以退货？");
        assertTrue(zh.get("citations").get(0).get("source").asText().startsWith("doc:returns"), zh::toString);
        JsonNode product = say(buyer, null, "Do you sell a kettle to boil water?");
        assertEquals("product_question", product.get("intent").asText(), product::toString);
        assertTrue(product.get("citations").get(0).get("source").asText().startsWith("product:"), product::toString);
        assertTrue(product.get("reply").asText().contains("Electric kettle"), product::toString);
    }

    @Test
    void outOfScopeMessagesAreRejectedAndTheSecondInARowGoesToAnAgentWhoCanReply() {
        String buyer = buyer();
        JsonNode first = say(buyer, null, "What's the weather going to be like in Paris tomorrow?");
        assertFalse(first.has("intent"), first::toString);
        assertFalse(first.get("handedOff").asBoolean());
        String conversation = first.get("conversationId").asText();
        JsonNode second = say(buyer, conversation, "Can you recommend a good recipe for lasagna?");
        assertFalse(second.has("intent"), second::toString);
        assertTrue(second.get("handedOff").asBoolean(), second::toString);

        JsonNode queue = ok(http.get("/api/v1/agent/conversations?size=100", agent));
        boolean queued = false;
        for (JsonNode e : queue.get("items")) {
            queued |= e.get("id").asText().equals(conversation);
        }
        assertTrue(queued, queue::toString);
        ok(http.post("/api/v1/agent/conversations/" + conversation + "/replies", agent,
                Map.of("text", "Hello, I'm Lin from customer service. How can I help?")));
        JsonNode waiting = say(buyer, conversation, "thanks, I have a question about my account");
        assertTrue(waiting.get("handedOff").asBoolean());
        assertTrue(waiting.get("actions").isEmpty(), "the assistant no longer acts once an agent has it");
        JsonNode history = ok(http.get("/api/v1/agent/conversations/" + conversation, agent));
        assertTrue(history.toString().contains("question about my account"), history::toString);
    }

    @Test
    void theDataExportAndConsentsAreThePersonsOwn() {
        String someoneElse = buyer();
        order(someoneElse, false, false);
        order(someoneElse, false, false);
        String buyer = buyer();
        order(buyer, false, false);
        JsonNode export = say(buyer, null, "I would like a copy of all the personal data you hold about me");
        assertEquals("privacy_export", export.get("intent").asText(), export::toString);
        JsonNode action = action(export, "privacy_export");
        assertEquals("done", action.get("status").asText());
        assertEquals("1", action.get("details").get("orders").asText(), "only the asker's own order");
        assertTrue(export.get("reply").asText().contains("/api/v1/me/export"), export::toString);

        JsonNode consents = say(buyer, null, "我想查看和修改我的隐私授权设置");
        assertEquals("privacy_consent", consents.get("intent").asText(), consents::toString);
        assertTrue(action(consents, "privacy_consent").get("details").has("external_ai"), consents::toString);
    }

    @Test
    void askingForAHumanInChineseHandsOffAtOnce() {
        String buyer = buyer();
        JsonNode r = say(buyer, null, "我要转人工客服");
        assertEquals("talk_to_human", r.get("intent").asText(), r::toString);
        assertTrue(r.get("handedOff").asBoolean());
        assertEquals("handoff", action(r, "handoff").get("kind").asText());
    }

    @Test
    void badInputIsAProblemNamingTheFieldAndAForeignConversationIsNotFound() {
        String buyer = buyer();
        Http.Response empty = http.post("/api/v1/assistant/messages", buyer, Map.of("text", " "));
        assertEquals(422, empty.status(), empty::toString);
        assertTrue(empty.isProblem());
        assertTrue(empty.body().contains("text"), empty::toString);
        Http.Response lang = http.post("/api/v1/assistant/messages", buyer, Map.of("text", "hello", "lang", "fr"));
        assertEquals(422, lang.status(), lang::toString);
        assertTrue(lang.body().contains("lang"), lang::toString);
        String conversation = say(buyer, null, "hello").get("conversationId").asText();
        Http.Response foreign = http.post("/api/v1/assistant/messages", buyer(),
                Map.of("conversationId", conversation, "text", "hello"));
        assertEquals(404, foreign.status(), foreign::toString);
        assertEquals(401, http.post("/api/v1/assistant/messages", null, Map.of("text", "hello")).status());
    }
}
