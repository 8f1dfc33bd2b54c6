package org.trustmall.ledger;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.execution.ChainState;
import org.trustmall.ledger.execution.ContractRuntime;
import org.trustmall.ledger.execution.ExecutedBlock;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.merkle.InclusionProof;
import org.trustmall.ledger.ordering.BatchCommitter;
import org.trustmall.ledger.ordering.Orderer;
import org.trustmall.ledger.ordering.SoloOrderer;
import org.trustmall.ledger.proof.ProofBundle;
import org.trustmall.ledger.storage.CommitLog;
import org.trustmall.ledger.storage.LedgerCorruptedException;
import org.trustmall.ledger.storage.SegmentStore;
import org.trustmall.ledger.tx.MalformedTransactionException;
import org.trustmall.ledger.tx.Transaction;

/**
 * A ledger node: accepts signed transactions, orders them into blocks through its {@link Orderer}, runs the
 * contracts, seals each block with this node's organisation key and acknowledges a transaction only once its block
 * is durable. Answers queries, inclusion and consistency proofs, and signed checkpoints.
 *
 * <p>Threading: every public method is thread-safe. {@link #submit} checks the signature on the caller's thread,
 * so signature checking scales with the callers; execution and storage happen on the orderer's thread.
 *
 * <p>Durability: a block is appended to its segment and synced, then its commit record is appended and synced,
 * then its transactions are acknowledged. On open, a torn remainder after the last commit record is cut; a complete,
 * intact block there (a crash leaves at most one) is kept and its record restored; anything else that is damaged
 * stops the open with a {@link LedgerCorruptedException}.
 */
public final class Ledger implements AutoCloseable {
    private final LedgerLayout layout;
    private final ChainState chain;
    private final BlockIndex index;
    private final LedgerOptions options;
    private final Organisation sealer;
    private final SigningKey sealingKey;
    private final SegmentStore store;
    private final CommitLog commits;
    private final Orderer orderer;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private volatile Block.Seal lastSeal;
    private volatile boolean closed;

    private Ledger(LedgerLayout layout, LedgerFiles.Loaded loaded, LedgerOptions options, Organisation sealer,
                   SigningKey sealingKey, SegmentStore store, CommitLog commits, Orderer orderer,
                   FileChannel lockChannel, FileLock lock) {
        this.layout = layout;
        this.chain = loaded.chain();
        this.index = loaded.index();
        this.lastSeal = loaded.lastSeal();
        this.options = options;
        this.sealer = sealer;
        this.sealingKey = sealingKey;
        this.store = store;
        this.commits = commits;
        this.orderer = orderer;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Creates a new ledger in an empty directory: its genesis block names the organisations (the first one is this
     * node's, whose key signs the genesis) and fixes the chain parameters. Returns the chain id.
     */
    public static Hash create(Path dir, List<Organisation> organisations, SigningKey founderKey,
                              ChainParameters parameters, ContractRuntime runtime, LedgerOptions options) {
        LedgerLayout layout = new LedgerLayout(dir);
        if (Files.exists(layout.commits()) || SegmentStore.hasSegments(layout.segments())) {
            throw new LedgerException(dir + " already holds a ledger");
        }
        Organisation founder = organisations.stream().filter(o -> o.key().equals(founderKey.publicKey()))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "the founder key must belong to one of the genesis organisations"));
        long now = options.clock().millis();
        Transaction genesis = Transaction.sign(ChainState.zeroHash(), Membership.ID, Membership.GENESIS,
                Membership.genesisArgs(organisations, parameters), founderKey, new java.security.SecureRandom()
                        .nextLong(), now);
        ChainState chain = new ChainState(runtime);
        ExecutedBlock exec = chain.execute(now, List.of(genesis));
        Block block = seal(chain.chainId(), exec, founder, founderKey);
        try {
            Files.createDirectories(layout.segments());
        } catch (IOException e) {
            throw new LedgerException("cannot create " + layout.segments() + ": " + e.getMessage(), e);
        }
        try (FileChannel ch = lockFile(layout); FileLock ignored = acquire(layout, ch);
             SegmentStore s = SegmentStore.openForAppend(layout.segments(),
                     new SegmentStore.Scan(List.of(), Optional.empty()), 0, options.maxSegmentBytes());
             CommitLog c = CommitLog.openForAppend(layout.commits(), 0)) {
            s.append(block.encode());
            s.sync();
            c.append(List.of(new CommitLog.Commit(0, exec.header().logSize(), exec.header().hash())));
        } catch (IOException e) {
            throw new LedgerException("cannot create the ledger in " + dir + ": " + e.getMessage(), e);
        }
        return chain.chainId();
    }

