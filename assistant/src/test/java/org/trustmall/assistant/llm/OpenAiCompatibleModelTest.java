package org.trustmall.assistant.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.consent.ConsentService;

/**
 * The external model behind consent and redaction, against a fake OpenAI-compatible server on loopback that records
 * what reaches it, with a real commerce module (real ledger-backed consents, the real redactor).
 */
class OpenAiCompatibleModelTest {
    private static final String INSTRUCTION = "You are TrustMall's customer-service assistant. Answer briefly.";
    /** Personal data planted in the message, the passages and a tool result, each of a kind the redactor covers. */
    private static final List<String> PERSONAL_DATA = List.of("Emily", "Chen", "emily.chen@example.com",
            "13812345678", "221B Baker Street", "张伟", "13912345678", "北京市朝阳区建国路88号", "4111 1111 1111 1111",
            "11010519491231002X");
    private static final Prompt PROMPT = new Prompt(INSTRUCTION,
            "Hi, my name is Emily Chen. Where is order 1234? Mail me at emily.chen@example.com or call 13812345678;"
                    + " it should go to 221B Baker Street.",
            List.of("Returns policy: unopened items may be returned within 7 days.",
                    "收件人：张伟，电话：13912345678，地址：北京市朝阳区建国路88号",
                    "order 1234: paid with card 4111 1111 1111 1111, buyer ID 11010519491231002X, status shipped"));

    @TempDir
    Path dir;
    private TestCommerce t;
    private FakeOpenAiServer server;
    private Actor ann;
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger modelLog = Logger.getLogger(OpenAiCompatibleModel.class.getName());
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void open() throws Exception {
        t = TestCommerce.open(TestDatabases.Kind.H2, dir);
        server = new FakeOpenAiServer();
        ann = t.buyer("ann");
        modelLog.addHandler(capture);
        modelLog.setLevel(Level.ALL);
    }

    @AfterEach
    void close() {
        modelLog.removeHandler(capture);
        server.close();
        t.close();
    }

    private LlmConfig config() {
        return LlmConfig.of(server.baseUrl(), "test-model", "sk-test-secret").withTimeout(Duration.ofSeconds(10));
    }

    private LanguageModel model(LlmConfig config) {
        return LanguageModel.open(config, t.commerce().externalAi());
    }

    private void consent(boolean granted) {
        t.commerce().consents().set(ann, ConsentService.EXTERNAL_AI, granted);
    }

    /** All the text content of the request's messages, as the server received it. */
    private static String sentText(FakeOpenAiServer.Request r) throws Exception {
        JsonNode body = new ObjectMapper().readTree(r.body());
        List<String> parts = new ArrayList<>();
        for (JsonNode m : body.path("messages")) {
            parts.add(m.path("content").asText());
        }
        return String.join("\n", parts);
    }

    @Test
    void withConsentTheRequestArrivesWithPlaceholdersInPlaceOfEveryPieceOfPersonalData() throws Exception {
        consent(true);
        Optional<String> answer = model(config()).answer(ann.accountId(), PROMPT);

        assertEquals(Optional.of("Your order is on its way."), answer);
        List<FakeOpenAiServer.Request> requests = server.requests();
        assertEquals(1, requests.size());
        FakeOpenAiServer.Request r = requests.getFirst();
        assertEquals("POST", r.method());
        assertEquals("/v1/chat/completions", r.path());
        assertEquals("Bearer sk-test-secret", r.authorization());
        for (String pii : PERSONAL_DATA) {
            assertFalse(r.body().contains(pii), () -> "'" + pii + "' reached the model: " + r.body());
        }
        String sent = sentText(r);
        for (String pii : PERSONAL_DATA) {
            assertFalse(sent.contains(pii), () -> "'" + pii + "' reached the model: " + sent);
        }
        for (String placeholder : List.of("[NAME]", "[EMAIL]", "[PHONE]", "[ADDRESS]", "[BANK_CARD]", "[ID_CARD]")) {
            assertTrue(sent.contains(placeholder), () -> placeholder + " missing from " + sent);
        }
        // What is not personal arrives as written: the instruction, the question, the order number, the policy.
        assertTrue(sent.contains(INSTRUCTION), sent);
        assertTrue(sent.contains("Where is order 1234?"), sent);
        assertTrue(sent.contains("Returns policy: unopened items may be returned within 7 days."), sent);
        JsonNode body = new ObjectMapper().readTree(r.body());
        assertEquals("test-model", body.path("model").asText());
        assertEquals("system", body.path("messages").get(0).path("role").asText());
    }

