package org.trustmall.app.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.Cli;
import org.trustmall.app.Loopback;
import org.trustmall.app.TrustMall;
import org.trustmall.contracts.Contracts;
import org.trustmall.contracts.registry.RegistryContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.KeyFiles;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.ordering.raft.RaftConfig;
import org.trustmall.ledger.ordering.raft.RaftSubmitter;
import org.trustmall.ledger.tx.Transaction;

/**
 * {@code ledger cluster-init} then three real {@code ledger node} processes on loopback: transactions submitted from
 * this process are acknowledged and reach every node's files, and SIGTERM closes each node cleanly.
 */
class LedgerNodeProcessTest {
    @TempDir
    Path tmp;

    private final List<Process> nodes = new ArrayList<>();

    @AfterEach
    void stopNodes() throws InterruptedException {
        for (Process p : nodes) {
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void threeNodeProcessesCommitWhatAnotherProcessSubmitsAndStopCleanlyOnSigterm() throws Exception {
        Path dir = tmp.resolve("cluster");
        List<String> orgs = List.of("platform", "merchants", "logistics");
        Cli init = Cli.run("ledger", "cluster-init", "--dir", dir.toString(), "--org", orgs.get(0), "--org",
                orgs.get(1), "--org", orgs.get(2), "--base-port", String.valueOf(Loopback.consecutiveFreePorts(3)));
        assertEquals(0, init.exit(), init::toString);
        List<Path> outputs = new ArrayList<>();
        for (String org : orgs) {
            Path out = tmp.resolve(org + ".out");
            outputs.add(out);
            nodes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), TrustMall.class.getName(), "ledger", "node", "--config",
                    dir.resolve(org).resolve("node.properties").toString())
                    .redirectErrorStream(true).redirectOutput(out.toFile()).start());
        }
        await("every node ready and a leader known", () -> outputs.stream().allMatch(o -> read(o).contains("ready"))
                && outputs.stream().anyMatch(o -> read(o).matches("(?s).*leader (platform|merchants|logistics).*")));

        RaftConfig config = RaftConfig.load(dir.resolve("platform/node.properties"));
        SigningKey key = KeyFiles.readPrivate(config.keyFile());
        Hash chainId;
        try (Ledger genesis = Ledger.openReadOnly(dir.resolve("genesis"), Contracts.runtime())) {
            chainId = genesis.chainId();
        }
        SecureRandom random = new SecureRandom();
        List<Transaction> batch = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            batch.add(Transaction.sign(chainId, RegistryContract.ID, "notarise", RegistryContract.notariseArgs(
                    "doc/" + i, Hash.sha256(new byte[] {(byte) i}), null), key, random.nextLong(),
                    System.currentTimeMillis()));
        }
        try (RaftSubmitter submitter = RaftSubmitter.connect(config.group(), config.peers())) {
            List<Receipt> receipts = submitter.submit(batch).get(60, TimeUnit.SECONDS);
            receipts.forEach(r -> assertInstanceOf(Receipt.Committed.class, r, r::toString));
        }
        Hash last = batch.get(4).id();
        for (String org : orgs) {
            await(org + " holding the batch", () -> {
                try (Ledger l = Ledger.openReadOnly(dir.resolve(org).resolve("ledger"), Contracts.runtime())) {
                    return l.transaction(last).isPresent();
                }
            });
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).destroy();
            assertTrue(nodes.get(i).waitFor(60, TimeUnit.SECONDS), "node " + orgs.get(i) + " did not stop");
            String out = read(outputs.get(i));
            assertTrue(out.contains("node " + orgs.get(i) + ": stopped at height 1"), out);
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }
}
