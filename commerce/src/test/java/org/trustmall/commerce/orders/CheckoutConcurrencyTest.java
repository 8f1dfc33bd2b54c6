package org.trustmall.commerce.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService.CheckoutRequest;

/** Stock is never oversold, whatever the concurrency, on either database. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class CheckoutConcurrencyTest {
    static final int BUYERS = 1_000;
    static final int THREADS = 100;
    static final int STOCK = 10;

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;

    @Test
    void aThousandConcurrentCheckoutsOfTenInStockMakeExactlyTenOrders() throws Exception {
        try (TestCommerce t = TestCommerce.builder(kind, dir).poolSize(20).open()) {
            Actor shop = t.merchant("shop");
            t.product(shop, "Limited edition", "LIMITED", Money.of(99_900, "CNY"), STOCK);
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            try {
                List<Callable<Actor>> signUps = new ArrayList<>();
                for (int i = 0; i < BUYERS; i++) {
                    String name = "buyer-" + i;
                    signUps.add(() -> {
                        Actor buyer = t.buyer(name);
                        t.commerce().carts().add(buyer, "LIMITED", 1);
                        return buyer;
                    });
                }
                List<Actor> buyers = new ArrayList<>();
                for (Future<Actor> f : pool.invokeAll(signUps)) {
                    buyers.add(f.get());
                }

                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger placed = new AtomicInteger();
                AtomicInteger soldOut = new AtomicInteger();
                Queue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
                List<Future<?>> runs = new ArrayList<>();
                long began = System.nanoTime();
                for (Actor buyer : buyers) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        try {
                            assertEquals(1, t.commerce().orders().checkout(buyer,
                                    new CheckoutRequest(CheckoutTest.BEIJING), "checkout-1").size());
                            placed.incrementAndGet();
                        } catch (CommerceException.Conflict c) {
                            if (!"sku".equals(c.field())) {
                                unexpected.add(c);
                            }
                            soldOut.incrementAndGet();
                        } catch (RuntimeException | AssertionError e) {
                            unexpected.add(e);
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : runs) {
                    f.get();
                }
                long millis = (System.nanoTime() - began) / 1_000_000;

                assertEquals(List.of(), List.copyOf(unexpected));
                int stock = t.jdbi().withHandle(h -> h.createQuery("SELECT stock FROM variants WHERE sku = 'LIMITED'")
                        .mapTo(Integer.class).one());
                long orders = t.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM orders")
                        .mapTo(Long.class).one());
                long sold = t.jdbi().withHandle(h -> h.createQuery("SELECT COALESCE(SUM(quantity), 0) "
                        + "FROM order_lines WHERE sku = 'LIMITED'").mapTo(Long.class).one());
                System.out.printf("[%s] %d concurrent checkouts on %d threads of a SKU with %d in stock: %d orders, "
                                + "%d sold out, final stock %d, %d ms%n", kind, BUYERS, THREADS, STOCK, placed.get(),
                        soldOut.get(), stock, millis);
                assertEquals(STOCK, placed.get());
                assertEquals(BUYERS - STOCK, soldOut.get());
                assertEquals(0, stock);
                assertEquals(STOCK, orders);
                assertEquals(STOCK, sold);
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
