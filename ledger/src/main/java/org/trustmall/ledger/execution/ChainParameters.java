package org.trustmall.ledger.execution;

import org.trustmall.ledger.contract.ExecutionLimits;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Rules every node applies identically, fixed in the genesis block.
 *
 * @param maxArgsBytes    largest accepted argument encoding of one transaction
 * @param limits          writes and bytes one transaction may make
 * @param nonceWindowMillis how far behind the block timestamp a transaction's own timestamp may be; nonces are
 *                        remembered this long, so a replay is either still remembered or already expired
 * @param maxFutureMillis how far ahead of the block timestamp a transaction's timestamp may be (clock skew)
 */
public record ChainParameters(int maxArgsBytes, ExecutionLimits limits, long nonceWindowMillis,
                              long maxFutureMillis) {
    public static final ChainParameters DEFAULT =
            new ChainParameters(64 * 1024, ExecutionLimits.DEFAULT, 10 * 60_000L, 5 * 60_000L);

    public ChainParameters {
        if (maxArgsBytes < 16 || nonceWindowMillis < 1000 || maxFutureMillis < 0) {
            throw new IllegalArgumentException("chain parameters out of range");
        }
    }

    CborMap toCbor() {
        return CborMap.builder()
                .put("max_args_bytes", (long) maxArgsBytes)
                .put("max_writes", (long) limits.maxWrites())
                .put("max_write_bytes", (long) limits.maxWriteBytes())
                .put("nonce_window_ms", nonceWindowMillis)
                .put("max_future_ms", maxFutureMillis)
                .build();
    }

    static ChainParameters fromCbor(CborMap m) {
        return new ChainParameters(Math.toIntExact(m.integer("max_args_bytes")),
                new ExecutionLimits(Math.toIntExact(m.integer("max_writes")),
                        Math.toIntExact(m.integer("max_write_bytes"))),
                m.integer("nonce_window_ms"), m.integer("max_future_ms"));
    }
}
