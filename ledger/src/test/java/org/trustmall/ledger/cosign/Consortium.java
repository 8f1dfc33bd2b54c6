package org.trustmall.ledger.cosign;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.testing.KvContract;
import org.trustmall.ledger.testing.LedgerCopies;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.tx.Transaction;

/**
 * A consortium in one process: one genesis naming every organisation, copied to one directory per node, each node
 * opened with its own organisation key and fed batches by the test through a {@link ManualOrderer}. Fed the same
 * batches at the same timestamps, the nodes compute the same headers and each seals them with its own key.
 */
final class Consortium implements AutoCloseable {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One node: its organisation, key, ledger and the orderer the test drives. */
    record Node(Organisation org, SigningKey key, Ledger ledger, ManualOrderer orderer) {
        CheckpointSource source() {
            return CheckpointSource.of(org.name(), ledger);
        }

        void commit(long timestamp, List<Transaction> batch) {
            for (Receipt r : orderer.commit(timestamp, batch)) {
                assertInstanceOf(Receipt.Committed.class, r, r::toString);
            }
        }
    }

    final Hash chainId;
    final List<Node> nodes;
    private long clock;

    private Consortium(Hash chainId, List<Node> nodes, long clock) {
        this.chainId = chainId;
        this.nodes = nodes;
        this.clock = clock;
    }

    static Consortium create(Path dir, String... names) {
        List<SigningKey> keys = new ArrayList<>();
        List<Organisation> orgs = new ArrayList<>();
        for (String name : names) {
            SigningKey k = SigningKey.generate();
            keys.add(k);
            orgs.add(new Organisation(name, k.publicKey()));
        }
        Path genesis = dir.resolve(names[0]);
        Hash chain = Ledger.create(genesis, orgs, keys.get(0), ChainParameters.DEFAULT, TestLedgers.runtime(),
                LedgerOptions.DEFAULT);
        List<Node> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < names.length; i++) {
                Path home = i == 0 ? genesis : LedgerCopies.copy(genesis, dir.resolve(names[i]));
                ManualOrderer orderer = new ManualOrderer();
                Ledger ledger = Ledger.open(home, orgs.get(i), keys.get(i), TestLedgers.runtime(),
                        LedgerOptions.DEFAULT, orderer);
                nodes.add(new Node(orgs.get(i), keys.get(i), ledger, orderer));
            }
        } catch (RuntimeException e) {
            nodes.forEach(n -> n.ledger().close());
            throw e;
        }
        return new Consortium(chain, List.copyOf(nodes), System.currentTimeMillis());
    }

    Node node(String name) {
        return nodes.stream().filter(n -> n.org().name().equals(name)).findFirst().orElseThrow();
    }

    List<Organisation> organisations() {
        return nodes.stream().map(Node::org).toList();
    }

    /** The organisations' keys as a client obtains them out of band, with {@code k} of them required. */
    TrustedKeys trust(int k) {
        return new TrustedKeys(Optional.of(chainId), organisations(), k);
    }

    /** The next block's timestamp: a second after the previous one, the same on every node. */
    long tick() {
        clock += 1000;
        return clock;
    }

    /** {@code count} kv puts signed by the first organisation, timestamped {@code timestamp}. */
    List<Transaction> puts(String prefix, int count, long timestamp) {
        SigningKey signer = nodes.get(0).key();
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] args = CborMap.builder().put("key", prefix + "/" + i).put("value", new byte[] {(byte) i}).build()
                    .encode();
            batch.add(Transaction.sign(chainId, KvContract.ID, "put", args, signer, RANDOM.nextLong(), timestamp));
        }
        return batch;
    }

    /** One block, the same on every node listed (all nodes when none is). */
    void commit(String prefix, int count, Node... on) {
        long t = tick();
        List<Transaction> batch = puts(prefix, count, t);
        for (Node n : on.length == 0 ? nodes.toArray(Node[]::new) : on) {
            n.commit(t, batch);
        }
    }

    @Override
    public void close() {
        nodes.forEach(n -> n.ledger().close());
    }
}
