package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService;

/**
 * The node's own ledger verification over real HTTP: the first status request starts a run, and a ledger whose
 * files were altered is reported failed, with what was found and where.
 */
class LedgerVerificationHttpTest {
    @TempDir
    Path dir;
    private TestPlatform p;
    private String admin;

    @BeforeEach
    void start() {
        p = TestPlatform.start(dir, TestDatabases.Kind.H2, TestCommerce.CHEAP_HASHER);
        p.commerce.accounts().createUser(new AccountService.Registration("verify-admin@example.com",
                TestCommerce.PASSWORD, Role.ADMIN, "Admin"));
        admin = p.http.post("/api/v1/auth/login", null, Map.of("email", "verify-admin@example.com",
                "password", TestCommerce.PASSWORD)).json().get("token").asText();
    }

    @AfterEach
    void stop() {
        p.close();
    }

    @Test
    void theFirstStatusRequestStartsARunThatFindsTheLedgerIntact() throws InterruptedException {
        long height = p.ledger.height();
        JsonNode first = p.http.get("/api/v1/ledger/verification", null).json();
        assertTrue(first.get("running").asBoolean() || first.has("last"), first::toString);
        JsonNode last = awaitFinished();
        assertTrue(last.get("ok").asBoolean(), last::toString);
        assertTrue(last.get("height").asLong() >= height && last.get("height").asLong() <= p.ledger.height(),
                last::toString);
        assertEquals(p.ledger.checkpoint(last.get("height").asLong()).logSize(), last.get("logSize").asLong());
    }

    @Test
    void aLedgerWhoseFilesWereAlteredIsReportedFailedWithWhereAndWhy() throws IOException, InterruptedException {
        Path segment;
        try (Stream<Path> files = Files.list(p.ledger.layout().segments())) {
            segment = files.filter(f -> f.getFileName().toString().endsWith(".seg")).sorted().findFirst()
                    .orElseThrow();
        }
        // A byte inside the genesis block's payload: past the file header (20 bytes) and the entry header (8).
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            ch.read(b, 80);
            b.put(0, (byte) (b.get(0) ^ 0x5a)).rewind();
            ch.write(b, 80);
        }
        Http.Response started = p.http.post("/api/v1/ledger/verification", admin, null);
        assertEquals(202, started.status(), started::toString);
        JsonNode last = awaitFinished();
        assertFalse(last.get("ok").asBoolean(), last::toString);
        assertEquals("corrupt", last.get("status").asText());
        assertEquals("checksum", last.get("reason").get("kind").asText(), last::toString);
        assertTrue(last.get("reason").get("location").asText().contains(segment.getFileName().toString()),
                last::toString);
        assertFalse(last.toString().contains(dir.toString()), "no server path in a public status: " + last);
        assertEquals(-1, last.get("height").asLong(), "the damage is in the genesis block: nothing verified");
        assertEquals(0, last.get("blocks").asLong());
    }

    private JsonNode awaitFinished() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode s = p.http.get("/api/v1/ledger/verification", null).json();
            if (!s.get("running").asBoolean() && s.has("last")) {
                return s.get("last");
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the verification did not finish within two minutes");
    }
}
