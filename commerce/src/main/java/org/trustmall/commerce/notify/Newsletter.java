package org.trustmall.commerce.notify;

import java.util.List;
import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.accounts.PersonalDataStore;
import org.trustmall.commerce.consent.ConsentService;

/**
 * The platform's marketing newsletter (admins send it): it reaches only the buyers whose {@code marketing} consent
 * stands at the moment of sending; everyone else is skipped, and their address is not even decrypted. Thread-safe.
 */
public final class Newsletter {
    /** How many buyers were written to, and how many were skipped for want of consent. */
    public record Sent(int sent, int skipped) {
    }

    private final Jdbi jdbi;
    private final PersonalDataStore personal;
    private final ConsentService consents;
    private final Notifier notifier;

    public Newsletter(Jdbi jdbi, PersonalDataStore personal, ConsentService consents, Notifier notifier) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.personal = Objects.requireNonNull(personal, "personal");
        this.consents = Objects.requireNonNull(consents, "consents");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
    }

    public Sent send(Actor admin, String subject, String body) {
        if (admin == null || !admin.is(Role.ADMIN)) {
            throw new CommerceException.Forbidden("only admins send the newsletter");
        }
        String s = TextInput.line("subject", subject, 200);
        String b = TextInput.paragraph("body", body, 3000);
        List<Long> buyers = jdbi.withHandle(h -> h.createQuery("SELECT id FROM accounts WHERE role = 'buyer' "
                + "AND password_hash <> '!erased' ORDER BY id").mapTo(Long.class).list());
        int sent = 0;
        int skipped = 0;
        for (long id : buyers) {
            if (!consents.allows(id, ConsentService.MARKETING)) {
                skipped++;
                continue;
            }
            String email = personal.get(id, "account:" + id, PersonalDataStore.Access.service("newsletter",
                    ConsentService.MARKETING)).get("email");
            if (email == null) {
                skipped++;
                continue;
            }
            notifier.send(id, email, s, b);
            sent++;
        }
        return new Sent(sent, skipped);
    }
}
