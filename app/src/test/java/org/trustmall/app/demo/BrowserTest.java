package org.trustmall.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.platform.Platform;
import org.trustmall.assistant.llm.LlmConfig;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.server.ServerConfig;

/**
 * The web front end in a real browser: seeds a small demo marketplace, serves it on a free loopback port and runs
 * {@code node --test web-tests/e2e/} (Playwright driving Debian's chromium headless) against it, streaming the
 * output; screenshots land in {@code app/target/browser-screenshots}. Also runs the browser modules' unit tests
 * ({@code web-tests/unit}) under Node. Without node, chromium or {@code web-tests/node_modules} ({@code npm ci} in
 * web-tests) the tests are skipped with the reason, except on CI ({@code CI=true}), where they fail.
 */
class BrowserTest {
    private static final int PRODUCTS = 200;
    private static final Duration NODE_DEADLINE = Duration.ofMinutes(20);
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("TRUSTMALL_CHROMIUM",
            "/usr/bin/chromium"));

    @TempDir
    Path tmp;

    @Test
    void theBrowserModulesPassTheirUnitTestsUnderNode() throws Exception {
        Path root = repositoryRoot();
        require(nodeVersion() != null, "node is not on the PATH");

        int exit = node(root, List.of("--test", "--test-reporter=spec", "web-tests/unit/"), Map.of());

        assertEquals(0, exit, "node --test web-tests/unit/ failed; its output is above");
    }

    @Test
    void theBrowserTestsPassAgainstASeededDemoPlatform() throws Exception {
        Path root = repositoryRoot();
        require(nodeVersion() != null, "node is not on the PATH");
        require(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing (apt-get install chromium)");
        require(Files.isDirectory(root.resolve("web-tests/node_modules/playwright-core")),
                "web-tests/node_modules is missing (run 'npm ci' in web-tests)");
        Path screenshots = root.resolve("app/target/browser-screenshots");
        Files.createDirectories(screenshots);
        DataDir data = DataDir.of(tmp.resolve("demo"));

        try (Platform platform = Platform.open(data, null)) {
            DemoMarketplace.seed(platform.commerce(), data.root(), PRODUCTS, Progress.SILENT);
            // The cheap families: the pages need a personalised model, not the best one.
            platform.recommenderTraining(List.of("pop", "markov", "itemknn"), 42).train(ModelSelection.Listener.NONE);
            platform.serve(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY_BYTES,
                    Duration.ofMinutes(1)), LlmConfig.disabled());
            String url = "http://127.0.0.1:" + platform.port();
            System.out.println("browser tests against " + url + " (data in " + data.root() + ")");

            int exit = node(root, List.of("--test", "--test-reporter=spec", "--test-concurrency=1",
                    "web-tests/e2e/"), Map.of(
                    "TRUSTMALL_URL", url,
                    "TRUSTMALL_DATA_DIR", data.root().toString(),
                    "TRUSTMALL_SCREENSHOTS", screenshots.toString(),
                    "TRUSTMALL_DEMO_PASSWORD", DemoMarketplace.PASSWORD,
                    "TRUSTMALL_DEMO_LOGINS", new ObjectMapper().writeValueAsString(DemoMarketplace.logins()),
                    "TRUSTMALL_SAMPLE_TX", sampleTransaction(platform)));

            assertEquals(0, exit, "node --test web-tests/e2e/ failed; its output is above, screenshots in "
                    + screenshots);
        }
    }

    /** A demo order's first ledger transaction, whose proof the explorer and the order page show. */
    private static String sampleTransaction(Platform platform) {
        var accounts = platform.commerce().accounts();
        Actor admin = accounts.authenticate(accounts.login(DemoMarketplace.ADMIN, DemoMarketplace.PASSWORD,
                "127.0.0.1").token());
        try {
            return platform.commerce().orders().list(admin, 0, 100).items().stream()
                    .filter(o -> !o.ledger().isEmpty()).findFirst()
                    .map(o -> o.ledger().get(0).transactionId())
                    .orElseThrow(() -> new AssertionError("the demo seeded no order with a ledger transaction"));
        } finally {
            accounts.logout(admin);
        }
    }

    /** Runs node in the repository root with the extra environment, echoing its output; returns the exit code. */
    private static int node(Path root, List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("node");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        try {
            Thread echo = Thread.ofVirtual().start(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        System.out.println("[node] " + line);
                    }
                } catch (IOException e) {
                    System.out.println("[node] output lost: " + e.getMessage());
                }
            });
            if (!p.waitFor(NODE_DEADLINE.toMinutes(), TimeUnit.MINUTES)) {
                fail("node " + String.join(" ", args) + " did not finish within " + NODE_DEADLINE);
            }
            echo.join(Duration.ofSeconds(30));
            return p.exitValue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
    }

    private static String nodeVersion() {
        try {
            Process p = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Skips with the reason, except on CI, where a missing browser-test prerequisite is a failure. */
    private static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(reason + "; CI=true, so the browser tests must run");
        }
        Assumptions.abort("browser tests skipped: " + reason);
    }

    /** The repository root: the first folder above the module's working directory that holds web-tests. */
    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("web-tests"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("no web-tests folder above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
