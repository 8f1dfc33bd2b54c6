package org.trustmall.commerce.payments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.payments.PaymentProvider.Approved;
import org.trustmall.commerce.payments.PaymentProvider.Declined;

class SimulatedPaymentProviderTest {
    private final SimulatedPaymentProvider provider = new SimulatedPaymentProvider();
    private static final Money TEN = Money.of(1_000, "CNY");

    @Test
    void theTestCardsBehaveAsDocumented() {
        assertInstanceOf(Approved.class, provider.charge("4242424242424242", TEN, "a"));
        assertInstanceOf(Approved.class, provider.charge("5555-5555-5555-4444", TEN, "b"));
        assertEquals("card_declined", ((Declined) provider.charge("4000000000000002", TEN, "c")).code());
        assertEquals("insufficient_funds", ((Declined) provider.charge("4000 0000 0000 9995", TEN, "d")).code());
        assertEquals("invalid_number", ((Declined) provider.charge("4242424242424241", TEN, "e")).code());
        assertEquals("invalid_number", ((Declined) provider.charge("12", TEN, "f")).code());
        assertEquals("invalid_number", ((Declined) provider.charge(null, TEN, "g")).code());
    }

    @Test
    void aSecondChargeWithTheSameKeyReturnsTheFirstResult() {
        PaymentProvider.Result first = provider.charge("4242424242424242", TEN, "k");
        assertEquals(first, provider.charge("4242424242424242", TEN, "k"));
        assertEquals(first, provider.charge("4000000000000002", Money.of(5, "CNY"), "k"));
    }

    @Test
    void refundsNeverAddUpToMoreThanWasCharged() {
        String id = ((Approved) provider.charge("4242424242424242", TEN, "k")).paymentId();
        assertInstanceOf(Approved.class, provider.refund(id, Money.of(600, "CNY"), "r1"));
        assertInstanceOf(Approved.class, provider.refund(id, Money.of(600, "CNY"), "r1"), "same key, same result");
        assertEquals("exceeds_charge", ((Declined) provider.refund(id, Money.of(401, "CNY"), "r2")).code());
        assertInstanceOf(Approved.class, provider.refund(id, Money.of(400, "CNY"), "r3"));
        assertEquals("unknown_payment", ((Declined) provider.refund("pay_nope", TEN, "r4")).code());
        assertEquals("currency_mismatch", ((Declined) provider.refund(id, Money.of(1, "USD"), "r5")).code());
    }

    @Test
    void concurrentChargesWithOneKeyChargeOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<PaymentProvider.Result>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String key = "key-" + (i % 10);
                results.add(pool.submit(() -> provider.charge("4242424242424242", TEN, key)));
            }
            Set<String> ids = new HashSet<>();
            for (Future<PaymentProvider.Result> f : results) {
                ids.add(((Approved) f.get()).paymentId());
            }
            assertEquals(10, ids.size());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theLuhnCheckAcceptsValidNumbersOnly() {
        assertTrue(SimulatedPaymentProvider.luhn("79927398713"));
        assertTrue(!SimulatedPaymentProvider.luhn("79927398710"));
    }

    @org.junit.jupiter.api.Test
    void aJournaledProviderRemembersItsPaymentsAcrossARestartAndNeverWritesACardNumber(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("payments").resolve("simulated.journal");
        SimulatedPaymentProvider first = SimulatedPaymentProvider.journaled(file);
        PaymentProvider.Result charged = first.charge("4242 4242 4242 4242", Money.of(10_000, "CNY"), "c1");
        String payment = ((PaymentProvider.Approved) charged).paymentId();
        assertInstanceOf(PaymentProvider.Approved.class, first.refund(payment, Money.of(3_000, "CNY"), "r1"));
        first.charge("4000 0000 0000 0002", Money.of(500, "CNY"), "c2");

        SimulatedPaymentProvider again = SimulatedPaymentProvider.journaled(file);
        assertEquals(charged, again.charge("4242 4242 4242 4242", Money.of(10_000, "CNY"), "c1"), "idempotent");
        assertInstanceOf(PaymentProvider.Declined.class, again.refund(payment, Money.of(7_001, "CNY"), "r2"),
                "only what was not yet refunded can be refunded");
        PaymentProvider.Result rest = again.refund(payment, Money.of(7_000, "CNY"), "r3");
        assertInstanceOf(PaymentProvider.Approved.class, rest);
        PaymentProvider.Result next = again.charge("4242 4242 4242 4242", Money.of(1, "CNY"), "c3");
        assertNotEquals(charged, next, "ids go on from where they were");
        String journal = java.nio.file.Files.readString(file);
        assertFalse(journal.contains("4242") || journal.contains("0002"), journal);
        java.nio.file.Files.writeString(file, "C\tc9\tA\tpay_9", java.nio.file.StandardOpenOption.APPEND);
        assertEquals(charged, SimulatedPaymentProvider.journaled(file).charge("x", Money.of(1, "CNY"), "c1"),
                "a torn last line is ignored");
    }
}
