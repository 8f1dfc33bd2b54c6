package org.trustmall.ledger.execution;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.merkle.MerkleLog;
import org.trustmall.ledger.state.StateKey;
import org.trustmall.ledger.state.WorldState;
import org.trustmall.ledger.tx.Transaction;

/**
 * The deterministic heart of the ledger: executes ordered batches of transactions into blocks. The live ledger,
 * replay on open and the offline verifier all run blocks through this one class, so a state root computed by any
 * of them is byte-identical to the others.
 *
 * <p>Admission rules, applied in order to each candidate (a rejected candidate is never written): the chain id
 * matches; the contract exists; the signer is registered with {@link Membership}; the transaction's timestamp lies
 * within [block time − nonce window, block time + max future]; its (sender, nonce) has not been seen within the
 * window. Signatures are checked before ordering (by {@code Ledger.submit} on the client's thread, and by the
 * verifier), not here.
 *
 * <p>Threading: one executing thread calls {@link #execute} and {@link #publish}; {@link #precheck},
 * {@link #view} and the getters may be called from any thread.
 */
public final class ChainState {
    private static final Hash ZERO = Hash.of(new byte[Hash.LENGTH]);

    private final ContractRuntime runtime;
    private final WorldState world = new WorldState();
    private final MerkleLog log;
    private final NonceWindow nonces = new NonceWindow();
    /**
     * Registered signers by key, valid for the committed state plus the block being executed; cleared whenever a
     * membership transaction runs, so a role added or removed takes effect for the very next transaction.
     */
    private final Map<PublicKey, Caller> callers = new HashMap<>();
    /**
     * Registered signers of the published state, for {@link #precheck} on callers' threads; cleared when a block
     * with a membership transaction is published. Only hits are kept: a lookup racing with a publish may cache a
     * just-removed signer, which the executor (authoritative) then rejects, but never hides a just-added one.
     */
    private final Map<PublicKey, Caller> publishedCallers = new ConcurrentHashMap<>();
    private volatile BlockHeader last;
    private volatile Hash chainId;
    private volatile ChainParameters parameters = ChainParameters.DEFAULT;

    public ChainState(ContractRuntime runtime) {
        this(runtime, new MerkleLog());
    }

    public ChainState(ContractRuntime runtime, MerkleLog log) {
        this.runtime = runtime;
        this.log = log;
    }

    /** The zero hash: the genesis transaction's chain id and the genesis block's previous hash. */
    public static Hash zeroHash() {
        return ZERO;
    }

