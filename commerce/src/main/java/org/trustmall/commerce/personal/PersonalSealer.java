package org.trustmall.commerce.personal;

import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.privacy.vault.Vault;
import org.trustmall.privacy.vault.VaultException;

/**
 * Seals a person's data kept outside the personal-data tables — messages in the outbox, the words of a dispute or a
 * return — with that person's own key, and opens it again with the read logged, so that erasing the person makes it
 * unreadable too. Thread-safe.
 */
public final class PersonalSealer {
    private final Vault vault;
    private final AccessLog accessLog;
    private final InstantSource clock;

    public PersonalSealer(Vault vault, AccessLog accessLog, InstantSource clock) {
        this.vault = Objects.requireNonNull(vault, "vault");
        this.accessLog = Objects.requireNonNull(accessLog, "accessLog");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** {@code plaintext} sealed under account {@code owner}'s key, bound to {@code context}; text to store. */
    public String seal(long owner, String context, String plaintext) {
        return vault.sealText(VaultPersonalDataStore.person(owner), context, plaintext);
    }

    /** What stands in for a person's words once they are erased. */
    public static final String ERASED = "[erased]";

    /**
     * A stored value as {@code viewer} may read it: decrypted with the read logged, {@value #ERASED} once the person
     * is erased, and as it is when it was never sealed (written before sealing, or already replaced on erasure).
     */
    public String reveal(long owner, String context, String stored, PersonalDataStore.Access access) {
        if (stored == null || !stored.startsWith("v1:")) {
            return stored;
        }
        return open(owner, context, stored, access).orElse(ERASED);
    }

    /** The plaintext, with the read logged; empty if the person was erased (their key is gone). */
    public Optional<String> open(long owner, String context, String sealed, PersonalDataStore.Access access) {
        String subject = VaultPersonalDataStore.person(owner);
        String plaintext;
        try {
            plaintext = vault.openText(subject, context, sealed);
        } catch (VaultException.SubjectErased erased) {
            return Optional.empty();
        }
        accessLog.record(vault.commitment(subject, VaultPersonalDataStore.LEDGER_LABEL), access.accessor(),
                access.purpose(), List.of(context), clock.millis());
        return Optional.of(plaintext);
    }
}
