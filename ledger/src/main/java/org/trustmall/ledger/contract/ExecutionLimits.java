package org.trustmall.ledger.contract;

/**
 * Bounds on what one transaction may do, so that no call can exhaust a node: at most {@code maxWrites} puts or
 * deletes and {@code maxWriteBytes} bytes of keys plus values. Part of the chain's genesis parameters, so every
 * node enforces the same bounds.
 */
public record ExecutionLimits(int maxWrites, int maxWriteBytes) {
    public static final ExecutionLimits DEFAULT = new ExecutionLimits(256, 256 * 1024);

    public ExecutionLimits {
        if (maxWrites < 1 || maxWriteBytes < 1) {
            throw new IllegalArgumentException("execution limits must be positive");
        }
    }
}
