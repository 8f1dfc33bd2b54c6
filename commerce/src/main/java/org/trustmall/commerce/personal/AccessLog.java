package org.trustmall.commerce.personal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.chain.LedgerGateway;
import org.trustmall.contracts.audit.AccessAuditContract;
import org.trustmall.ledger.encoding.CborMap;

/**
 * Records every read of a person's decrypted data on the ledger (contract {@code access-audit}), cheaply: a read
 * adds one row to {@code access_pending} (so a crash loses none), and a background flush writes up to
 * {@value AccessAuditContract#MAX_BATCH} pending reads as one transaction, then deletes them. {@link #flush()} writes
 * everything pending now, e.g. before a person lists their own log. Thread-safe; close it to stop the flusher after
 * a last flush.
 */
public final class AccessLog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(AccessLog.class.getName());
    private static final long FLUSH_EVERY_MS = 250;

    private final Jdbi jdbi;
    private final LedgerGateway ledger;
    private final ReentrantLock flushing = new ReentrantLock();
    private final ScheduledExecutorService flusher;

    public AccessLog(Jdbi jdbi, LedgerGateway ledger) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "access-log-flusher");
            t.setDaemon(true);
            return t;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_EVERY_MS, FLUSH_EVERY_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * A read of the fields {@code fields} of the person whose commitment is {@code subject}, by {@code accessor}
     * (e.g. {@code merchant:7}, {@code service:notifier}, {@code self}) for {@code purpose}.
     */
    public void record(byte[] subject, String accessor, String purpose, List<String> fields, long atMillis) {
        if (subject.length != AccessAuditContract.SUBJECT_BYTES) {
            throw new IllegalArgumentException("a subject commitment has 32 bytes");
        }
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO access_pending (subject, accessor, purpose, fields, at_ms) "
                        + "VALUES (:s, :a, :p, :f, :at)")
                .bind("s", HexFormat.of().formatHex(subject)).bind("a", accessor).bind("p", purpose)
                .bind("f", String.join(",", fields)).bind("at", atMillis).execute());
    }

    private record Pending(long id, AccessAuditContract.Entry entry) {
    }

    /** Writes every pending read to the ledger now; throws if the ledger refuses (the reads stay pending). */
    public void flush() {
        flushing.lock();
        try {
            while (true) {
                List<Pending> batch = jdbi.withHandle(h -> h.createQuery("SELECT * FROM access_pending ORDER BY id "
                                + "LIMIT :n").bind("n", AccessAuditContract.MAX_BATCH)
                        .map((rs, ctx) -> new Pending(rs.getLong("id"), new AccessAuditContract.Entry(
                                HexFormat.of().parseHex(rs.getString("subject").strip()), rs.getString("accessor"),
                                rs.getString("purpose"), fields(rs.getString("fields")), rs.getLong("at_ms"))))
                        .list());
                if (batch.isEmpty()) {
                    return;
                }
                ledger.submit(AccessAuditContract.ID, AccessAuditContract.RECORD, CborMap.parse(
                        AccessAuditContract.recordArgs(batch.stream().map(Pending::entry).toList())));
                long last = batch.get(batch.size() - 1).id();
                jdbi.useHandle(h -> h.createUpdate("DELETE FROM access_pending WHERE id <= :last")
                        .bind("last", last).execute());
            }
        } finally {
            flushing.unlock();
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (CommerceException | IllegalStateException e) {
            LOG.log(System.Logger.Level.WARNING, "access log flush failed; the reads stay pending and are retried: "
                    + e.getMessage());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "access log flush failed; retrying", e);
        }
    }

    private static List<String> fields(String joined) {
        return joined.isEmpty() ? List.of() : new ArrayList<>(Arrays.asList(joined.split(",")));
    }

    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
    }
}
