package org.trustmall.ledger;

import static java.util.concurrent.TimeUnit.MILLISECONDS;
import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.testing.CrashChild;
import org.trustmall.ledger.testing.TestLedgers;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;
import org.trustmall.ledger.verify.VerificationReport.Status;

/**
 * Acceptance: a ledger whose writing process is killed with SIGKILL at random moments, again and again on the same
 * directory, never loses a transaction it acknowledged, never looks corrupt, and is intact again once reopened.
 *
 * <p>The writer is a real child JVM ({@link CrashChild}) that prints each transaction id right after its receipt
 * arrives; whatever it printed before it died was acknowledged. The kill comes a random delay after the first
 * acknowledgement, from a seed that is printed and settable with {@code -Dtrustmall.crash.seed=...} (where in the
 * child's work the kill lands still varies from run to run: that is the point).
 */
class CrashSafetyTest {
    private static final long SEED = Long.getLong("trustmall.crash.seed", new SecureRandom().nextLong());
    private static final int KILLS = 20;
    private static final String END = "\0end";

    @TempDir
    Path work;

    @Test
    void killingTheWriterAtRandomMomentsNeverLosesAnAcknowledgedTransaction() throws Exception {
        System.out.println("CrashSafetyTest seed " + SEED + " (-Dtrustmall.crash.seed=" + SEED + " reproduces)");
        Random random = new Random(SEED);
        byte[] seed = new byte[32];
        random.nextBytes(seed);
        SigningKey key = SigningKey.fromSeed(seed);
        Path dir = work.resolve("ledger");
        Hash chainId = null;
        long checked = 0;
        int tornTails = 0;
        int unacknowledgedBlocks = 0;
        Writer writer = Writer.start(dir, seed, work.resolve("writer-0.err"));
        try {
            for (int round = 0; round < KILLS; round++) {
                // Short delays keep the ledger small: every round verifies all of it twice.
                long delayMillis = 50 + random.nextInt(400);
                String what = "round " + round + " (kill " + delayMillis + " ms after the first ack, seed " + SEED
                        + ")";

                Writer killed = writer;
                List<Hash> acknowledged = killed.goThenKillAfter(delayMillis);
                // The next writer boots while this round is checked; it touches the ledger only when told to go.
                writer = round + 1 < KILLS ? Writer.start(dir, seed, work.resolve("writer-" + (round + 1) + ".err"))
                        : null;

                if (chainId == null) {
                    chainId = killed.chainId;
                }
                assertEquals(chainId, killed.chainId, what);
                TrustedKeys trusted = TestLedgers.existing(dir, key, chainId).trustedKeys();
                VerificationReport afterCrash = verify(dir, trusted);
                assertTrue(afterCrash.status() == Status.INTACT || afterCrash.status() == Status.TORN_TAIL,
                        what + ": " + describe(afterCrash));
                if (afterCrash.status() == Status.TORN_TAIL) {
                    tornTails++;
                    if (afterCrash.notes().stream().anyMatch(n -> n.contains("were never acknowledged"))) {
                        unacknowledgedBlocks++;
                    }
                }
                try (Ledger ledger = TestLedgers.existing(dir, key, chainId).open()) {
                    for (Hash id : acknowledged) {
                        assertTrue(ledger.transaction(id).isPresent(), what + ": acknowledged transaction "
                                + id.hex() + " is missing after recovery");
                    }
                }
                VerificationReport reopened = verify(dir, trusted);
                assertEquals(Status.INTACT, reopened.status(), what + " after reopening: " + describe(reopened));
                checked += acknowledged.size();
            }
        } finally {
            if (writer != null) {
                writer.process.destroyForcibly();
            }
        }
        System.out.printf("crash safety: %d kills, %d acknowledged transactions checked, %d torn tails (%d with a "
                + "complete unacknowledged block, %d with only a partly written entry or record)%n", KILLS, checked,
                tornTails, unacknowledgedBlocks, tornTails - unacknowledgedBlocks);
        assertTrue(checked >= KILLS, "every round must have acknowledged something to check");
    }

