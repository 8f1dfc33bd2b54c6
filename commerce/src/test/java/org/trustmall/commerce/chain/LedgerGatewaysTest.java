package org.trustmall.commerce.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.commerce.CommerceException;
import org.trustmall.contracts.Contracts;
import org.trustmall.contracts.escrow.EscrowContract;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerOptions;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.KeyDirectory;

class LedgerGatewaysTest {
    @TempDir
    Path dir;
    private Ledger ledger;
    private KeyDirectory keys;

    @BeforeEach
    void open() {
        keys = new KeyDirectory(dir.resolve("keys"));
        KeyDirectory.OrganisationKey org = keys.createOrganisation("platform");
        Ledger.create(dir.resolve("ledger"), List.of(org.organisation()), org.key(), ChainParameters.DEFAULT,
                Contracts.runtime(), LedgerOptions.DEFAULT);
        ledger = Ledger.open(dir.resolve("ledger"), org.organisation(), org.key(), Contracts.runtime(),
                LedgerOptions.DEFAULT);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void theServiceRoleIsRegisteredOnceAndItsKeyKept() {
        SigningKey key = LedgerGateways.ensureServiceRole(ledger, keys, "commerce");
        long size = ledger.logSize();
        SigningKey again = LedgerGateways.ensureServiceRole(ledger, keys, "commerce");
        assertEquals(key.publicKey(), again.publicKey());
        assertEquals(size, ledger.logSize(), "a registered key is not registered again");
        CborMap member = ledger.query(Membership.ID, "member", CborMap.builder()
                .put("key", key.publicKey().bytes()).build());
        assertEquals("platform", member.text("org"));
        assertEquals("commerce", member.text("role"));
    }

    @Test
    void aSubmittedCallReturnsItsCommittedTransaction() {
        LedgerGateway gateway = LedgerGateways.over(ledger, LedgerGateways.ensureServiceRole(ledger, keys,
                "commerce"));
        LedgerGateway.Committed c = gateway.submit(EscrowContract.ID, EscrowContract.LOCK, CborMap.parse(
                EscrowContract.lockArgs("order:1", new byte[32], "merchant:2", 100, "CNY", 60_000)));
        var record = ledger.transaction(Hash.fromHex(c.transactionId())).orElseThrow();
        assertEquals(c.height(), record.height());
        assertEquals(c.logIndex(), record.logIndex());
        assertEquals("LOCKED", c.result().text("state"));
        assertEquals(record.blockTimestamp(), gateway.blockTime());
    }

    @Test
    void aRefusedCallCarriesTheLedgersReason() {
        LedgerGateway gateway = LedgerGateways.over(ledger, LedgerGateways.ensureServiceRole(ledger, keys,
                "commerce"));
        CommerceException failed = assertThrows(CommerceException.class, () -> gateway.submit(EscrowContract.ID,
                EscrowContract.RELEASE, CborMap.parse(EscrowContract.releaseArgs("order:404"))));
        assertTrue(failed.getMessage().contains("has no escrow"), failed.getMessage());
        LedgerGateway stranger = LedgerGateways.over(ledger, SigningKey.generate());
        CommerceException rejected = assertThrows(CommerceException.class, () -> stranger.submit(EscrowContract.ID,
                EscrowContract.RELEASE, CborMap.parse(EscrowContract.releaseArgs("order:1"))));
        assertTrue(rejected.getMessage().contains("not a registered member"), rejected.getMessage());
        assertThrows(CommerceException.class, () -> gateway.query(EscrowContract.ID, EscrowContract.GET,
                EscrowContract.getArgs("order:404")));
    }
}