    /**
     * Executes one batch as the next block, at {@code timestamp} (raised to the previous block's if lower). If every
     * candidate is rejected there is no block and nothing changes.
     */
    public ExecutedBlock execute(long timestamp, List<Transaction> candidates) {
        BlockHeader previous = last;
        long height = previous == null ? 0 : previous.height() + 1;
        long blockTime = previous == null ? timestamp : Math.max(timestamp, previous.timestamp());
        WorldState.BlockWrites writes = world.begin();
        List<Transaction> admitted = new ArrayList<>(candidates.size());
        List<TxResult> results = new ArrayList<>(candidates.size());
        List<ExecutedBlock.Rejection> rejections = new ArrayList<>();
        Set<Long> blockSenderNonces = new HashSet<>();
        if (height > 0) {
            nonces.prune(blockTime - parameters.nonceWindowMillis());
        }
        long[] fingerprints = new long[candidates.size()];
        for (int position = 0; position < candidates.size(); position++) {
            Transaction tx = candidates.get(position);
            Caller caller;
            String reason;
            if (height == 0) {
                caller = genesisCaller(tx);
                reason = caller == null ? "block 0 must hold only the genesis transaction, signed by a founding "
                        + "organisation" : null;
            } else {
                caller = callers.get(tx.sender());
                if (caller == null) {
                    caller = Membership.resolve(k -> read(writes, Membership.ID, k), tx.sender()).orElse(null);
                    if (caller != null) {
                        callers.put(tx.sender(), caller);
                    }
                }
                fingerprints[position] = tx.replayKey();
                reason = admit(tx, caller, blockTime, fingerprints[position], blockSenderNonces);
            }
            if (reason != null) {
                rejections.add(new ExecutedBlock.Rejection(position, tx, reason));
                continue;
            }
            Contract contract = runtime.contract(tx.contract()).orElseThrow();
            WorldState.TxWrites txWrites = writes.beginTransaction();
            CallContext ctx = new CallContext(tx.contract(), caller, height, blockTime, tx.id(), txWrites,
                    parameters.limits());
            TxResult result;
            try {
                CborMap value = contract.invoke(tx.method(), tx.argsMap(), ctx);
                result = TxResult.succeeded(value == null ? CborMap.builder().build().encode() : value.encode());
                txWrites.commit();
            } catch (LedgerException e) {
                result = TxResult.failed(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            } catch (RuntimeException | StackOverflowError e) {
                // The exception's message may differ between JVMs; its class name does not.
                result = TxResult.failed("contract error: " + e.getClass().getSimpleName());
            }
            if (tx.contract().equals(Membership.ID)) {
                callers.clear();
            }
            admitted.add(tx);
            results.add(result);
            if (height > 0) {
                nonces.add(fingerprints[position], tx.timestamp());
            }
            log.append(tx.leafHash());
        }
        if (height == 0 && (admitted.size() != 1 || !results.get(0).ok())) {
            throw new LedgerException("invalid genesis: " + (results.isEmpty()
                    ? rejections.get(0).reason() : ((TxResult.Failed) results.get(0)).reason()));
        }
        if (height > 0 && admitted.isEmpty()) {
            return ExecutedBlock.none(rejections);
        }
        Hash stateRoot = world.seal(writes);
        BlockHeader header = new BlockHeader(height, previous == null ? ZERO : previous.hash(), log.size(),
                admitted.size(), log.root(), stateRoot, Block.resultsHash(results), blockTime);
        last = header;
        if (height == 0) {
            chainId = admitted.get(0).id();
            parameters = Membership.parameters(k -> read(writes, Membership.ID, k)).orElseThrow();
        }
        return new ExecutedBlock(header, admitted, results, rejections, writes);
    }

    /** Makes an executed block's state visible to readers; call once the block is durable. */
    public void publish(ExecutedBlock block) {
        world.publish(block.writes());
        if (block.transactions().stream().anyMatch(tx -> tx.contract().equals(Membership.ID))) {
            publishedCallers.clear();
        }
    }

    /**
     * A cheap, thread-safe early check of a transaction before it is queued for ordering: the same rules as
     * admission, against the latest published state. Passing it does not guarantee admission (another transaction
     * may take the nonce first); the executor decides.
     */
    public Optional<String> precheck(Transaction tx, long now) {
        if (chainId == null) {
            return Optional.of("the ledger has no genesis block");
        }
        Caller caller = publishedCallers.get(tx.sender());
        if (caller == null) {
            caller = Membership.resolve(k -> world.get(new StateKey(Membership.ID, k)), tx.sender()).orElse(null);
            if (caller != null) {
                if (publishedCallers.size() > 4096) {
                    publishedCallers.clear();
                }
                publishedCallers.put(tx.sender(), caller);
            }
        }
        return Optional.ofNullable(admit(tx, caller, now, tx.replayKey(),
                new HashSet<>()));
    }

    private String admit(Transaction tx, Caller caller, long blockTime, long fingerprint,
                         Set<Long> blockSenderNonces) {
        ChainParameters p = parameters;
        if (!tx.chainId().equals(chainId)) {
            return "transaction is for chain " + tx.chainId().hex() + ", not this ledger's chain " + chainId.hex();
        }
        if (tx.argsLength() > p.maxArgsBytes()) {
            return "args are " + tx.argsLength() + " bytes, more than the limit of " + p.maxArgsBytes();
        }
        if (runtime.contract(tx.contract()).isEmpty()) {
            return "unknown contract '" + tx.contract() + "'";
        }
        if (caller == null) {
            return "signer " + tx.sender().shortId() + " is not a registered member of this ledger";
        }
        if (tx.timestamp() < blockTime - p.nonceWindowMillis()) {
            return "transaction expired: its timestamp is more than " + p.nonceWindowMillis() / 1000
                    + " s before the ledger's time";
        }
        if (tx.timestamp() > blockTime + p.maxFutureMillis()) {
            return "transaction timestamp is more than " + p.maxFutureMillis() / 1000
                    + " s ahead of the ledger's time";
        }
        if (nonces.seen(fingerprint) || !blockSenderNonces.add(fingerprint)) {
            return "replay: nonce " + Long.toUnsignedString(tx.nonce()) + " of signer " + tx.sender().shortId()
                    + " was already used";
        }
        return null;
    }

    private Caller genesisCaller(Transaction tx) {
        if (!tx.contract().equals(Membership.ID) || !tx.method().equals(Membership.GENESIS)
                || !tx.chainId().equals(ZERO)) {
            return null;
        }
        try {
            for (Organisation o : Membership.genesisOrganisations(CborMap.parse(tx.args()))) {
                if (o.key().equals(tx.sender())) {
                    return new Caller(o.name(), Caller.ORGANISATION_ROLE, o.key());
                }
            }
        } catch (LedgerException e) {
            return null;
        }
        return null;
    }

    private Optional<byte[]> read(WorldState.BlockWrites writes, String contract, String key) {
        return writes.get(new StateKey(contract, key));
    }

    /** A read-only view of one contract's committed state, for queries. */
    public StateView view(String contract) {
        return key -> world.get(new StateKey(contract, key));
    }

    public Optional<CborMap> query(String contract, String method, CborMap args) {
        return runtime.contract(contract).map(c -> c.query(method, args, view(contract)));
    }

    public List<Organisation> organisations() {
        return Membership.organisations(view(Membership.ID));
    }

    public BlockHeader lastHeader() {
        return last;
    }

    public Hash chainId() {
        return chainId;
    }

    public ChainParameters parameters() {
        return parameters;
    }

    public MerkleLog log() {
        return log;
    }

    public WorldState world() {
        return world;
    }

    public ContractRuntime runtime() {
        return runtime;
    }
}
