package org.trustmall.contracts.escrow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Random sequences of escrow calls by random signers against one real ledger (each try uses a fresh order): refunds
 * never exceed the amount, states move only along the allowed edges, a call succeeds exactly when a simple model
 * says it should, and a failed call leaves {@code get} as it was.
 */
class EscrowPropertiesTest {
    private static final long TIMEOUT = 120_000;
    private static final byte[] BUYER = new byte[EscrowContract.BUYER_COMMITMENT_BYTES];
    /** (state before, state after) of every allowed successful call; "" is "no escrow". */
    private static final Set<List<String>> EDGES = Set.of(
            List.of("", "LOCKED"),
            List.of("LOCKED", "LOCKED"),
            List.of("LOCKED", "RELEASED"),
            List.of("LOCKED", "REFUNDED"),
            List.of("RELEASED", "RELEASED")); // a refund after release debits the merchant, the escrow stays
    private static final AtomicLong ORDERS = new AtomicLong();

    private static Path dir;
    private static PlatformLedger ledger;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("escrow-properties");
        ledger = PlatformLedger.create(dir);
    }

    @AfterContainer
    static void close() {
        ledger.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    enum Signer { COMMERCE, PLATFORM_ORG, SUPPORT, COURIER }

    sealed interface Step { }

    /** A step that is a call to the contract. */
    sealed interface Call extends Step {
        Signer signer();
    }

    record Lock(Signer signer, long amount) implements Call { }

    /** {@code amount} null: refund what remains. */
    record Refund(Signer signer, Long amount) implements Call { }

    record MarkDelivered(Signer signer) implements Call { }

    record Release(Signer signer) implements Call { }

    record ReleaseExpired(Signer signer) implements Call { }

    /** Block time moves on. */
    record Wait(long seconds) implements Step { }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Signer> signer = Arbitraries.frequency(
                Tuple.of(6, Signer.COMMERCE), Tuple.of(1, Signer.PLATFORM_ORG),
                Tuple.of(1, Signer.SUPPORT), Tuple.of(1, Signer.COURIER));
        Arbitrary<Long> refund = Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.longs().between(1, 400)),
                Tuple.of(1, Arbitraries.longs().between(-1, 1_100))).injectNull(0.15);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                Tuple.of(1, Combinators.combine(signer, Arbitraries.longs().between(-2, 1_000)).as(Lock::new)),
                Tuple.of(2, Combinators.combine(signer, refund).as(Refund::new)),
                Tuple.of(3, signer.map(MarkDelivered::new)),
                Tuple.of(1, signer.map(Release::new)),
                Tuple.of(3, signer.map(ReleaseExpired::new)),
                Tuple.of(4, Arbitraries.longs().between(0, 300).withDistribution(RandomDistribution.uniform())
                        .map(Wait::new)));
        // Most sequences start with a lock, and most of those also with its delivery, so that there is an escrow to
        // work on and the deadline after delivery gets a chance to pass.
        List<Step> lock = List.of(new Lock(Signer.COMMERCE, 1_000));
        List<Step> lockAndDeliver = List.of(new Lock(Signer.COMMERCE, 1_000), new MarkDelivered(Signer.COMMERCE));
        Arbitrary<List<Step>> start =
                Arbitraries.of(List.<Step>of(), lock, lockAndDeliver, lockAndDeliver, lockAndDeliver);
        return Combinators.combine(start, step.list().ofMinSize(1).ofMaxSize(16))
                .as((prefix, rest) -> Stream.concat(prefix.stream(), rest.stream()).toList());
    }

    /** What the model expects of the escrow; {@code state} null while there is none. */
    private static final class Model {
        String state;
        long amount;
        long refunded;
        String lockerOrg;
        String lockerRole;
        boolean delivered;
        long releaseAfter;
        /** What this escrow has added to the merchant's balance: credited at release, debited by later refunds. */
        long merchantCredit;

        boolean controlledBy(Signer s) {
            return org(s).equals(lockerOrg) && (role(s).equals(lockerRole) || role(s).equals("org"));
        }

        /** Applies the step if the model allows it; returns whether it does. */
        boolean apply(Call step, long now) {
            boolean locked = "LOCKED".equals(state);
            switch (step) {
                case Lock l -> {
                    if (state != null || l.amount() <= 0) {
                        return false;
                    }
                    state = "LOCKED";
                    amount = l.amount();
                    lockerOrg = org(l.signer());
                    lockerRole = role(l.signer());
                    releaseAfter = now + TIMEOUT;
                    return true;
                }
                case Refund r -> {
                    long a = r.amount() == null ? amount - refunded : r.amount();
                    boolean released = "RELEASED".equals(state);
                    if (!(locked || released) || !controlledBy(r.signer()) || a < 1 || a > amount - refunded) {
                        return false;
                    }
                    refunded += a;
                    if (released) {
                        merchantCredit -= a; // after release, the refund comes out of the merchant's balance
                    } else if (refunded == amount) {
                        state = "REFUNDED";
                    }
                    return true;
                }
                case MarkDelivered m -> {
                    if (!locked || !controlledBy(m.signer()) || delivered) {
                        return false;
                    }
                    delivered = true;
                    releaseAfter = now + TIMEOUT;
                    return true;
                }
                case Release r -> {
                    if (!locked || !controlledBy(r.signer())) {
                        return false;
                    }
                    state = "RELEASED";
                    merchantCredit += amount - refunded;
                    return true;
                }
                case ReleaseExpired r -> {
                    if (!locked || !delivered || now < releaseAfter) {
                        return false;
                    }
                    state = "RELEASED";
                    merchantCredit += amount - refunded;
                    return true;
                }
            }
        }
    }

    @Property(tries = 150)
    void refundsNeverExceedTheAmountStatesMoveOnlyForwardAndFailedCallsChangeNothing(
            @ForAll("steps") List<Step> steps) {
        String order = "prop-" + ORDERS.incrementAndGet();
        Model model = new Model();
        CborMap before = get(order);
        long balanceBefore = merchantBalance();
        for (Step s : steps) {
            if (!(s instanceof Call step)) {
                ledger.advance(Duration.ofSeconds(((Wait) s).seconds()));
                continue;
            }
            long now = ledger.now();
            boolean expected = model.apply(step, now);
            TxResult result = ledger.call(key(step.signer()), EscrowContract.ID, method(step), args(order, step));
            CborMap after = get(order);
            Statistics.label("calls").collect(method(step), result.ok() ? "ok" : "failed");
            assertEquals(expected, result.ok(), () -> step + " on " + model.state + ": " + result
                    + (result instanceof TxResult.Failed f ? " " + f.reason() : ""));
            if (!result.ok()) {
                assertEquals(before, after, () -> "failed " + step + " changed the escrow");
                continue;
            }
            String from = before == null ? "" : before.text("state");
            String to = after.text("state");
            assertTrue(EDGES.contains(List.of(from, to)), () -> step + " moved " + from + " -> " + to);
            assertEquals(model.state, to);
            assertEquals(model.amount, after.integer("amount"));
            assertEquals(model.refunded, after.integer("refunded"));
            assertTrue(0 <= after.integer("refunded") && after.integer("refunded") <= after.integer("amount"));
            assertEquals(model.releaseAfter, after.integer("release_after"));
            assertEquals(model.merchantCredit, merchantBalance() - balanceBefore,
                    () -> "the merchant's balance after " + step);
            before = after;
        }
        // Guards against a generator that stops reaching the interesting paths.
        Statistics.label("calls").coverage(c -> {
            for (String method : List.of(EscrowContract.LOCK, EscrowContract.REFUND, EscrowContract.MARK_DELIVERED,
                    EscrowContract.RELEASE, EscrowContract.RELEASE_EXPIRED)) {
                c.check(method, "ok").count(n -> n > 0);
                c.check(method, "failed").count(n -> n > 0);
            }
        });
    }

    private static long merchantBalance() {
        return ledger.query(EscrowContract.ID, EscrowContract.BALANCE, EscrowContract.balanceArgs("merchant", "EUR"))
                .integer("balance");
    }

    private static CborMap get(String order) {
        try {
            return ledger.query(EscrowContract.ID, EscrowContract.GET, EscrowContract.getArgs(order));
        } catch (ContractFailure e) {
            return null;
        }
    }

    private static String method(Call step) {
        return switch (step) {
            case Lock l -> EscrowContract.LOCK;
            case Refund r -> EscrowContract.REFUND;
            case MarkDelivered m -> EscrowContract.MARK_DELIVERED;
            case Release r -> EscrowContract.RELEASE;
            case ReleaseExpired r -> EscrowContract.RELEASE_EXPIRED;
        };
    }

    private static byte[] args(String order, Call step) {
        return switch (step) {
            case Lock l -> EscrowContract.lockArgs(order, BUYER, "merchant", l.amount(), "EUR", TIMEOUT);
            case Refund r -> r.amount() == null ? EscrowContract.refundArgs(order)
                    : EscrowContract.refundArgs(order, r.amount());
            case MarkDelivered m -> EscrowContract.markDeliveredArgs(order);
            case Release r -> EscrowContract.releaseArgs(order);
            case ReleaseExpired r -> EscrowContract.releaseExpiredArgs(order);
        };
    }

    private static SigningKey key(Signer s) {
        return switch (s) {
            case COMMERCE -> ledger.commerce;
            case PLATFORM_ORG -> ledger.platform;
            case SUPPORT -> ledger.support;
            case COURIER -> ledger.courier;
        };
    }

    private static String org(Signer s) {
        return s == Signer.COURIER ? "courier" : "platform";
    }

    private static String role(Signer s) {
        return switch (s) {
            case COMMERCE -> "commerce";
            case SUPPORT -> "support";
            case PLATFORM_ORG, COURIER -> "org";
        };
    }
}