    /** Opens a ledger for writing with the embedded solo orderer. */
    public static Ledger open(Path dir, Organisation self, SigningKey key, ContractRuntime runtime,
                              LedgerOptions options) {
        return open(dir, self, key, runtime, options, new SoloOrderer(options.maxBatch(), options.maxBatchDelay(),
                options.queueLimit(), options.clock()));
    }

    /**
     * Opens a ledger for writing: recovers from a crash (cutting unacknowledged blocks), replays every block to
     * rebuild the state (checking each block's roots on the way), then starts {@code orderer}. Only one process may
     * hold a ledger open for writing.
     */
    public static Ledger open(Path dir, Organisation self, SigningKey key, ContractRuntime runtime,
                              LedgerOptions options, Orderer orderer) {
        if (!self.key().equals(key.publicKey())) {
            throw new IllegalArgumentException("the signing key does not match organisation " + self.name());
        }
        LedgerLayout layout = new LedgerLayout(dir);
        FileChannel lockChannel = null;
        FileLock lock = null;
        SegmentStore store = null;
        CommitLog commits = null;
        try {
            lockChannel = lockFile(layout);
            lock = acquire(layout, lockChannel);
            LedgerFiles.Loaded loaded = LedgerFiles.load(layout, runtime, true);
            if (!loaded.chain().organisations().contains(self)) {
                throw new LedgerException("organisation " + self.name() + " with key " + self.key().shortId()
                        + " is not a member of the ledger in " + dir);
            }
            store = SegmentStore.openForAppend(layout.segments(), loaded.segmentScan(), loaded.blocks(),
                    options.maxSegmentBytes());
            commits = CommitLog.openForAppend(layout.commits(), loaded.blocks() - loaded.restoredCommits().size());
            if (!loaded.restoredCommits().isEmpty()) {
                commits.append(loaded.restoredCommits());
            }
            Ledger ledger = new Ledger(layout, loaded, options, self, key, store, commits, orderer, lockChannel,
                    lock);
            orderer.start(ledger.new Committer());
            return ledger;
        } catch (RuntimeException e) {
            closeQuietly(store);
            closeQuietly(commits);
            closeQuietly(lock);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /**
     * Opens a ledger read-only, for proofs and queries from files that another process may be writing: it reads
     * what is acknowledged and changes nothing.
     */
    public static Ledger openReadOnly(Path dir, ContractRuntime runtime) {
        LedgerLayout layout = new LedgerLayout(dir);
        LedgerFiles.Loaded loaded = LedgerFiles.load(layout, runtime, false);
        return new Ledger(layout, loaded, LedgerOptions.DEFAULT, null, null, null, null, null, null, null);
    }

    // ---- writing ----

    /**
     * Submits an encoded transaction. Malformed bytes, a bad signature and the other admission rules produce a
     * {@link Receipt.Rejected} (nothing written); otherwise the future completes once the block is durable.
     */
    public CompletableFuture<Receipt> submit(byte[] encoded) {
        Transaction tx;
        try {
            tx = Transaction.decode(encoded, chain.parameters().maxArgsBytes());
        } catch (MalformedTransactionException e) {
            Hash id = Hash.sha256(encoded);
            return CompletableFuture.completedFuture(new Receipt.Rejected(id, "malformed transaction: "
                    + e.getMessage()));
        }
        return submit(tx);
    }

    /** Submits a transaction; see {@link #submit(byte[])}. */
    public CompletableFuture<Receipt> submit(Transaction tx) {
        if (orderer == null) {
            throw new LedgerException("the ledger is open read-only");
        }
        if (closed) {
            return CompletableFuture.failedFuture(new LedgerException("the ledger is closed"));
        }
        if (!tx.signatureValid(options.verifier())) {
            return CompletableFuture.completedFuture(new Receipt.Rejected(tx.id(), "invalid signature"));
        }
        Optional<String> problem = chain.precheck(tx, options.clock().millis());
        if (problem.isPresent()) {
            return CompletableFuture.completedFuture(new Receipt.Rejected(tx.id(), problem.get()));
        }
        // Work that scales with the callers is done here rather than on the single ordering thread.
        tx.leafHash();
        tx.replayKey();
        try {
            tx.argsMap();
        } catch (LedgerException e) {
            return CompletableFuture.completedFuture(new Receipt.Rejected(tx.id(), "malformed args: "
                    + e.getMessage()));
        }
        return orderer.order(tx);
    }

    /** Submits and waits for the receipt. */
    public Receipt submitAndWait(Transaction tx) {
        try {
            return submit(tx).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerException("interrupted while waiting for a receipt");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof LedgerException le ? le
                    : new LedgerException("the transaction could not be committed", e.getCause());
        }
    }

    private final class Committer implements BatchCommitter {
        @Override
        public long height() {
            return Ledger.this.height();
        }

        @Override
        public Block block(long height) {
            return Ledger.this.block(height);
        }

        @Override
        public ConsistencyProof consistencyProof(long size1, long size2) {
            return Ledger.this.consistencyProof(size1, size2);
        }

        @Override
        public List<Receipt> commit(long timestamp, List<Transaction> batch) {
            ExecutedBlock exec = chain.execute(timestamp, batch);
            int[] placement = exec.placement(batch.size());
            List<String> reasons = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                reasons.add(null);
            }
            exec.rejections().forEach(r -> reasons.set(r.position(), r.reason()));
            if (exec.empty()) {
                List<Receipt> out = new ArrayList<>(batch.size());
                for (int i = 0; i < batch.size(); i++) {
                    out.add(new Receipt.Rejected(batch.get(i).id(), reasons.get(i)));
                }
                return out;
            }
            BlockHeader header = exec.header();
            Block block = seal(chain.chainId(), exec, sealer, sealingKey);
            SegmentStore.Position position = store.append(block.encode());
            store.sync();
            commits.append(List.of(new CommitLog.Commit(header.height(), header.logSize(), header.hash())));
            chain.publish(exec);
            long firstIndex = header.logSize() - exec.transactions().size();
            for (int i = 0; i < exec.transactions().size(); i++) {
                index.addTransaction(exec.transactions().get(i).id(), firstIndex + i);
            }
            index.add(position, header.logSize());
            lastSeal = block.seal();
            index.publish((int) header.height() + 1);
            List<Receipt> out = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                int at = placement[i];
                out.add(at < 0 ? new Receipt.Rejected(batch.get(i).id(), reasons.get(i))
                        : new Receipt.Committed(batch.get(i).id(), header.height(), firstIndex + at,
                        exec.results().get(at)));
            }
            return out;
        }
    }