    private static VerificationReport verify(Path dir, TrustedKeys trusted) {
        return new LedgerVerifier(TestLedgers.runtime(), Signatures.fastest()).verify(dir, Optional.of(trusted));
    }

    private static String describe(VerificationReport r) {
        return r.status() + r.problem().map(p -> " " + p.describe()).orElse("") + " " + r.notes();
    }

    /** One {@link CrashChild} process and the lines it printed, read on a thread of their own. */
    private static final class Writer {
        private final Process process;
        private final Path stderr;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Thread reader;
        private Hash chainId;

        private Writer(Process process, Path stderr) {
            this.process = process;
            this.stderr = stderr;
            this.reader = Thread.ofPlatform().daemon().name("writer-stdout").start(() -> {
                try (BufferedReader r = process.inputReader(StandardCharsets.US_ASCII)) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // The pipe breaks when the child dies; what was read so far is what it printed.
                } finally {
                    lines.add(END);
                }
            });
        }

        static Writer start(Path dir, byte[] seed, Path stderr) {
            try {
                return new Writer(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
                        .toString(), "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx256m",
                        "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(), dir.toString(),
                        HexFormat.of().formatHex(seed)).redirectError(stderr.toFile()).start(), stderr);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Lets the writer open the ledger, waits (with a deadline) for its first acknowledgement, keeps reading for
         * {@code delayMillis} more, kills it with SIGKILL and returns every transaction it acknowledged.
         */
        List<Hash> goThenKillAfter(long delayMillis) throws InterruptedException {
            List<String> printed = new ArrayList<>();
            try {
                long deadline = System.nanoTime() + SECONDS.toNanos(60);
                awaitLine("ready", deadline, printed);
                try {
                    OutputStream in = process.getOutputStream();
                    in.write("go\n".getBytes(StandardCharsets.US_ASCII));
                    in.flush();
                } catch (IOException e) {
                    fail("cannot tell the writer to go: " + e + "; its stderr: " + stderrText());
                }
                awaitLine("ack ", deadline, printed);
                long killAt = System.nanoTime() + MILLISECONDS.toNanos(delayMillis);
                for (long left = killAt - System.nanoTime(); left > 0; left = killAt - System.nanoTime()) {
                    String line = lines.poll(left, NANOSECONDS);
                    if (END.equals(line)) {
                        fail("the writer exited before it was killed; its stderr: " + stderrText());
                    }
                    if (line != null) {
                        printed.add(line);
                    }
                }
            } finally {
                process.destroyForcibly();
            }
            assertTrue(process.waitFor(30, SECONDS), "the killed writer did not exit");
            assertEquals(137, process.exitValue(), "the writer must die of SIGKILL; its stderr: " + stderrText());
            reader.join(SECONDS.toMillis(30));
            for (String line = lines.poll(); line != null && !line.equals(END); line = lines.poll()) {
                printed.add(line);
            }

            List<Hash> acknowledged = new ArrayList<>();
            for (String line : printed) {
                if (line.startsWith("chain ")) {
                    chainId = Hash.fromHex(line.substring(6));
                } else if (line.matches("ack [0-9a-f]{64}")) {
                    acknowledged.add(Hash.fromHex(line.substring(4)));
                }
                // Anything else is "ready", or the last line cut off by the kill before its id was complete.
            }
            assertNotNull(chainId, "the writer printed no chain id");
            return acknowledged;
        }

        private void awaitLine(String prefix, long deadline, List<String> printed) throws InterruptedException {
            while (printed.stream().noneMatch(l -> l.startsWith(prefix))) {
                String line = lines.poll(deadline - System.nanoTime(), NANOSECONDS);
                if (line == null || line.equals(END)) {
                    fail("the writer never printed '" + prefix.strip() + "' (" + (line == null ? "not within 60 s"
                            : "it exited") + "); its stderr: " + stderrText());
                }
                printed.add(line);
            }
        }

        private String stderrText() {
            try {
                return Files.readString(stderr);
            } catch (IOException e) {
                return "(unreadable: " + e.getMessage() + ")";
            }
        }
    }
}
