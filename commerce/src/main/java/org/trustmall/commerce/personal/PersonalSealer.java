package org.trustmall.commerce.personal;

import java.time.InstantSource;
import java.util.ArrayList;
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

    /** A stored value and the context it was sealed for. */
    public record Stored(String context, String value) {
    }

    /**
     * Several stored values of one person opened as one read, logged once as a read of {@code fields} (at most 32
     * names of 1-64 characters, as the access log takes them): a conversation of many messages is one entry in the
     * person's access log, not one per message. Values never sealed come back as they are (null stays null).
     * Empty once the person is erased — nothing is logged then, as nothing could be read.
     */
    public Optional<List<String>> openAll(long owner, List<Stored> values, PersonalDataStore.Access access,
                                          List<String> fields) {
        String subject = VaultPersonalDataStore.person(owner);
        List<String> out = new ArrayList<>(values.size());
        boolean sealed = false;
        try {
            for (Stored v : values) {
                if (v.value() == null || !v.value().startsWith("v1:")) {
                    out.add(v.value());
                } else {
                    out.add(vault.openText(subject, v.context(), v.value()));
                    sealed = true;
                }
            }
            if (sealed) {
                accessLog.record(vault.commitment(subject, VaultPersonalDataStore.LEDGER_LABEL), access.accessor(),
                        access.purpose(), fields, clock.millis());
            }
        } catch (VaultException.SubjectErased erased) {
            // Erased meanwhile (or long ago): what was opened is not handed out unlogged.
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
