package org.trustmall.commerce;

import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.ledger.encoding.CborMap;

/** A ledger port for tests that must not reach the ledger: any call fails the test. */
public final class NoLedger implements LedgerGateway {
    @Override
    public Committed submit(String contract, String method, CborMap args) {
        throw new AssertionError("this test does not expect a ledger call (" + contract + "." + method + ")");
    }

    @Override
    public Committed submitAs(String role, String contract, String method, CborMap args) {
        throw new AssertionError("this test does not expect a ledger call (" + contract + "." + method + ")");
    }

    @Override
    public byte[] roleKey(String role) {
        throw new AssertionError("this test does not expect a ledger key (" + role + ")");
    }

    @Override
    public java.util.Optional<CommittedCall> transaction(String transactionId) {
        throw new AssertionError("this test does not expect a ledger lookup");
    }

    @Override
    public CborMap query(String contract, String method, CborMap args) {
        throw new AssertionError("this test does not expect a ledger query (" + contract + "." + method + ")");
    }

    @Override
    public long blockTime() {
        throw new AssertionError("this test does not expect a ledger call");
    }
}
