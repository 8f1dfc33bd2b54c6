package org.trustmall.data.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.trustmall.data.ingest.Interaction;
import org.trustmall.ledger.merkle.MerkleLog;

/**
 * The algebra of snapshot roots: the ledger's tree hash computed as a stream, a function of the multiset of rows
 * only, and changed by any change to that multiset.
 */
class SnapshotRootPropertyTest {

    @Provide
    Arbitrary<Interaction> row() {
        return Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 7),
                Arbitraries.longs().between(0, 2_000), Arbitraries.of(Interaction.EVENTS),
                Arbitraries.integers().between(1, 5))
                .as((u, i, t, e, r) -> new Interaction("u" + u, "item-" + i, t, e, e.equals("rating") ? (double) r
                        : null));
    }

    @Provide
    Arbitrary<List<Interaction>> rows() {
        return row().list().ofMinSize(0).ofMaxSize(60);
    }

    @Property(tries = 300)
    void theStreamedRootEqualsTheLedgersMerkleLogRoot(@ForAll @IntRange(min = 0, max = 300) int n,
                                                     @ForAll long seed) {
        Random random = new Random(seed);
        MerkleRoot streamed = new MerkleRoot();
        MerkleLog log = new MerkleLog();
        for (int i = 0; i < n; i++) {
            byte[] leaf = new byte[random.nextInt(40)];
            random.nextBytes(leaf);
            streamed.add(leaf);
            log.appendLeaf(leaf, 0, leaf.length);
        }
        assertEquals(log.root(), streamed.root());
        assertEquals(n, streamed.size());
    }

    @Property(tries = 300)
    void theRootDoesNotDependOnTheOrderRowsAreGivenIn(@ForAll("rows") List<Interaction> rows, @ForAll long seed) {
        List<Interaction> shuffled = new ArrayList<>(rows);
        Collections.shuffle(shuffled, new Random(seed));
        assertEquals(Snapshots.root(rows), Snapshots.root(shuffled));
    }

    @Property(tries = 300)
    void removingAnyRowChangesTheRoot(@ForAll("rows") List<Interaction> rows, @ForAll long seed) {
        Assume.that(!rows.isEmpty());
        List<Interaction> fewer = new ArrayList<>(rows);
        fewer.remove(new Random(seed).nextInt(rows.size()));
        assertNotEquals(Snapshots.root(rows), Snapshots.root(fewer));
    }

    @Property(tries = 300)
    void addingAnyRowChangesTheRoot(@ForAll("rows") List<Interaction> rows, @ForAll("row") Interaction extra) {
        List<Interaction> more = new ArrayList<>(rows);
        more.add(extra);
        assertNotEquals(Snapshots.root(rows), Snapshots.root(more));
    }

    @Property(tries = 300)
    void changingAnyFieldOfAnyRowChangesTheRoot(@ForAll("rows") List<Interaction> rows, @ForAll long seed,
                                               @ForAll @IntRange(min = 0, max = 4) int field) {
        Assume.that(!rows.isEmpty());
        Random random = new Random(seed);
        List<Interaction> changed = new ArrayList<>(rows);
        int at = random.nextInt(rows.size());
        Interaction r = rows.get(at);
        Interaction c = switch (field) {
            case 0 -> new Interaction(r.user() + "x", r.item(), r.timestamp(), r.event(), r.rating());
            case 1 -> new Interaction(r.user(), r.item() + "x", r.timestamp(), r.event(), r.rating());
            case 2 -> new Interaction(r.user(), r.item(), r.timestamp() + 1 + random.nextInt(1000), r.event(),
                    r.rating());
            case 3 -> new Interaction(r.user(), r.item(), r.timestamp(), r.event().equals("view") ? "cart" : "view",
                    r.rating());
            default -> new Interaction(r.user(), r.item(), r.timestamp(), r.event(),
                    r.rating() == null ? 3.0 : r.rating() + 0.5);
        };
        changed.set(at, c);
        assertNotEquals(Snapshots.root(rows), Snapshots.root(changed));
    }
}
