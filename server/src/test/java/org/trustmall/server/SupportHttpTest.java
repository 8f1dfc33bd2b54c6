package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.trustmall.server.CommerceJourneyTest.register;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.support.SupportService;
import org.trustmall.commerce.support.SupportService.Author;

/**
 * The agents' queue and the customer's conversations over real HTTP: agents (appointed by an admin) see handed-off
 * conversations only and reply there; a customer sees their own; anybody else gets 404 problem+json, and bad input a
 * 422 naming the field. Conversations are written through the service here (the assistant's message endpoint is
 * another's).
 */
class SupportHttpTest {
    private static final String PASSWORD = "correct horse battery";
    @TempDir
    static Path dir;
    static TestPlatform p;
    static Http http;
    static String ann;
    static String bob;
    static String shop;
    static String admin;
    static String agent;
    static Actor annActor;
    static SupportService support;

    @BeforeAll
    static void world() {
        p = TestPlatform.start(dir);
        http = p.http;
        support = p.commerce.support();
        ann = register(http, "ann@buyers.example", "buyer", "Ann");
        bob = register(http, "bob@buyers.example", "buyer", "Bob");
        shop = register(http, "shop@shops.example", "merchant", "Shop");
        p.commerce.accounts().createUser(new AccountService.Registration("root@staff.example", PASSWORD, Role.ADMIN,
                "Root"));
        admin = login("root@staff.example");
        register(http, "agent@staff.example", "buyer", "Agent Wu");
        long agentId = http.get("/api/v1/auth/me", login("agent@staff.example")).json().get("id").asLong();
        refused(http.post("/api/v1/admin/agents", shop, Map.of("accountId", agentId)), 403);
        Http.Response appointed = http.post("/api/v1/admin/agents", admin, Map.of("accountId", agentId));
        assertEquals(200, appointed.status(), appointed::toString);
        assertEquals("agent", appointed.json().get("role").asText());
        agent = login("agent@staff.example");
        annActor = p.commerce.accounts().authenticate(ann);
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    private static String login(String email) {
        Http.Response r = http.post("/api/v1/auth/login", null, Map.of("email", email, "password", PASSWORD));
        assertEquals(200, r.status(), r::toString);
        return r.json().get("token").asText();
    }

    private static void refused(Http.Response r, int status) {
        assertEquals(status, r.status(), r::toString);
        assertTrue(r.isProblem(), r::toString);
    }

    private static void invalid(Http.Response r, String field) {
        refused(r, 422);
        assertEquals(field, r.json().get("field").asText(), r::toString);
    }

    private static String handedOff(String text) {
        SupportService.Conversation c = support.open(annActor, "en");
        support.append(annActor, c.id(), Author.CUSTOMER, text, Map.of());
        support.append(annActor, c.id(), Author.ASSISTANT, "Let me find a person for you.",
                Map.of("intent", "talk_to_human", "confidence", "0.91"));
        return support.handOff(annActor, c.id(), "customer_request").id();
    }

    @Test
    void anAgentFindsAHandedOffConversationInTheQueueReadsItRepliesAndClosesIt() {
        String id = handedOff("The kettle arrived broken");
        Http.Response queue = http.get("/api/v1/agent/conversations?state=handed_off&size=100", agent);
        assertEquals(200, queue.status(), queue::toString);
        List<String> ids = new ArrayList<>();
        queue.json().get("items").forEach(e -> ids.add(e.get("id").asText()));
        assertTrue(ids.contains(id), queue::toString);
        JsonNode entry = queue.json().get("items").get(ids.indexOf(id));
        assertEquals(2, entry.get("messages").asInt());
        assertEquals("customer_request", entry.get("handoffReason").asText());
        assertFalse(queue.body().contains("kettle"), "the queue shows no message text");

        Http.Response read = http.get("/api/v1/agent/conversations/" + id, agent);
        assertEquals(200, read.status(), read::toString);
        assertEquals("The kettle arrived broken", read.json().get("messages").get(0).get("text").asText());
        assertEquals("talk_to_human", read.json().get("messages").get(1).get("meta").get("intent").asText());

        Http.Response reply = http.post("/api/v1/agent/conversations/" + id + "/replies", agent,
                Map.of("text", "Sorry! A replacement is on its way."));
        assertEquals(201, reply.status(), reply::toString);
        assertEquals("agent", reply.json().get("author").asText());
        assertEquals(3, reply.json().get("seq").asInt());

        Http.Response mine = http.get("/api/v1/assistant/conversations/" + id, ann);
        assertEquals(200, mine.status(), mine::toString);
        assertEquals("Sorry! A replacement is on its way.", mine.json().get("messages").get(2).get("text").asText());
        Http.Response list = http.get("/api/v1/assistant/conversations", ann);
        assertEquals(200, list.status(), list::toString);
        assertTrue(list.body().contains(id));

        Http.Response closed = http.post("/api/v1/agent/conversations/" + id + "/close", admin, null);
        assertEquals(200, closed.status(), closed::toString);
        assertEquals("closed", closed.json().get("state").asText());
        refused(http.post("/api/v1/agent/conversations/" + id + "/replies", agent, Map.of("text", "hello?")), 409);
    }

    @Test
    void theAgentsReadIsInTheCustomersAccessLog() {
        String id = handedOff("Please check order 12");
        assertEquals(200, http.get("/api/v1/agent/conversations/" + id, agent).status());
        long agentId = http.get("/api/v1/auth/me", agent).json().get("id").asLong();
        Http.Response log = http.get("/api/v1/me/access-log?limit=500", ann);
        assertEquals(200, log.status(), log::toString);
        boolean found = false;
        for (JsonNode e : log.json()) {
            found |= e.get("accessor").asText().equals("agent:" + agentId)
                    && e.get("fields").get(0).asText().equals("conversation:" + id);
        }
        assertTrue(found, log::toString);
    }

    @Test
    void aForeignConversationIsNotFoundForEveryoneButItsOwnerAndAfterHandoffAgents() {
        SupportService.Conversation open = support.open(annActor, "zh");
        support.append(annActor, open.id(), Author.CUSTOMER, "我想退货", Map.of());
        refused(http.get("/api/v1/assistant/conversations/" + open.id(), bob), 404);
        refused(http.get("/api/v1/assistant/conversations/" + open.id(), shop), 404);
        refused(http.get("/api/v1/agent/conversations/" + open.id(), agent), 404);
        refused(http.post("/api/v1/agent/conversations/" + open.id() + "/replies", agent, Map.of("text", "hi")), 404);
        refused(http.post("/api/v1/agent/conversations/" + open.id() + "/close", admin, null), 404);
        refused(http.get("/api/v1/agent/conversations/not-a-conversation", agent), 404);
        assertFalse(http.get("/api/v1/assistant/conversations", bob).body().contains(open.id()));
        assertEquals(200, http.get("/api/v1/assistant/conversations/" + open.id(), ann).status());
        // Only agents and admins reach the queue; agents have no conversations of their own and no orders.
        refused(http.get("/api/v1/agent/conversations", ann), 403);
        refused(http.get("/api/v1/agent/conversations", shop), 403);
        refused(http.get("/api/v1/assistant/conversations", agent), 403);
        refused(http.get("/api/v1/agent/conversations", null), 401);
        assertEquals(0, http.get("/api/v1/orders", agent).json().get("total").asLong());
    }

    @Test
    void badInputIsA422NamingTheField() {
        String id = handedOff("Where is my refund?");
        String replies = "/api/v1/agent/conversations/" + id + "/replies";
        invalid(http.post(replies, agent, Map.of("text", "   ")), "text");
        invalid(http.post(replies, agent, Map.of("text", "x".repeat(4001))), "text");
        invalid(http.post(replies, agent, Map.of("text", "hi", "author", "customer")), "author");
        invalid(http.post(replies, agent, Map.of()), "text");
        invalid(http.get("/api/v1/agent/conversations?state=open", agent), "state");
        invalid(http.get("/api/v1/agent/conversations?state=waiting", agent), "state");
        invalid(http.get("/api/v1/agent/conversations?page=-1", agent), "page");
        invalid(http.get("/api/v1/agent/conversations?size=500", admin), "size");
        assertEquals(2, http.get("/api/v1/agent/conversations/" + id, agent).json().get("messages").size(),
                "nothing invalid was stored");
    }

    @Test
    void theExportCarriesThePersonsConversations() {
        String id = handedOff("Export me");
        Http.Response x = http.get("/api/v1/me/export", ann);
        assertEquals(200, x.status(), x::toString);
        boolean found = false;
        for (JsonNode c : x.json().get("conversations")) {
            if (c.get("id").asText().equals(id)) {
                found = true;
                assertEquals("Export me", c.get("messages.1.text").asText());
                assertEquals("talk_to_human", c.get("messages.2.meta.intent").asText());
            }
        }
        assertTrue(found, x::toString);
        assertEquals(0, http.get("/api/v1/me/export", bob).json().get("conversations").size());
    }
}
