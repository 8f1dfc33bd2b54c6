package org.trustmall.commerce;

import java.util.Optional;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.ledger.encoding.CborMap;

/** A real gateway, except that calls to one chosen {@code contract.method} can be made to fail, as an outage would. */
public final class FailingLedger implements LedgerGateway {
    private final LedgerGateway inner;
    /** The {@code contract.method} to fail, or null for none. */
    public volatile String failing;

    public FailingLedger(LedgerGateway inner) {
        this.inner = inner;
    }

    /** Calls to {@code contractDotMethod} (e.g. {@code escrow.settle}) fail from now on; null heals it. */
    public void fail(String contractDotMethod) {
        failing = contractDotMethod;
    }

    private void maybeFail(String contract, String method) {
        if ((contract + "." + method).equals(failing)) {
            throw new CommerceException("ledger unavailable");
        }
    }

    @Override
    public Committed submit(String contract, String method, CborMap args) {
        maybeFail(contract, method);
        return inner.submit(contract, method, args);
    }

    @Override
    public Committed submitAs(String role, String contract, String method, CborMap args) {
        maybeFail(contract, method);
        return inner.submitAs(role, contract, method, args);
    }

    @Override
    public byte[] roleKey(String role) {
        return inner.roleKey(role);
    }

    @Override
    public Optional<CommittedCall> transaction(String transactionId) {
        return inner.transaction(transactionId);
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
