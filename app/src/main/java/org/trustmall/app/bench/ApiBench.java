package org.trustmall.app.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Progress;
import org.trustmall.app.platform.Platform;
import org.trustmall.assistant.llm.LlmConfig;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.money.Money;
import org.trustmall.ledger.LedgerException;
import org.trustmall.server.ServerConfig;

/**
 * Load over real loopback HTTP against a platform started in the data directory: product-page reads at a fixed
 * arrival rate (open loop, so latency includes any queueing a slow server causes), then concurrent buyers checking
 * out and paying — each payment an escrow lock and its fraud-risk decision committed on the ledger.
 */
final class ApiBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-password-123";

    record Result(double readRateTarget, double readRateAchieved, long reads, long readErrors, double readP50Ms,
                  double readP99Ms, int clients, long checkouts, long checkoutErrors, double checkoutsPerS,
                  double checkoutP50Ms, double checkoutP99Ms, long ledgerTransactions) {
    }

    private ApiBench() {
    }

    static Result run(DataDir data, int readRate, int readSeconds, int clients, int checkoutSeconds,
                      Progress progress) {
        try (Platform platform = Platform.open(data, null)) {
            platform.serve(new ServerConfig("127.0.0.1", 0, ServerConfig.DEFAULT_MAX_BODY_BYTES,
                    Duration.ofMinutes(1)), LlmConfig.disabled());
            String base = "http://127.0.0.1:" + platform.port();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                    .executor(Executors.newFixedThreadPool(4)).build();
            World world = World.create(platform, clients);

            // Warm up (JIT, connection pool, caches) with unmeasured reads and checkouts, as a running server is.
            Random warm = new Random(3);
            for (int i = 0; i < 3_000; i++) {
                long id = world.productIds.get(warm.nextInt(world.productIds.size()));
                http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + id)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            for (int i = 0; i < 50; i++) {
                checkoutOnce(http, base, world.buyerTokens.get(0), world.benchSku, "warmup-" + System.nanoTime());
            }

            long ledgerBefore = platform.ledger().logSize();

            // Reads: one request every 1/rate seconds, whatever the server's speed.
            long total = (long) readRate * readSeconds;
            long[] latencies = new long[(int) total];
            Arrays.fill(latencies, -1);
            AtomicLong errors = new AtomicLong();
            AtomicInteger done = new AtomicInteger();
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            Random random = new Random(7);
            progress.begin("reads", total);
            long start = System.nanoTime();
            long periodNanos = 1_000_000_000L / readRate;
            for (int i = 0; i < total; i++) {
                int slot = i;
                long due = start + i * periodNanos;
                long productId = world.productIds.get(random.nextInt(world.productIds.size()));
                timer.schedule(() -> {
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/products/" + productId))
                            .timeout(Duration.ofSeconds(30)).GET().build();
                    http.sendAsync(req, HttpResponse.BodyHandlers.ofString()).whenComplete((r, e) -> {
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            latencies[slot] = System.nanoTime() - due;
                        }
                        progress.update(done.incrementAndGet());
                    });
                }, Math.max(0, due - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            awaitCount(done, total, Duration.ofSeconds(readSeconds + 60L));
            double readSecondsActual = (System.nanoTime() - start) / 1e9;
            timer.shutdownNow();
            progress.end();
            long[] ok = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();

            // Checkouts: each client is one buyer adding to the cart, checking out and paying, as fast as it can.
            List<Long> checkoutLatencies = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicLong checkoutErrors = new AtomicLong();
            AtomicLong completed = new AtomicLong();
            long end = System.nanoTime() + checkoutSeconds * 1_000_000_000L;
            List<Thread> threads = new ArrayList<>();
            progress.begin("checkouts", checkoutSeconds);
            long cStart = System.nanoTime();
            for (int c = 0; c < clients; c++) {
                String token = world.buyerTokens.get(c);
                int client = c;
                threads.add(Thread.ofPlatform().start(() -> {
                    int n = 0;
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            checkoutOnce(http, base, token, world.benchSku, client + "-" + n++);
                            checkoutLatencies.add(System.nanoTime() - t0);
                            completed.incrementAndGet();
                        } catch (RuntimeException e) {
                            checkoutErrors.incrementAndGet();
                        }
                        progress.update((System.nanoTime() - cStart) / 1_000_000_000L);
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            double checkoutSecondsActual = (System.nanoTime() - cStart) / 1e9;
            progress.end();
            long[] cl = checkoutLatencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return new Result(readRate, ok.length / readSecondsActual, total, errors.get(), pct(ok, 0.5),
                    pct(ok, 0.99), clients, completed.get(), checkoutErrors.get(),
                    completed.get() / checkoutSecondsActual, pct(cl, 0.5), pct(cl, 0.99),
                    platform.ledger().logSize() - ledgerBefore);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted");
        } catch (IOException e) {
            throw new LedgerException("bench request failed: " + e.getMessage(), e);
        }
    }

    private static void checkoutOnce(HttpClient http, String base, String token, String sku, String key) {
        call(http, "POST", base + "/api/v1/cart/items", token, Map.of("sku", sku, "quantity", 1), null, 201);
        JsonNode orders = call(http, "POST", base + "/api/v1/orders", token, Map.of("shippingAddress",
                Map.of("name", "Bench Buyer", "line1", "1 Loop Rd", "city", "Shanghai", "region", "CN-SH",
                        "postcode", "200000", "country", "CN", "phone", "+86 21 5555 0000")),
                "bench-checkout-" + key, 201);
        long orderId = orders.get("orders").get(0).get("id").asLong();
        call(http, "POST", base + "/api/v1/orders/" + orderId + "/pay", token,
                Map.of("cardNumber", "4242424242424242"), "bench-pay-" + key, 200);
    }

    private static JsonNode call(HttpClient http, String method, String url, String token, Object body,
                                 String idempotencyKey, int expected) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            if (idempotencyKey != null) {
                b.header("Idempotency-Key", idempotencyKey);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                throw new IllegalStateException(method + " " + url + " -> " + r.statusCode() + " " + r.body());
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCount(AtomicInteger done, long total, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (done.get() < total && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private static double pct(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** The accounts and products the bench uses, created once per data directory and reused. */
    private record World(List<Long> productIds, String benchSku, List<String> buyerTokens) {

        static World create(Platform platform, int clients) {
            AccountService accounts = platform.commerce().accounts();
            String merchantEmail = "bench-merchant@bench.trustmall.org";
            Actor merchant = loginOrRegister(accounts, merchantEmail, Role.MERCHANT, "Bench Merchant");
            CatalogueService catalogue = platform.commerce().catalogue();
            List<Long> ids = new ArrayList<>();
            var own = catalogue.listOwn(merchant, 0, 100);
            for (var p : own.items()) {
                ids.add(p.id());
            }
            for (int i = ids.size(); i < 100; i++) {
                ids.add(catalogue.create(merchant, new CatalogueService.ProductInput("Bench Product " + i
                        + " 基准商品", "A product for load tests 压力测试商品", "electronics",
                        List.of(new CatalogueService.VariantInput("BENCH-" + i, Money.of(1_000 + i, "CNY"), 1_000_000,
                                Map.of())))).id());
            }
            List<String> tokens = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                String email = "bench-buyer-" + c + "@bench.trustmall.org";
                loginOrRegister(accounts, email, Role.BUYER, "Bench Buyer " + c);
                tokens.add(accounts.login(email, PASSWORD, "127.0.0.1").token());
            }
            return new World(ids, "BENCH-0", tokens);
        }

        private static Actor loginOrRegister(AccountService accounts, String email, Role role, String name) {
            try {
                return accounts.authenticate(accounts.login(email, PASSWORD, "127.0.0.1").token());
            } catch (RuntimeException e) {
                accounts.register(new AccountService.Registration(email, PASSWORD, role, name));
                return accounts.authenticate(accounts.login(email, PASSWORD, "127.0.0.1").token());
            }
        }
    }
}