    @Test
    void withoutConsentNothingIsSentAndTheAnswerIsEmpty() {
        assertEquals(Optional.empty(), model(config()).answer(ann.accountId(), PROMPT));
        assertEquals(List.of(), server.requests());
    }

    @Test
    void aWithdrawnConsentStopsTheVeryNextCall() {
        LanguageModel model = model(config());
        consent(true);
        assertTrue(model.answer(ann.accountId(), PROMPT).isPresent());
        assertEquals(1, server.requests().size());

        consent(false);
        assertEquals(Optional.empty(), model.answer(ann.accountId(), PROMPT));
        assertEquals(1, server.requests().size(), "no request after the withdrawal");
    }

    @Test
    void oneAccountsConsentDoesNotCoverAnother() {
        consent(true);
        Actor bob = t.buyer("bob");
        assertEquals(Optional.empty(), model(config()).answer(bob.accountId(), PROMPT));
        assertEquals(List.of(), server.requests());
    }

    @Test
    void aDisabledConfigurationSendsNothing() {
        consent(true);
        LanguageModel model = model(LlmConfig.disabled());
        assertFalse(model.enabled());
        assertEquals(Optional.empty(), model.answer(ann.accountId(), PROMPT));
        assertEquals(List.of(), server.requests());
    }

    @Test
    void aServerErrorGivesAnEmptyAnswerAndALogLineWithoutThePrompt() {
        consent(true);
        server.behave(FakeOpenAiServer.Behaviour.FAIL_ECHOING_REQUEST);

        assertEquals(Optional.empty(), model(config()).answer(ann.accountId(), PROMPT));

        assertEquals(1, server.requests().size(), "one try, no retries");
        String log = onlyLogLine();
        assertTrue(log.contains("HTTP 500"), log);
        assertNoPromptText(log);
    }

    @Test
    void aServerThatHangsPastTheTimeoutGivesAnEmptyAnswerAndALogLineWithoutThePrompt() {
        consent(true);
        server.behave(FakeOpenAiServer.Behaviour.HANG);

        LanguageModel model = model(config().withTimeout(Duration.ofMillis(300)));
        assertEquals(Optional.empty(), model.answer(ann.accountId(), PROMPT));

        assertEquals(1, server.requests().size());
        String log = onlyLogLine();
        assertTrue(log.toLowerCase(java.util.Locale.ROOT).contains("timeout"), log);
        assertNoPromptText(log);
    }

    @Test
    void anEmptyAnswerFromTheModelIsNoAnswer() {
        consent(true);
        server.answerWith("  ");
        assertEquals(Optional.empty(), model(config()).answer(ann.accountId(), PROMPT));
        assertEquals(1, server.requests().size());
    }

    @Test
    void theApiKeyNeverAppearsInTheConfigurationsText() {
        LlmConfig c = config();
        assertFalse(c.toString().contains("sk-test-secret"), c.toString());
        assertTrue(c.toString().contains("apiKey=(set)"), c.toString());
        assertFalse(LlmConfig.disabled().enabled());
    }

    @Test
    void anEnabledConfigurationNamesWhatIsWrongWithIt() {
        URI ftp = URI.create("ftp://example.com/v1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LlmConfig.of(ftp, "m", "k"))
                .getMessage().startsWith("llm baseUrl"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LlmConfig.of(server.baseUrl(), " ", "k")).getMessage().startsWith("llm model"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> config().withTimeout(Duration.ZERO)).getMessage().startsWith("llm timeout"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> config().withMaxOutputTokens(0)).getMessage().startsWith("llm maxOutputTokens"));
    }

    private String onlyLogLine() {
        assertEquals(1, logged.size(), () -> "log records: " + logged.stream().map(LogRecord::getMessage).toList());
        return new SimpleFormatter().format(logged.getFirst());
    }

    private static void assertNoPromptText(String log) {
        List<String> fragments = new ArrayList<>(PERSONAL_DATA);
        fragments.addAll(List.of("order 1234", "Returns policy", "You are TrustMall", "[NAME]", "[EMAIL]", "收件人"));
        for (String f : fragments) {
            assertFalse(log.contains(f), () -> "'" + f + "' in the log: " + log);
        }
    }
}
