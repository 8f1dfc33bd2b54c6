package org.trustmall.ledger.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.testing.KvContract;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * Replaying the log from an empty state gives byte-identical headers — state roots, Merkle roots, results hashes —
 * whether the replay is the ledger reopening itself or a fresh {@link ChainState} fed the stored blocks; and the
 * state root is a function of the state's content alone.
 */
class ReplayDeterminismTest {
    /** A fixed organisation key and clock, so the properties' chains are reproducible from jqwik's seed. */
    private static final SigningKey ORG = SigningKey.fromSeed(filled(32, (byte) 7));
    private static final long T0 = 1_700_000_000_000L;
    private static final Transaction GENESIS = Transaction.sign(ChainState.zeroHash(), Membership.ID,
            Membership.GENESIS, Membership.genesisArgs(List.of(new Organisation("acme", ORG.publicKey())),
                    ChainParameters.DEFAULT), ORG, 1, T0);

    @Test
    void replayingTheStoredBlocksFromEmptyGivesEveryStoredHeaderByteForByte(@TempDir Path dir) {
        TestLedgers t = TestLedgers.create(dir);
        SigningKey role = SigningKey.generate();
        List<BlockHeader> stored = new ArrayList<>();
        long onlyFailures;
        try (Ledger ledger = t.open()) {
            List<CompletableFuture<Receipt>> wave = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                wave.add(ledger.submit(t.put("k" + i, new byte[] {(byte) i})));
            }
            wave.add(ledger.submit(t.call("fail-after-write", CborMap.builder().put("key", "k3").build())));
            wave.add(ledger.submit(t.call("write-many", CborMap.builder().put("n", 300L).build())));
            wave.add(ledger.submit(t.call("write-many", CborMap.builder().put("n", 5L).build())));
            wave.add(ledger.submit(t.call("no-such-method", CborMap.builder().build())));
            wave.forEach(f -> assertInstanceOf(Receipt.Committed.class, f.join()));
            committed(ledger.submitAndWait(t.call(t.orgKey, Membership.ID, "add-role",
                    CborMap.builder().put("role", "service").put("key", role.publicKey().bytes()).build())));
            for (int i = 0; i < 5; i++) {
                committed(ledger.submitAndWait(t.call(role, KvContract.ID, "put",
                        CborMap.builder().put("key", "by-role-" + i).put("value", new byte[] {1}).build())));
            }
            committed(ledger.submitAndWait(t.call(role, Membership.ID, "add-role",
                    CborMap.builder().put("role", "other").put("key", SigningKey.generate().publicKey().bytes())
                            .build())));
            onlyFailures = committed(ledger.submitAndWait(t.call("fail-after-write",
                    CborMap.builder().put("key", "k0").build()))).height();
            committed(ledger.submitAndWait(t.put("k0", new byte[] {9})));
            for (long h = 0; h <= ledger.height(); h++) {
                stored.add(ledger.block(h).header());
            }
        }
        long failures = 0;

