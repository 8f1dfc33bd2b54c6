package org.trustmall.commerce.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.personal.PrivacyService;
import org.trustmall.commerce.support.SupportService.Author;
import org.trustmall.commerce.support.SupportService.Conversation;
import org.trustmall.commerce.support.SupportService.QueueEntry;
import org.trustmall.commerce.support.SupportService.State;

/**
 * Conversations and the agents' queue on a real database (H2, and PostgreSQL where one is configured), the real
 * vault and a real ledger for the access log: who may see what, that messages are sealed, and erasure and export.
 */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class SupportServiceTest {
    private static final String SECRET = "my parcel to Lindenstrasse 42 never came";

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private SupportService support;
    private Actor ann;
    private Actor bob;
    private Actor shop;
    private Actor agent;
    private Actor admin;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        support = t.commerce().support();
        ann = t.buyer("ann");
        bob = t.buyer("bob");
        shop = t.merchant("shop");
        agent = t.agent("agent");
        admin = t.admin("admin");
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private Conversation handedOff(Actor owner, String text) {
        Conversation c = support.open(owner, "en");
        support.append(owner, c.id(), Author.CUSTOMER, text, Map.of());
        return support.handOff(owner, c.id(), "customer_request");
    }

    private static void notFound(Executable e) {
        assertThrows(CommerceException.NotFound.class, e);
    }

    private static void invalid(String field, Executable e) {
        CommerceException.InvalidInput x = assertThrows(CommerceException.InvalidInput.class, e);
        assertEquals(field, x.field(), x.getMessage());
    }

    @Test
    void theOwnerReadsTheirConversationWithEveryMessageOldestFirst() {
        Conversation c = support.open(ann, "zh");
        support.append(ann, c.id(), Author.CUSTOMER, "我的订单在哪里？", Map.of());
        support.append(ann, c.id(), Author.ASSISTANT, "Your order 17 was shipped.",
                Map.of("intent", "order_status", "confidence", "0.97"));

        Conversation read = support.get(ann, c.id());
        assertEquals(State.OPEN, read.state());
        assertEquals("zh", read.lang());
        assertEquals(ann.accountId(), read.customerId());
        assertEquals(List.of(1L, 2L), read.messages().stream().map(SupportService.Message::seq).toList());
        assertEquals("我的订单在哪里？", read.messages().get(0).text());
        assertEquals(Author.ASSISTANT, read.messages().get(1).author());
        assertEquals(Map.of("intent", "order_status", "confidence", "0.97"), read.messages().get(1).meta());
        assertEquals(List.of(c.id()), support.mine(ann).stream().map(Conversation::id).toList());
        assertEquals(List.of(), support.mine(bob));
    }

    @Test
    void thePositionForTheNextTurnCarriesTheLastAssistantReplysMetaUntilAnAgentAnswers() {
        Conversation c = support.open(ann, "zh");
        assertEquals(new SupportService.Position(c.id(), State.OPEN, "zh", Map.of()), support.position(ann, c.id()));
        support.append(ann, c.id(), Author.CUSTOMER, "取消订单 12", Map.of());
        support.append(ann, c.id(), Author.ASSISTANT, "Cancel order 12?", Map.of("pending", "cancel:12"));
        support.append(ann, c.id(), Author.CUSTOMER, "hmm", Map.of());
        assertEquals(Map.of("pending", "cancel:12"), support.position(ann, c.id()).lastAssistantMeta());
        support.append(ann, c.id(), Author.ASSISTANT, "Anything else?", Map.of("intent", "greeting"));
        assertEquals(Map.of("intent", "greeting"), support.position(ann, c.id()).lastAssistantMeta());

        support.handOff(ann, c.id(), "customer_request");
        support.reply(agent, c.id(), "An agent here.");
        SupportService.Position afterAgent = support.position(ann, c.id());
        assertEquals(State.HANDED_OFF, afterAgent.state());
        assertEquals(Map.of(), afterAgent.lastAssistantMeta(), "a human answered after the assistant");
        notFound(() -> support.position(bob, c.id()));
        notFound(() -> support.position(agent, c.id()));

        t.commerce().privacy().erase(ann, TestCommerce.PASSWORD);
        notFound(() -> support.position(bob, c.id()));
    }

    @Test
    void thePositionOfAnErasedPersonsConversationReadsAsClosed() {
        Conversation c = support.open(ann, "en");
        support.append(ann, c.id(), Author.ASSISTANT, "Hello", Map.of("intent", "greeting"));
        // Erasure as it would be seen half-way: the key is gone while the rows still hold the sealed meta, open.
        String meta = t.jdbi().withHandle(h -> h.createQuery("SELECT meta FROM support_messages").mapTo(String.class)
                .one());
        t.commerce().privacy().erase(ann, TestCommerce.PASSWORD);
        t.jdbi().useHandle(h -> {
            h.createUpdate("UPDATE support_messages SET meta = :m").bind("m", meta).execute();
            h.createUpdate("UPDATE support_conversations SET state = 'open'").execute();
        });
        SupportService.Position p = support.position(ann, c.id());
        assertEquals(State.CLOSED, p.state());
        assertEquals(Map.of(), p.lastAssistantMeta());
    }

    @Test
    void conversationIdsAreRandomUuidsNotSequences() {
        String a = support.open(ann, "en").id();
        String b = support.open(ann, "en").id();
        assertNotEquals(a, b);
        for (String id : List.of(a, b)) {
            assertTrue(id.matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"), id);
        }
    }

    @Test
    void anotherBuyerAMerchantAndAnAgentBeforeHandoffFindNothing() {
        Conversation c = support.open(ann, "en");
        support.append(ann, c.id(), Author.CUSTOMER, SECRET, Map.of());
        for (Actor other : List.of(bob, shop, agent, admin)) {
            notFound(() -> support.get(other, c.id()));
            notFound(() -> support.append(other, c.id(), Author.CUSTOMER, "hello", Map.of()));
            notFound(() -> support.handOff(other, c.id(), "complaint"));
            notFound(() -> support.close(other, c.id()));
            notFound(() -> support.reply(other, c.id(), "hello"));
        }
        assertEquals(0, support.queue(agent, null, 0, 10).total());
        // Nor does an id that is not one of ours say anything.
        notFound(() -> support.get(ann, "00000000-0000-4000-8000-000000000000"));
        notFound(() -> support.get(ann, "1"));
        assertEquals(State.OPEN, support.get(ann, c.id()).state());
        assertEquals(1, support.get(ann, c.id()).messages().size());
    }

    @Test
    void afterHandoffOthersStillFindNothingButAgentsAndAdminsMayOnlyReplyNotWriteForTheCustomer() {
        Conversation c = handedOff(ann, SECRET);
        for (Actor other : List.of(bob, shop)) {
            notFound(() -> support.get(other, c.id()));
            notFound(() -> support.reply(other, c.id(), "hello"));
            notFound(() -> support.close(other, c.id()));
            assertThrows(CommerceException.Forbidden.class, () -> support.queue(other, null, 0, 10));
        }
        notFound(() -> support.append(agent, c.id(), Author.ASSISTANT, "pretending", Map.of()));
        notFound(() -> support.handOff(agent, c.id(), "complaint"));
        notFound(() -> support.reply(ann, c.id(), "I am not an agent"));
    }

    @Test
    void aHandedOffConversationJoinsTheQueueAndAnAgentRepliesThere() {
        Conversation c = support.open(ann, "en");
        support.append(ann, c.id(), Author.CUSTOMER, SECRET, Map.of());
        support.append(ann, c.id(), Author.ASSISTANT, "I could not find that parcel.", Map.of("intent", "tracking"));
        Conversation off = support.handOff(ann, c.id(), "tool_failed");
        assertEquals(State.HANDED_OFF, off.state());
        assertEquals("tool_failed", off.handoffReason());

        Page<QueueEntry> queue = support.queue(agent, State.HANDED_OFF, 0, 10);
        assertEquals(1, queue.total());
        QueueEntry e = queue.items().get(0);
        assertEquals(c.id(), e.id());
        assertEquals(2, e.messages());
        assertEquals("tool_failed", e.handoffReason());

        Conversation seen = support.get(agent, c.id());
        assertEquals(List.of(SECRET, "I could not find that parcel."),
                seen.messages().stream().map(SupportService.Message::text).toList());
        SupportService.Message reply = support.reply(agent, c.id(), "I have asked the carrier; a refund follows.");
        assertEquals(Author.AGENT, reply.author());
        assertEquals(3, reply.seq());
        support.append(ann, c.id(), Author.CUSTOMER, "Thank you!", Map.of());
        assertEquals(List.of(Author.CUSTOMER, Author.ASSISTANT, Author.AGENT, Author.CUSTOMER),
                support.get(ann, c.id()).messages().stream().map(SupportService.Message::author).toList());
        assertEquals(4, support.get(admin, c.id()).messages().size());

        Conversation closed = support.close(agent, c.id());
        assertEquals(State.CLOSED, closed.state());
        assertThrows(CommerceException.Conflict.class,
                () -> support.append(ann, c.id(), Author.CUSTOMER, "one more thing", Map.of()));
        assertThrows(CommerceException.Conflict.class, () -> support.reply(agent, c.id(), "and another"));
        assertThrows(CommerceException.Conflict.class, () -> support.handOff(ann, c.id(), "complaint"));
        assertEquals(0, support.queue(agent, State.HANDED_OFF, 0, 10).total());
        assertEquals(1, support.queue(agent, State.CLOSED, 0, 10).total());
        assertEquals(State.CLOSED, support.get(agent, c.id()).state(), "the history stays for agents");
    }

    @Test
    void theOwnerClosesTheirOwnConversationAndHandingOffTwiceKeepsItsPlace() {
        Conversation first = handedOff(ann, "first");
        t.clock().advance(Duration.ofMinutes(1));
        Conversation second = handedOff(bob, "second");
        t.clock().advance(Duration.ofMinutes(1));
        support.handOff(ann, first.id(), "complaint");
        assertEquals(List.of(first.id(), second.id()), ids(support.queue(agent, null, 0, 10)));
        assertEquals("customer_request", support.get(ann, first.id()).handoffReason());
        assertEquals(State.CLOSED, support.close(ann, first.id()).state());
        assertEquals(State.CLOSED, support.close(ann, first.id()).state(), "closing again changes nothing");
    }

    @Test
    void theQueueListsHandedOffConversationsOldestWaitingFirstInPages() {
        Conversation a = support.open(ann, "en");
        Conversation b = support.open(bob, "zh");
        Conversation c = support.open(ann, "en");
        support.open(bob, "en"); // never handed off: not in the queue
        for (Conversation x : List.of(c, a, b)) {
            t.clock().advance(Duration.ofSeconds(30));
            support.handOff(x.customerId() == ann.accountId() ? ann : bob, x.id(), "customer_request");
        }
        Page<QueueEntry> first = support.queue(agent, null, 0, 2);
        assertEquals(3, first.total());
        assertEquals(List.of(c.id(), a.id()), ids(first));
        assertEquals(List.of(b.id()), ids(support.queue(admin, null, 1, 2)));
        assertEquals(List.of(), ids(support.queue(agent, null, 2, 2)));
        support.close(agent, a.id());
        assertEquals(List.of(c.id(), b.id()), ids(support.queue(agent, State.HANDED_OFF, 0, 10)));
        assertEquals(List.of(a.id()), ids(support.queue(agent, State.CLOSED, 0, 10)));
    }

    private static List<String> ids(Page<QueueEntry> page) {
        return page.items().stream().map(QueueEntry::id).toList();
    }

    @Test
    void invalidInputNamesTheField() {
        Conversation c = support.open(ann, "en");
        invalid("lang", () -> support.open(ann, "fr"));
        invalid("lang", () -> support.open(ann, null));
        for (String reason : new String[] {"Customer Request", "customer-request", "", "a".repeat(41), null}) {
            invalid("reason", () -> support.handOff(ann, c.id(), reason));
        }
        invalid("text", () -> support.append(ann, c.id(), Author.CUSTOMER, "   ", Map.of()));
        invalid("text", () -> support.append(ann, c.id(), Author.CUSTOMER, "x".repeat(4001), Map.of()));
        invalid("author", () -> support.append(ann, c.id(), Author.AGENT, "I am an agent", Map.of()));
        invalid("meta", () -> support.append(ann, c.id(), Author.ASSISTANT, "hi", Map.of("bad key", "x")));
        invalid("meta.intent", () -> support.append(ann, c.id(), Author.ASSISTANT, "hi",
                Map.of("intent", "x".repeat(2001))));
        support.handOff(ann, c.id(), "out_of_scope");
        invalid("text", () -> support.reply(agent, c.id(), ""));
        invalid("state", () -> support.queue(agent, State.OPEN, 0, 10));
        invalid("page", () -> support.queue(agent, null, -1, 10));
        invalid("size", () -> support.queue(agent, null, 0, 101));
        assertEquals(0, support.get(ann, c.id()).messages().size(), "nothing invalid was stored");
        assertThrows(CommerceException.Forbidden.class, () -> support.open(agent, "en"));
        // The longest text fits its column, in Chinese (3 bytes a character) too.
        support.append(ann, c.id(), Author.CUSTOMER, "退".repeat(4000), Map.of());
        assertEquals(4000, support.get(ann, c.id()).messages().get(0).text().length());
    }

    @Test
    void messageTextAndMetaAreStoredSealedNeverInTheClear() {
        Conversation c = handedOff(ann, SECRET);
        support.append(ann, c.id(), Author.ASSISTANT, "About Lindenstrasse 42: handed to an agent.",
                Map.of("intent", "complaint_about_lindenstrasse"));
        support.reply(agent, c.id(), "Reply about Lindenstrasse 42");
        List<Map<String, Object>> rows = t.jdbi().withHandle(h -> h.createQuery("SELECT body, meta FROM "
                + "support_messages ORDER BY seq").mapToMap().list());
        assertEquals(3, rows.size());
        for (Map<String, Object> row : rows) {
            String body = String.valueOf(row.get("body"));
            assertTrue(body.startsWith("v1:"), body);
            assertFalse(body.contains("Lindenstrasse"), body);
            assertFalse(String.valueOf(row.get("meta")).contains("lindenstrasse"));
        }
        assertTrue(String.valueOf(rows.get(1).get("meta")).startsWith("v1:"));
        // The handoff reason is a code kept in the clear: it shows what a scan of the file would find.
        support.handOff(bob, handedOff(bob, "x").id(), "customer_request");
        Conversation marker = support.open(bob, "en");
        support.handOff(bob, marker.id(), "scanmarker_in_the_clear");
        if (kind == TestDatabases.Kind.H2) {
            t.reopen(() -> {
                List<Path> files = h2Files();
                assertFalse(files.isEmpty());
                assertTrue(files.stream().anyMatch(f -> contains(f, "scanmarker_in_the_clear")),
                        "the scan sees clear text in the database files");
                for (Path f : files) {
                    assertFalse(contains(f, "Lindenstrasse"), f + " holds a message in the clear");
                }
            });
        }
        assertEquals(SECRET, t.commerce().support().get(agent, c.id()).messages().get(0).text());
    }

    private List<Path> h2Files() {
        try (Stream<Path> s = Files.walk(dir.resolve("db"))) {
            return s.filter(Files::isRegularFile).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static boolean contains(Path file, String needle) {
        try {
            byte[] data = Files.readAllBytes(file);
            byte[] n = needle.getBytes(StandardCharsets.UTF_8);
            outer:
            for (int i = 0; i + n.length <= data.length; i++) {
                for (int j = 0; j < n.length; j++) {
                    if (data[i + j] != n[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void anAgentOpeningAConversationIsRecordedInTheCustomersAccessLog() {
        Conversation c = handedOff(ann, SECRET);
        support.get(agent, c.id());
        List<PrivacyService.AccessEntry> log = t.commerce().privacy().accessLog(ann, 1, 500);
        List<PrivacyService.AccessEntry> byAgent = log.stream()
                .filter(e -> e.accessor().equals("agent:" + agent.accountId())).toList();
        assertEquals(1, byAgent.size(), log.toString());
        assertEquals("support", byAgent.get(0).purpose());
        assertEquals(List.of("conversation:" + c.id()), byAgent.get(0).fields());
        assertTrue(t.commerce().privacy().accessLog(bob, 1, 500).stream()
                .noneMatch(e -> e.accessor().startsWith("agent:")), "only the owner's log names the read");
    }

    @Test
    void theExportHoldsThePersonsConversationsDecrypted() {
        Conversation c = support.open(ann, "en");
        support.append(ann, c.id(), Author.CUSTOMER, SECRET, Map.of());
        support.append(ann, c.id(), Author.ASSISTANT, "Handing you to a person.", Map.of("intent", "tracking"));
        support.handOff(ann, c.id(), "tool_failed");
        support.reply(agent, c.id(), "Hello, I am looking into it.");
        handedOff(bob, "bob's words");

        PrivacyService.Export x = t.commerce().privacy().export(ann);
        assertEquals(1, x.conversations().size());
        Map<String, String> m = x.conversations().get(0);
        assertEquals(c.id(), m.get("id"));
        assertEquals("handed_off", m.get("state"));
        assertEquals("tool_failed", m.get("handoffReason"));
        assertEquals("3", m.get("messageCount"));
        assertEquals(SECRET, m.get("messages.1.text"));
        assertEquals("customer", m.get("messages.1.author"));
        assertEquals("tracking", m.get("messages.2.meta.intent"));
        assertEquals("agent", m.get("messages.3.author"));
        assertEquals("Hello, I am looking into it.", m.get("messages.3.text"));
        assertTrue(x.accessLog().stream().anyMatch(e -> e.accessor().equals("self") && e.purpose().equals("export")
                && e.fields().equals(List.of("conversations"))), x.accessLog().toString());
    }

    @Test
    void erasureShredsTheConversationsAndAConversationWaitingForAnAgentDoesNotHoldItUp() {
        Conversation waiting = handedOff(ann, SECRET);
        Conversation open = support.open(ann, "en");
        support.append(ann, open.id(), Author.CUSTOMER, "another secret line", Map.of("k", "v"));
        t.commerce().privacy().erase(ann, TestCommerce.PASSWORD);

        Conversation seen = support.get(agent, waiting.id());
        assertEquals(State.CLOSED, seen.state());
        assertEquals(List.of("[erased]"), seen.messages().stream().map(SupportService.Message::text).toList());
        assertEquals(List.of(State.CLOSED), support.queue(agent, null, 0, 10).items().stream()
                .map(QueueEntry::state).toList());
        assertThrows(CommerceException.Conflict.class, () -> support.reply(agent, waiting.id(), "too late"));
        List<String> bodies = t.jdbi().withHandle(h -> h.createQuery("SELECT body FROM support_messages")
                .mapTo(String.class).list());
        assertEquals(List.of("[erased]", "[erased]"), bodies);
        // The owner's own view (were they to come back through some other session) is as empty.
        assertTrue(support.mine(ann).stream().allMatch(c -> c.state() == State.CLOSED && c.messages().stream()
                .allMatch(msg -> msg.text().equals("[erased]") && msg.meta().isEmpty())));
    }

    @Test
    void aKeyShreddedBeforeTheRowsWereUpdatedStillReadsAsErasedAndClosed() {
        Conversation waiting = handedOff(ann, SECRET);
        // As if erasure had stopped between destroying the key and updating the rows: the ciphertext is back.
        List<String> before = t.jdbi().withHandle(h -> h.createQuery("SELECT body FROM support_messages")
                .mapTo(String.class).list());
        t.commerce().privacy().erase(ann, TestCommerce.PASSWORD);
        t.jdbi().useHandle(h -> {
            h.createUpdate("UPDATE support_messages SET body = :b").bind("b", before.get(0)).execute();
            h.createUpdate("UPDATE support_conversations SET state = 'handed_off'").execute();
        });
        Conversation seen = support.get(agent, waiting.id());
        assertEquals(State.CLOSED, seen.state());
        assertEquals("[erased]", seen.messages().get(0).text());
    }

    @Test
    void agentsSeeNoOrdersReturnsOrDisputes() {
        t.product(shop, "Tea", "TEA", Money.of(100, "CNY"), 5);
        t.commerce().carts().add(ann, "TEA", 1);
        OrderService.Order order = t.commerce().orders().checkout(ann, new OrderService.CheckoutRequest(
                new OrderService.ShippingAddress("Ann Lee", "88 Xidan North Street", "Flat 1203", "Beijing", "BJ",
                        "100032", "CN", "+86 138 0013 8000")), "k").get(0);
        assertEquals(0, t.commerce().orders().list(agent, 0, 10).total());
        notFound(() -> t.commerce().orders().get(agent, order.id()));
        notFound(() -> t.commerce().orders().shippingAddress(agent, order.id()));
        notFound(() -> t.commerce().returns().forOrder(agent, order.id()));
        assertEquals(0, t.commerce().disputes().list(agent, 0, 10).total());
    }

    @Test
    void anAdminAppointsABuyerAccountAsAgentAndNobodyElseMay() {
        Actor carol = t.buyer("carol");
        AccountService accounts = t.accounts();
        assertThrows(CommerceException.Forbidden.class, () -> accounts.appointAgent(agent, carol.accountId()));
        assertThrows(CommerceException.Forbidden.class, () -> accounts.appointAgent(carol, carol.accountId()));
        assertEquals(Role.AGENT, accounts.appointAgent(admin, carol.accountId()).role());
        assertEquals(Role.AGENT, accounts.appointAgent(admin, carol.accountId()).role(), "idempotent");
        CommerceException.Conflict merchant = assertThrows(CommerceException.Conflict.class,
                () -> accounts.appointAgent(admin, shop.accountId()));
        assertEquals("role", merchant.field());
        Actor arbiter = t.account("arbiter", Role.ARBITER);
        assertThrows(CommerceException.Conflict.class, () -> accounts.appointAgent(admin, arbiter.accountId()));
        Actor asAgent = new Actor(carol.accountId(), Role.AGENT, "s");
        handedOff(bob, "help");
        assertEquals(1, support.queue(asAgent, null, 0, 10).total());
        assertEquals(Role.AGENT, Role.parse("role", "agent"));
    }

    @Test
    void concurrentAppendsGetDistinctConsecutiveNumbers() throws Exception {
        Conversation c = support.open(ann, "en");
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            int n = i;
            threads.add(Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 5; j++) {
                    support.append(ann, c.id(), Author.CUSTOMER, "m" + n + "." + j, Map.of());
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        List<Long> seqs = support.get(ann, c.id()).messages().stream().map(SupportService.Message::seq).toList();
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 20).boxed().toList(), seqs);
    }
}
