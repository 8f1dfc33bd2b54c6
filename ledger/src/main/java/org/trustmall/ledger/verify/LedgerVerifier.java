package org.trustmall.ledger.verify;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.LedgerLayout;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.block.MalformedBlockException;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.SignatureVerifier;
import org.trustmall.ledger.execution.ChainState;
import org.trustmall.ledger.execution.ContractRuntime;
import org.trustmall.ledger.execution.ExecutedBlock;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;
import org.trustmall.ledger.storage.CommitLog;
import org.trustmall.ledger.storage.Damage;
import org.trustmall.ledger.storage.SegmentStore;
import org.trustmall.ledger.tx.Transaction;

/**
 * Recomputes a ledger from its files alone: every checksum, every block's height, hash link, timestamp order and
 * seal, every transaction's signature and admission, and — by re-running the contracts from an empty state —
 * every Merkle root, state root and results hash; then cross-checks the commit records. Changes nothing.
 *
 * <p>Seals are checked against {@link TrustedKeys} when given (a chain re-signed with other keys then fails);
 * otherwise against the organisations named in the ledger's own genesis block, which shows only internal
 * consistency — the report says which.
 */
public final class LedgerVerifier {
    private final ContractRuntime runtime;
    private final SignatureVerifier verifier;

    public LedgerVerifier(ContractRuntime runtime, SignatureVerifier verifier) {
        this.runtime = runtime;
        this.verifier = verifier;
    }

    public VerificationReport verify(Path ledgerDir, Optional<TrustedKeys> trusted) {
        LedgerLayout layout = new LedgerLayout(ledgerDir);
        List<String> notes = new ArrayList<>();
        boolean external = trusted.isPresent();
        if (!external) {
            notes.add("no trusted keys given: seals were checked against the organisations named in the ledger's "
                    + "own genesis block, so only internal consistency was verified");
        }
        // Commit records first: blocks are written before their records, so this order never mistakes a block being
        // appended by a running node for a lost one.
        CommitLog.Scan commits = CommitLog.scan(layout.commits());
        SegmentStore.Scan segments = SegmentStore.scan(layout.segments());
        Run run = new Run(layout, trusted, notes);

        Optional<Damage> commitDamage = commits.damage();
        if (commitDamage.isPresent() && !commitDamage.get().atTail()) {
            return run.corrupt("checksum", commitDamage.get());
        }
        Optional<Damage> segmentDamage = segments.damage();
        int acknowledged = commits.commits().size();
        int readable = segments.entries().size();
        if (acknowledged > readable) {
            String detail = (acknowledged - readable) + " acknowledged block(s) from height " + readable
                    + " are missing or damaged";
            return segmentDamage.isPresent()
                    ? run.corrupt(segmentDamage.get().problem().contains("checksum") ? "checksum" : "truncation",
                    segmentDamage.get().file() + " at byte " + segmentDamage.get().offset(),
                    segmentDamage.get().problem() + "; " + detail)
                    : run.corrupt("truncation", layout.segments().toString(), detail);
        }
        if (segmentDamage.isPresent() && !segmentDamage.get().atTail()) {
            return run.corrupt("checksum", segmentDamage.get());
        }
        if (acknowledged == 0) {
            return run.corrupt("truncation", layout.commits().toString(), "no acknowledged genesis block");
        }
        if (readable - acknowledged > 1) {
            // The next block is written only after the previous one's commit record is synced, so a crash leaves
            // at most one complete block without a record; more is lost records, not a torn tail.
            return run.corrupt("commit record", layout.commits() + " record " + acknowledged, (readable - acknowledged)
                    + " complete blocks from height " + acknowledged + " have no commit record, but a crash leaves at"
                    + " most one: commit records of acknowledged blocks are missing (or the files were copied while"
                    + " the ledger was being written)");
        }

        ChainState chain = new ChainState(runtime);
        BlockHeader previous = null;
        for (int h = 0; h < readable; h++) {
            boolean acked = h < acknowledged;
            SegmentStore.Position p = segments.entries().get(h);
            String where = "block " + h + " (" + SegmentStore.segmentFile(layout.segments(), p.segment())
                    + " at byte " + (p.offset() - 8) + ")";
            Block block;
            try {
                block = Block.decode(SegmentStore.readClosed(layout.segments(), p),
                        h == 0 ? Integer.MAX_VALUE : chain.parameters().maxArgsBytes());
            } catch (MalformedBlockException e) {
                return run.corrupt("encoding", where, e.getMessage());
            }
            BlockHeader header = block.header();
            if (header.height() != h) {
                return run.corrupt("height", where, "holds block height " + header.height());
            }
            Hash expectedPrevious = previous == null ? ChainState.zeroHash() : previous.hash();
            if (!header.previous().equals(expectedPrevious)) {
                return run.corrupt("hash link", where, "previous-block hash " + header.previous().hex()
                        + " does not match block " + (h - 1) + "'s hash " + expectedPrevious.hex());
            }
            if (previous != null && header.timestamp() < previous.timestamp()) {
                return run.corrupt("timestamp", where, "timestamp goes backwards");
            }
            List<Transaction> txs = block.transactions();
            // Signatures are independent of each other: check them on every core.
            if (!txs.parallelStream().allMatch(tx -> tx.signatureValid(verifier))) {
                for (int i = 0; i < txs.size(); i++) {
                    if (!txs.get(i).signatureValid(verifier)) {
                        return run.corrupt("signature", where + ", transaction " + i,
                                "invalid signature on transaction " + txs.get(i).id().hex());
                    }
                }
            }
            ExecutedBlock exec;
            try {
                exec = chain.execute(header.timestamp(), block.transactions());
            } catch (LedgerException e) {
                return run.corrupt("admission", where, e.getMessage());
            }
            if (!exec.rejections().isEmpty()) {
                ExecutedBlock.Rejection r = exec.rejections().get(0);
                return run.corrupt("admission", where + ", transaction " + block.transactions().indexOf(
                        r.transaction()), "the rules reject it: " + r.reason());
            }
            if (exec.empty()) {
                return run.corrupt("encoding", where, "the block holds no transactions");
            }
            BlockHeader replayed = exec.header();
            if (!replayed.merkleRoot().equals(header.merkleRoot()) || replayed.logSize() != header.logSize()) {
                return run.corrupt("merkle root", where, "stored root " + header.merkleRoot().hex() + " at size "
                        + header.logSize() + ", recomputed " + replayed.merkleRoot().hex() + " at size "
                        + replayed.logSize());
            }
            if (!replayed.stateRoot().equals(header.stateRoot())) {
                return run.corrupt("state root", where, "stored " + header.stateRoot().hex() + ", recomputed "
                        + replayed.stateRoot().hex());
            }
            if (!replayed.resultsHash().equals(header.resultsHash()) || !exec.results().equals(block.results())) {
                return run.corrupt("results", where, "recorded results differ from re-execution");
            }
            if (!replayed.equals(header)) {
                return run.corrupt("encoding", where, "header differs from re-execution");
            }
            chain.publish(exec);
            String sealProblem = run.checkSeal(chain, block);
            if (sealProblem != null) {
                return run.corrupt("signature", where, sealProblem);
            }
            if (acked) {
                CommitLog.Commit c = commits.commits().get(h);
                if (!c.blockHash().equals(header.hash()) || c.logSize() != header.logSize()) {
                    return run.corrupt("commit record", layout.commits() + " record " + h,
                            "does not match block " + h + "'s hash and size");
                }
                run.acknowledged(block, chain.chainId());
            }
            previous = header;
        }
        boolean torn = readable > acknowledged || segmentDamage.isPresent() || commitDamage.isPresent();
        if (torn) {
            StringBuilder sb = new StringBuilder("torn tail after block ").append(acknowledged - 1)
                    .append(": no acknowledged transaction is lost");
            if (readable > acknowledged) {
                sb.append("; block ").append(acknowledged).append(" is complete and intact but has no commit record "
                        + "(a crash between writing it and its record, or a damaged record): opening the ledger "
                        + "keeps it and restores its record");
            }
            segmentDamage.ifPresent(d -> sb.append("; ").append(d.describe()));
            commitDamage.ifPresent(d -> sb.append("; ").append(d.describe()));
            sb.append(". Opening the ledger for writing cuts any torn remainder.");
            notes.add(sb.toString());
            return run.report(VerificationReport.Status.TORN_TAIL, Optional.empty());
        }
        return run.report(VerificationReport.Status.INTACT, Optional.empty());
    }

