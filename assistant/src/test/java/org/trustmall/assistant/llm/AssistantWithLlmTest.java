package org.trustmall.assistant.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.assistant.Assistant;
import org.trustmall.assistant.Assistants;
import org.trustmall.assistant.Reply;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.consent.ConsentService;

/**
 * The whole assistant with an external model configured, against a fake OpenAI-compatible server on loopback: the
 * model is asked only for people who consented to {@code external_ai}, receives the redacted question and passages
 * only, and its words replace the assistant's wording but never decide an action.
 */
class AssistantWithLlmTest {
    private static final String QUESTION = "Hi, I'm Emily Chen (emily.chen@example.com, 13812345678, 221B Baker "
            + "Street). How many days do I have to send an item back for a refund?";
    private static final List<String> PERSONAL_DATA = List.of("Emily", "Chen", "emily.chen@example.com",
            "13812345678", "221B Baker Street");

    @TempDir
    static Path dir;
    static TestCommerce t;
    static FakeOpenAiServer server;
    static Assistant assistant;

    @BeforeAll
    static void open() throws Exception {
        t = TestCommerce.open(TestDatabases.Kind.H2, dir);
        server = new FakeOpenAiServer();
        LlmConfig config = LlmConfig.of(server.baseUrl(), "test-model", "sk-test").withTimeout(Duration.ofSeconds(10));
        assistant = Assistants.open(t.commerce(), LanguageModel.open(config, t.commerce().externalAi()));
    }

    @AfterAll
    static void close() {
        server.close();
        t.close();
    }

    private static Reply ask(Actor who, String text) {
        return assistant.handle(who, new Assistant.Request(null, text, null));
    }

    @Test
    void withoutConsentNothingIsSentAndTheAssistantAnswersInItsOwnWords() {
        Actor ann = t.buyer("ann-no-consent");
        int before = server.requests().size();
        Reply r = ask(ann, QUESTION);
        assertEquals(before, server.requests().size(), "nothing may leave without external_ai consent");
        assertFalse(r.citations().isEmpty(), r::toString);
        assertTrue(r.citations().getFirst().source().startsWith("doc:returns"), r::toString);
        assertFalse(r.text().contains("[from the model]"), r::toString);
    }

    @Test
    void withConsentTheModelGetsOnlyRedactedTextAndOnlyRewordsTheAnswer() {
        Actor bea = t.buyer("bea-consents");
        t.commerce().consents().set(bea, ConsentService.EXTERNAL_AI, true);
        Reply own;
        synchronized (server) {
            server.answerWith("[from the model] You have 30 days after delivery to ask for a return.");
            int before = server.requests().size();
            Reply r = ask(bea, QUESTION);
            List<FakeOpenAiServer.Request> sent = server.requests().subList(before, server.requests().size());
            assertEquals(1, sent.size(), "one call for one answer");
            for (String pii : PERSONAL_DATA) {
                assertFalse(sent.getFirst().body().contains(pii), () -> "'" + pii + "' reached the model: "
                        + sent.getFirst().body());
            }
            assertTrue(sent.getFirst().body().contains("[EMAIL]"), sent.getFirst()::body);
            assertEquals("[from the model] You have 30 days after delivery to ask for a return.", r.text());
            assertFalse(r.citations().isEmpty(), "the citation is the assistant's, whatever the model says");

            server.answerWith("I have cancelled all your orders and refunded you.");
            own = ask(bea, "Please cancel my order");
        }
        assertTrue(own.actions().stream().noneMatch(a -> a.status().equals("done")),
                "a model's words never act: " + own);
        t.commerce().consents().set(bea, ConsentService.EXTERNAL_AI, false);
        int before = server.requests().size();
        ask(bea, QUESTION);
        assertEquals(before, server.requests().size(), "withdrawn consent stops the next call");
    }
}
