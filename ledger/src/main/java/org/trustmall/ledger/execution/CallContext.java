package org.trustmall.ledger.execution;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.ExecutionLimits;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.state.StateKey;
import org.trustmall.ledger.state.WorldState;

/** One contract call's view of the world: its own namespace, buffered writes, and the execution bounds. */
final class CallContext implements ContractContext {
    private final String contract;
    private final Caller caller;
    private final long height;
    private final long timestamp;
    private final Hash transactionId;
    private final WorldState.TxWrites writes;
    private final ExecutionLimits limits;
    private int writeCount;
    private long writeBytes;

    CallContext(String contract, Caller caller, long height, long timestamp, Hash transactionId,
                WorldState.TxWrites writes, ExecutionLimits limits) {
        this.contract = contract;
        this.caller = caller;
        this.height = height;
        this.timestamp = timestamp;
        this.transactionId = transactionId;
        this.writes = writes;
        this.limits = limits;
    }

    @Override
    public Optional<byte[]> get(String key) {
        return writes.get(stateKey(key));
    }

    @Override
    public Optional<byte[]> read(String otherContract, String key) {
        if (otherContract == null || otherContract.isEmpty()) {
            throw new ContractFailure("a contract id is required to read another contract's state");
        }
        checkKey(key);
        return writes.get(new StateKey(otherContract, key));
    }

    @Override
    public Caller caller() {
        return caller;
    }

    @Override
    public long blockHeight() {
        return height;
    }

    @Override
    public long blockTimestamp() {
        return timestamp;
    }

    @Override
    public Hash transactionId() {
        return transactionId;
    }

    @Override
    public void put(String key, byte[] value) {
        if (value == null) {
            throw new ContractFailure("a state value cannot be null; use delete");
        }
        StateKey k = stateKey(key);
        account(key, value.length);
        writes.put(k, value);
    }

    @Override
    public void delete(String key) {
        StateKey k = stateKey(key);
        account(key, 0);
        writes.delete(k);
    }

    private void account(String key, int valueBytes) {
        writeCount++;
        writeBytes += key.getBytes(StandardCharsets.UTF_8).length + (long) valueBytes;
        if (writeCount > limits.maxWrites()) {
            throw new ContractFailure("execution limit: more than " + limits.maxWrites() + " writes");
        }
        if (writeBytes > limits.maxWriteBytes()) {
            throw new ContractFailure("execution limit: more than " + limits.maxWriteBytes() + " bytes written");
        }
    }

    private StateKey stateKey(String key) {
        checkKey(key);
        return new StateKey(contract, key);
    }

    private static void checkKey(String key) {
        if (key == null || key.isEmpty() || key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new ContractFailure("state keys must be 1-" + MAX_KEY_BYTES + " bytes");
        }
    }
}