    /** The state of one verification pass. */
    private final class Run {
        private final LedgerLayout layout;
        private final Optional<TrustedKeys> trusted;
        private final List<String> notes;
        private long blocks;
        private long transactions;
        private Checkpoint head;

        Run(LedgerLayout layout, Optional<TrustedKeys> trusted, List<String> notes) {
            this.layout = layout;
            this.trusted = trusted;
            this.notes = notes;
        }

        String checkSeal(ChainState chain, Block block) {
            Block.Seal seal = block.seal();
            List<Organisation> members = chain.organisations();
            Optional<Organisation> member = members.stream().filter(o -> o.key().equals(seal.signer())).findFirst();
            if (member.isEmpty()) {
                return "sealed by key " + seal.signer().shortId() + ", which is not an organisation of this ledger";
            }
            if (trusted.isPresent()) {
                TrustedKeys t = trusted.get();
                if (!t.trusts(seal.signer())) {
                    return "sealed by key " + seal.signer().shortId() + " (" + member.get().name()
                            + "), which is not among the trusted keys";
                }
                if (t.chainId().isPresent() && chain.chainId() != null && !t.chainId().get().equals(chain.chainId())) {
                    return "the ledger is chain " + chain.chainId().hex() + ", the trusted keys are for chain "
                            + t.chainId().get().hex();
                }
            }
            byte[] message = BlockHeader.signingMessage(chain.chainId(), block.hash());
            if (!verifier.verify(seal.signer(), message, seal.signature())) {
                return "the seal signature by " + member.get().name() + " is invalid";
            }
            return null;
        }

        void acknowledged(Block block, Hash chainId) {
            blocks++;
            transactions += block.transactions().size();
            head = new Checkpoint(chainId, block.header(), List.of(new Checkpoint.Signature("sealer",
                    block.seal().signer(), block.seal().signature())));
        }

        VerificationReport corrupt(String kind, Damage d) {
            return corrupt(kind, d.file() + " at byte " + d.offset(), d.problem());
        }

        VerificationReport corrupt(String kind, String location, String detail) {
            return report(VerificationReport.Status.CORRUPT,
                    Optional.of(new VerificationReport.Problem(kind, location, detail)));
        }

        VerificationReport report(VerificationReport.Status status, Optional<VerificationReport.Problem> problem) {
            return new VerificationReport(status, blocks, transactions, Optional.ofNullable(head),
                    trusted.isPresent(), problem, List.copyOf(notes));
        }
    }
}