    private static Block seal(Hash chainId, ExecutedBlock exec, Organisation org, SigningKey key) {
        byte[] signature = key.sign(BlockHeader.signingMessage(chainId, exec.header().hash()));
        return new Block(exec.header(), new Block.Seal(org.key(), signature), exec.transactions(), exec.results());
    }

    // ---- reading ----

    public Hash chainId() {
        return chain.chainId();
    }

    public ChainParameters parameters() {
        return chain.parameters();
    }

    public List<Organisation> organisations() {
        return chain.organisations();
    }

    /** Height of the last durable block. */
    public long height() {
        return index.blocks() - 1L;
    }

    /** Number of log entries (transactions) in durable blocks. */
    public long logSize() {
        return index.logSizeAfter(height());
    }

    public Block block(long height) {
        return Block.decode(read(index.position(height)), Integer.MAX_VALUE);
    }

    public Optional<TransactionRecord> transaction(Hash id) {
        for (long logIndex : index.candidates(id)) {
            if (logIndex >= logSize()) {
                continue;
            }
            long height = index.heightOf(logIndex);
            Block b = block(height);
            int i = (int) (logIndex - (index.logSizeAfter(height) - b.transactions().size()));
            Transaction tx = b.transactions().get(i);
            if (tx.id().equals(id)) {
                return Optional.of(new TransactionRecord(tx, height, logIndex, b.header().timestamp(),
                        b.results().get(i)));
            }
        }
        return Optional.empty();
    }

    /** Runs a read-only contract query against the committed state. */
    public CborMap query(String contract, String method, CborMap args) {
        return chain.query(contract, method, args)
                .orElseThrow(() -> new LedgerException("unknown contract '" + contract + "'"));
    }

    /** The latest durable block's header: its height, roots and timestamp, without any seal (nothing is asked). */
    public BlockHeader head() {
        long h = height();
        BlockHeader last = chain.lastHeader();
        return last.height() == h ? last : block(h).header();
    }