        try (Ledger reopened = t.open()) {
            assertEquals(stored.get(stored.size() - 1), reopened.checkpoint().header());
            ChainState fresh = new ChainState(TestLedgers.runtime());
            for (int h = 0; h < stored.size(); h++) {
                Block block = reopened.block(h);
                ExecutedBlock replayed = fresh.execute(block.header().timestamp(), block.transactions());
                fresh.publish(replayed);

                BlockHeader header = stored.get(h);
                assertEquals(header.stateRoot(), replayed.header().stateRoot(), "state root of block " + h);
                assertEquals(header.merkleRoot(), replayed.header().merkleRoot(), "Merkle root of block " + h);
                assertEquals(header.resultsHash(), replayed.header().resultsHash(), "results hash of block " + h);
                assertEquals(header, replayed.header(), "header of block " + h);
                assertEquals(block.results(), replayed.results(), "results of block " + h);
                assertTrue(replayed.rejections().isEmpty(), "block " + h + " replays without rejections");
                failures += replayed.results().stream().filter(r -> !r.ok()).count();
            }
        }
        assertEquals(5, failures, "the log should hold the five failing calls it was given");
        assertEquals(stored.get((int) onlyFailures - 1).stateRoot(), stored.get((int) onlyFailures).stateRoot(),
                "a block of only failed calls leaves the state as it was");
        assertNotEquals(stored.get((int) onlyFailures).stateRoot(), stored.get((int) onlyFailures + 1).stateRoot(),
                "a successful write changes the state root");
    }

    // ---- properties over ChainState directly ----

    /** One kv call: a put, a put that fails after writing, or a write of {@code n} keys (over 256 fails). */
    record Op(String method, String key, byte[] value, long n) {
        CborMap args() {
            return switch (method) {
                case "put" -> CborMap.builder().put("key", key).put("value", value).build();
                case "fail-after-write" -> CborMap.builder().put("key", key).build();
                default -> CborMap.builder().put("n", n).build();
            };
        }

        @Override
        public String toString() {
            return method + "(" + (method.equals("write-many") ? n : key + "=" + Arrays.toString(value)) + ")";
        }
    }

    @Property(tries = 40)
    void twoChainStatesFedTheSameBatchesProduceIdenticalHeadersAndResults(@ForAll("ops") List<Op> ops,
                                                                          @ForAll Random random) {
        List<List<Transaction>> batches = split(sign(ops), random);

        Chain a = new Chain();
        Chain b = new Chain();
        List<ExecutedBlock> fromA = a.feed(batches);
        List<ExecutedBlock> fromB = b.feed(batches);

        for (int i = 0; i < batches.size(); i++) {
            assertEquals(fromA.get(i).header(), fromB.get(i).header(), "header of block " + (i + 1));
            assertEquals(fromA.get(i).results(), fromB.get(i).results(), "results of block " + (i + 1));
        }
    }

    @Property(tries = 40)
    void theFinalStateRootDependsOnlyOnTheFinalKeyValueContent(@ForAll("puts") List<Op> puts,
                                                               @ForAll Random random) {
        Map<String, byte[]> content = new LinkedHashMap<>();
        puts.forEach(p -> content.put(p.key(), p.value()));
        List<Op> once = new ArrayList<>();
        content.forEach((k, v) -> once.add(new Op("put", k, v, 0)));
        Collections.shuffle(once, random);
        List<Op> changed = new ArrayList<>(once);
        Op first = changed.get(0);
        changed.set(0, new Op("put", first.key(), Arrays.copyOf(first.value(), first.value().length + 1), 0));

        Hash asWritten = new Chain().finalRoot(split(sign(puts), random));
        Hash finalValuesInAnotherOrder = new Chain().finalRoot(split(sign(once), random));
        Hash oneValueChanged = new Chain().finalRoot(split(sign(changed), random));

        assertEquals(asWritten, finalValuesInAnotherOrder);
        assertNotEquals(asWritten, oneValueChanged, "the root must reflect the values");
    }

    @Provide
    Arbitrary<List<Op>> ops() {
        Arbitrary<Op> put = Combinators.combine(keys(), values()).as((k, v) -> new Op("put", k, v, 0));
        Arbitrary<Op> fail = keys().map(k -> new Op("fail-after-write", k, null, 0));
        Arbitrary<Op> many = Arbitraries.longs().between(0, 300).map(n -> new Op("write-many", null, null, n));
        return Arbitraries.frequencyOf(
                Tuple.of(6, put), Tuple.of(2, fail), Tuple.of(1, many))
                .list().ofMinSize(1).ofMaxSize(30);
    }

    @Provide
    Arbitrary<List<Op>> puts() {
        return Combinators.combine(keys(), values()).as((k, v) -> new Op("put", k, v, 0)).list().ofMinSize(1)
                .ofMaxSize(30);
    }

    private static Arbitrary<String> keys() {
        return Arbitraries.of("a", "b", "c", "d", "e", "f", "g", "h", "many/1", "many/300");
    }

    private static Arbitrary<byte[]> values() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(4);
    }

    /** Signs each op as the organisation, with distinct nonces, at the chain's start time. */
    private static List<Transaction> sign(List<Op> ops) {
        Hash chainId = GENESIS.id();
        List<Transaction> out = new ArrayList<>();
        long nonce = 100;
        for (Op op : ops) {
            out.add(Transaction.sign(chainId, KvContract.ID, op.method(), op.args().encode(), ORG, nonce++, T0));
        }
        return out;
    }

    /** Cuts {@code items} into consecutive batches of 1 to 8. */
    private static <T> List<List<T>> split(List<T> items, Random random) {
        List<List<T>> out = new ArrayList<>();
        for (int at = 0; at < items.size(); ) {
            int n = 1 + random.nextInt(Math.min(8, items.size() - at));
            out.add(List.copyOf(items.subList(at, at + n)));
            at += n;
        }
        return out;
    }

    private static byte[] filled(int n, byte b) {
        byte[] out = new byte[n];
        Arrays.fill(out, b);
        return out;
    }

    private static Receipt.Committed committed(Receipt r) {
        return assertInstanceOf(Receipt.Committed.class, r, r::toString);
    }

    /** A chain state past the shared genesis block, fed blocks one second apart. */
    private static final class Chain {
        private final ChainState state = new ChainState(TestLedgers.runtime());
        private long blocks;

        Chain() {
            execute(List.of(GENESIS));
        }

        List<ExecutedBlock> feed(List<List<Transaction>> batches) {
            List<ExecutedBlock> out = new ArrayList<>();
            for (List<Transaction> batch : batches) {
                out.add(execute(batch));
            }
            return out;
        }

        Hash finalRoot(List<List<Transaction>> batches) {
            feed(batches);
            return state.lastHeader().stateRoot();
        }

        private ExecutedBlock execute(List<Transaction> batch) {
            ExecutedBlock e = state.execute(T0 + 1000 * blocks++, batch);
            assertTrue(e.rejections().isEmpty(), () -> "rejected: " + e.rejections());
            state.publish(e);
            return e;
        }
    }
}
