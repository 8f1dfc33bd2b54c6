package org.trustmall.assistant.llm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An OpenAI-compatible chat-completions server on a free loopback port that records every request it receives (path,
 * authorisation header, body) and answers as told: a chat completion, an HTTP 500 that echoes the request body (as
 * some servers' error pages do), or no answer until closed.
 */
final class FakeOpenAiServer implements AutoCloseable {
    enum Behaviour { ANSWER, FAIL_ECHOING_REQUEST, HANG }

    record Request(String method, String path, String authorization, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile Behaviour behaviour = Behaviour.ANSWER;
    private volatile String answer = "Your order is on its way.";

    FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** The base URL to configure: the API root, below which langchain4j adds {@code /chat/completions}. */
    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
    }

    void behave(Behaviour b) {
        behaviour = b;
    }

    void answerWith(String text) {
        answer = text;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Request(x.getRequestMethod(), x.getRequestURI().getPath(),
                    x.getRequestHeaders().getFirst("Authorization"), body));
            switch (behaviour) {
                case ANSWER -> respond(x, 200, completion(answer));
                case FAIL_ECHOING_REQUEST -> respond(x, 500, "{\"error\":{\"message\":\"cannot handle " + body
                        .replace("\\", "\\\\").replace("\"", "\\\"") + "\",\"type\":\"server_error\"}}");
                case HANG -> {
                    // Held until the test closes the server, far beyond any timeout the tests configure.
                    released.await(60, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange x, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", "application/json");
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }

    private static String completion(String text) {
        String escaped = text.replace("\\", "\\\\").replace("\"", "\\\"");
        return """
                {"id":"chatcmpl-1","object":"chat.completion","created":1760000000,"model":"test-model",
                 "choices":[{"index":0,"message":{"role":"assistant","content":"%s"},"finish_reason":"stop"}],
                 "usage":{"prompt_tokens":10,"completion_tokens":6,"total_tokens":16}}
                """.formatted(escaped);
    }

    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}