    /**
     * The latest durable block as a checkpoint, with this node's seal first and, under a replicated orderer, the
     * seals of the other nodes that answered within the orderer's bound (see {@link Orderer#peerSeals}).
     */
    public Checkpoint checkpoint() {
        long h = height();
        if (h == chain.lastHeader().height()) {
            BlockHeader header = chain.lastHeader();
            return coSigned(checkpointOf(header, lastSeal));
        }
        return checkpoint(h);
    }

    /** The block at {@code height} as a checkpoint, with the seal stored with it and the peers' as above. */
    public Checkpoint checkpoint(long height) {
        Block b = block(height);
        return coSigned(checkpointOf(b.header(), b.seal()));
    }

    private Checkpoint checkpointOf(BlockHeader header, Block.Seal seal) {
        return new Checkpoint(chain.chainId(), header,
                List.of(new Checkpoint.Signature(organisationOf(seal.signer(), "unknown"), seal.signer(),
                        seal.signature())));
    }

    /** {@code own} with the peers' seals over the same block added, each named by the genesis organisations. */
    private Checkpoint coSigned(Checkpoint own) {
        List<Checkpoint.Signature> peers = orderer == null ? List.of() : orderer.peerSeals(own);
        if (peers.isEmpty()) {
            return own;
        }
        List<Checkpoint.Signature> all = new ArrayList<>(own.signatures());
        for (Checkpoint.Signature s : peers) {
            if (all.stream().noneMatch(a -> a.key().equals(s.key()))) {
                all.add(new Checkpoint.Signature(organisationOf(s.key(), s.organisation()), s.key(),
                        s.signature()));
            }
        }
        return new Checkpoint(own.chainId(), own.header(), all);
    }

    private String organisationOf(PublicKey key, String otherwise) {
        return organisations().stream().filter(o -> o.key().equals(key)).map(Organisation::name).findFirst()
                .orElse(otherwise);
    }

    public InclusionProof inclusionProof(long logIndex, long treeSize) {
        requireCommitted(treeSize);
        return chain.log().inclusionProof(logIndex, treeSize);
    }

    public ConsistencyProof consistencyProof(long size1, long size2) {
        requireCommitted(size2);
        return chain.log().consistencyProof(size1, size2);
    }

    /** The log's root at an earlier (committed) size, e.g. to check a consistency proof. */
    public Hash rootAt(long size) {
        requireCommitted(size);
        return chain.log().root(size);
    }

    /** The Merkle leaf hash of log entry {@code logIndex}. */
    public Hash leafHash(long logIndex) {
        if (logIndex < 0 || logIndex >= logSize()) {
            throw new IllegalArgumentException("log index " + logIndex + " is beyond the committed log");
        }
        return chain.log().leafHash(logIndex);
    }

    /** Everything needed to check a transaction offline: the transaction, its inclusion proof, a checkpoint. */
    public Optional<ProofBundle> proof(Hash transactionId) {
        Checkpoint cp = checkpoint();
        return transaction(transactionId).map(r -> new ProofBundle(r.transaction(),
                chain.log().inclusionProof(r.logIndex(), cp.logSize()), cp));
    }

    public LedgerLayout layout() {
        return layout;
    }

    private void requireCommitted(long size) {
        if (size < 0 || size > logSize()) {
            throw new IllegalArgumentException("tree size " + size + " is beyond the committed log (" + logSize()
                    + ")");
        }
    }

    private byte[] read(SegmentStore.Position p) {
        return store != null ? store.read(p) : SegmentStore.readClosed(layout.segments(), p);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (orderer != null) {
            orderer.close();
        }
        closeQuietly(store);
        closeQuietly(commits);
        closeQuietly(lock);
        closeQuietly(lockChannel);
    }

    // ---- files ----

    private static FileChannel lockFile(LedgerLayout layout) {
        try {
            Files.createDirectories(layout.dir());
            return FileChannel.open(layout.lock(), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new LedgerException("cannot open " + layout.lock() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock acquire(LedgerLayout layout, FileChannel channel) {
        try {
            FileLock l = channel.tryLock();
            if (l == null) {
                throw new LedgerException("the ledger in " + layout.dir() + " is open in another process");
            }
            return l;
        } catch (OverlappingFileLockException e) {
            throw new LedgerException("the ledger in " + layout.dir() + " is already open in this process");
        } catch (IOException e) {
            throw new LedgerException("cannot lock " + layout.lock() + ": " + e.getMessage(), e);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception ignored) {
            // Best effort while failing or closing; the original error, if any, is what matters.
        }
    }
}
