package org.trustmall.server.ops;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.ledger.verify.VerificationReport;

/**
 * This node's ledger checked the way {@code trustmall ledger verify} checks it — every checksum, hash link, seal,
 * signature, Merkle root and state root recomputed from the files — in the background, at most one run at a time,
 * keeping the last result for anyone to read. Seals are checked against the organisations the ledger's own genesis
 * names (internal consistency; an outside verifier brings its own trusted keys).
 *
 * <p>Thread-safe. A run uses one background daemon thread, which ends with the run.
 */
public final class LedgerVerification {
    private static final System.Logger LOG = System.getLogger(LedgerVerification.class.getName());

    private final Path ledgerDir;
    private final LedgerVerifier verifier;
    private final InstantSource clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Instant runningSince;
    private volatile Result last;

    public LedgerVerification(Path ledgerDir, LedgerVerifier verifier, InstantSource clock) {
        this.ledgerDir = Objects.requireNonNull(ledgerDir, "ledgerDir");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * One finished run.
     *
     * @param ok            every acknowledged block checks out (an unacknowledged block being written at the moment
     *                      of the run, status {@code torn_tail}, does not make it fail)
     * @param status        {@code intact}, {@code torn_tail} or {@code corrupt}; {@code failed} when the run itself
     *                      could not complete
     * @param height        the height of the last block checked, or -1 when none was
     * @param reason        what was found wrong first (kind, location, detail), absent when ok
     */
    public record Result(boolean ok, String status, long blocks, long transactions, long height, long logSize,
                         Instant startedAt, Instant finishedAt, Duration duration, boolean keysExternal,
                         Optional<VerificationReport.Problem> reason, List<String> notes) {
        public Result {
            notes = List.copyOf(notes);
        }
    }

    /** Whether a run is in progress (and since when), and the last finished run, if any. */
    public record State(boolean running, Optional<Instant> runningSince, Optional<Result> last) {
    }

    public State state() {
        Instant since = runningSince;
        boolean busy = running.get();
        return new State(busy, busy ? Optional.ofNullable(since) : Optional.empty(), Optional.ofNullable(last));
    }

    /** Starts a run unless one is in progress; returns the state afterwards. */
    public State start() {
        if (running.compareAndSet(false, true)) {
            runningSince = clock.instant();
            Thread t = new Thread(this::run, "ledger-verification");
            t.setDaemon(true);
            t.start();
        }
        return state();
    }

    /** The state, starting the first run if there has never been one: a node's status is then never unknown. */
    public State stateStartingFirst() {
        if (last == null && !running.get()) {
            return start();
        }
        return state();
    }

    /**
     * The problem with its location relative to the ledger directory: the status is public, and where this node
     * keeps its files is nobody else's business.
     */
    private VerificationReport.Problem withinLedger(VerificationReport.Problem p) {
        String location = p.location();
        for (String dir : List.of(ledgerDir.toAbsolutePath().normalize().toString(), ledgerDir.toString())) {
            location = location.replace(dir + java.io.File.separator, "").replace(dir, "ledger");
        }
        return new VerificationReport.Problem(p.kind(), location, p.detail());
    }

    private void run() {
        Instant started = runningSince;
        long t0 = System.nanoTime();
        try {
            VerificationReport r = verifier.verify(ledgerDir, Optional.empty());
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            last = new Result(r.status() != VerificationReport.Status.CORRUPT,
                    r.status().name().toLowerCase(Locale.ROOT), r.blocks(), r.transactions(),
                    r.head().map(h -> h.height()).orElse(-1L), r.head().map(h -> h.logSize()).orElse(0L), started,
                    clock.instant(), took, r.keysExternal(), r.problem().map(this::withinLedger), r.notes());
        } catch (RuntimeException e) {
            // A run that cannot complete (files unreadable, say) is reported, never mistaken for a pass.
            LOG.log(System.Logger.Level.WARNING, "ledger verification could not complete", e);
            last = new Result(false, "failed", 0, 0, -1, 0, started, clock.instant(),
                    Duration.ofNanos(System.nanoTime() - t0), false,
                    Optional.of(new VerificationReport.Problem("run", "ledger",
                            "the verification could not complete: " + e.getClass().getSimpleName())),
                    List.of());
        } finally {
            runningSince = null;
            running.set(false);
        }
    }
}
