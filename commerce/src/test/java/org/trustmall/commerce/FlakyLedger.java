package org.trustmall.commerce;

import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.ledger.encoding.CborMap;

/** The real gateway, except that calls to a chosen {@code contract.method} can be made to fail, as in an outage. */
public final class FlakyLedger implements LedgerGateway {
    private final LedgerGateway inner;
    private volatile String failing;

    public FlakyLedger(LedgerGateway inner) {
        this.inner = inner;
    }

    /** Calls to {@code contractDotMethod} (e.g. {@code escrow.settle}) fail from now on; null heals it. */
    public void fail(String contractDotMethod) {
        failing = contractDotMethod;
    }

    private void check(String contract, String method) {
        if ((contract + "." + method).equals(failing)) {
            throw new CommerceException("ledger unavailable");
        }
    }

    @Override
    public Committed submit(String contract, String method, CborMap args) {
        check(contract, method);
        return inner.submit(contract, method, args);
    }

    @Override
    public Committed submitAs(String role, String contract, String method, CborMap args) {
        check(contract, method);
        return inner.submitAs(role, contract, method, args);
    }

    @Override
    public byte[] roleKey(String role) {
        return inner.roleKey(role);
    }

    @Override
    public CborMap query(String contract, String method, CborMap args) {
        return inner.query(contract, method, args);
    }

    @Override
    public long blockTime() {
        return inner.blockTime();
    }
}
