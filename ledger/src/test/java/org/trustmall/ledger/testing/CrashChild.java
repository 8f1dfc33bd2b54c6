package org.trustmall.ledger.testing;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainState;
import org.trustmall.ledger.tx.Transaction;

/**
 * The process a crash test kills: opens the ledger in {@code args[0]} (creating it on the first run) with the
 * organisation key whose seed is {@code args[1]} in hex, then writes kv transactions from two threads until it is
 * killed. Prints {@code chain <id>} once open, and {@code ack <transaction id>} for each transaction right after its
 * receipt arrives — so every id printed was acknowledged, and the parent may hold the ledger to it.
 *
 * <p>It first loads its classes, prints {@code ready} and waits for a line on stdin before it touches the ledger,
 * so the parent can start the next writer while it still checks the directory after the last kill.
 */
public final class CrashChild {
    private CrashChild() {
    }

    public static void main(String[] args) throws InterruptedException, IOException {
        Path dir = Path.of(args[0]);
        SigningKey key = SigningKey.fromSeed(HexFormat.of().parseHex(args[1]));
        warmUp(key);
        System.out.println("ready");
        System.out.flush();
        if (new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII)).readLine() == null) {
            return;
        }
        if (!Files.exists(new LedgerLayout(dir).commits())) {
            TestLedgers.create(dir, key);
        }
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.US_ASCII);
        try (Ledger ledger = TestLedgers.existing(dir, key, null).open()) {
            TestLedgers t = TestLedgers.existing(dir, key, ledger.chainId());
            out.println("chain " + ledger.chainId().hex());
            out.flush();
            String run = Long.toHexString(ThreadLocalRandom.current().nextLong());
            Thread[] writers = new Thread[2];
            for (int w = 0; w < writers.length; w++) {
                String prefix = run + "/" + w + "/";
                writers[w] = Thread.ofPlatform().name("writer-" + w).start(() -> {
                    byte[] value = new byte[48];
                    for (long i = 0; ; i++) {
                        ThreadLocalRandom.current().nextBytes(value);
                        Transaction tx = t.put(prefix + i, value);
                        Receipt receipt = ledger.submitAndWait(tx);
                        if (!(receipt instanceof Receipt.Committed)) {
                            System.err.println("not committed: " + receipt);
                            System.exit(3);
                        }
                        synchronized (out) {
                            out.println("ack " + tx.id().hex());
                            out.flush();
                        }
                    }
                });
            }
            for (Thread w : writers) {
                w.join();
            }
        }
    }

    /** Loads and exercises what writing needs, without touching any ledger. */
    private static void warmUp(SigningKey key) {
        Transaction tx = Transaction.sign(Hash.sha256(new byte[0]), KvContract.ID, "put",
                CborMap.builder().put("key", "warm-up").put("value", new byte[1]).build().encode(), key, 0, 0);
        if (!Transaction.decode(tx.encoded(), 1 << 16).signatureValid(Signatures.fastest())) {
            throw new IllegalStateException("cannot verify its own signature");
        }
        new ChainState(TestLedgers.runtime());
    }
}
