package org.trustmall.commerce.personal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.privacy.vault.Vault;
import org.trustmall.privacy.vault.VaultException;

/**
 * Rotation of the vault's key-encryption key while the platform runs (admins only): a new version becomes the
 * primary at once, a background thread re-wraps every person's key under it while reads and writes go on, and once
 * nothing uses an old version it can be retired. Thread-safe; close it to stop a re-wrap in progress (it resumes
 * with the next rotation or retirement check).
 */
public final class KeyRotation implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(KeyRotation.class.getName());

    /** Where rotation stands: {@code rewrapping} while the background re-wrap runs. */
    public record Status(String primary, List<String> versions, boolean rewrapping, int lastRewrapped,
                         String lastError) {
    }

    private final Vault vault;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "kek-rewrap");
        t.setDaemon(true);
        return t;
    });
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicInteger lastRewrapped = new AtomicInteger();
    private final AtomicReference<String> lastError = new AtomicReference<>();

    public KeyRotation(Vault vault) {
        this.vault = Objects.requireNonNull(vault, "vault");
    }

    private static void requireAdmin(Actor actor) {
        if (actor == null || !actor.is(Role.ADMIN)) {
            throw new CommerceException.Forbidden("only admins manage the key-encryption keys");
        }
    }

    public Status status(Actor admin) {
        requireAdmin(admin);
        return status();
    }

    private Status status() {
        return new Status(vault.primaryKeyVersion(), vault.keyVersions(), running.get(), lastRewrapped.get(),
                lastError.get());
    }

    /** A new primary version, and the re-wrap of every person's key under it started in the background. */
    public Status rotate(Actor admin) {
        requireAdmin(admin);
        vault.rotate();
        rewrapInBackground();
        return status();
    }

    /** Starts the background re-wrap unless one is running. */
    public void rewrapInBackground() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        worker.submit(() -> {
            try {
                lastRewrapped.set(vault.rewrapAll());
                lastError.set(null);
            } catch (RuntimeException e) {
                lastError.set(e.getMessage());
                LOG.log(System.Logger.Level.WARNING, "re-wrapping person keys failed: " + e.getMessage());
            } finally {
                running.set(false);
            }
        });
    }

    /** Removes an old version; {@code Conflict} naming {@code version} while it is the primary or still in use. */
    public Status retire(Actor admin, String version) {
        requireAdmin(admin);
        try {
            vault.retire(version);
        } catch (VaultException.KeyVersionInUse e) {
            throw new CommerceException.Conflict("version", e.getMessage());
        } catch (VaultException.KeyUnavailable e) {
            throw new CommerceException.NotFound("key version", version);
        }
        return status();
    }

    @Override
    public void close() {
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
