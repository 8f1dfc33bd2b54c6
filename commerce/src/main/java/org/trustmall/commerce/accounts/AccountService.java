package org.trustmall.commerce.accounts;

import java.time.Instant;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Role;

/**
 * Accounts, credentials and sessions.
 *
 * <p>Passwords are hashed with a slow KDF (Argon2id). A session is a token signed (HMAC-SHA256) with a key created
 * on first run (a 0600 file, never in git) that names a server-side session row, so logout and password changes can
 * revoke it; tokens expire. Login attempts are throttled per account and per client address. Emails, names and
 * phones live behind {@link PersonalDataStore} only.
 */
public interface AccountService {

    record Registration(String email, String password, Role role, String displayName) {
    }

    /** An account as others may see it: no email, phone or other personal data. */
    record Account(long id, Role role, String displayName, Instant createdAt) {
    }

    record Session(String token, long accountId, Role role, Instant expiresAt) {
    }

    /**
     * Self-registration: buyers and merchants only ({@code Forbidden} for admin, arbiter or agent). Validates the email
     * (field {@code email}), password strength (field {@code password}: 10-200 characters) and display name (field
     * {@code displayName}: 1-64 characters); {@code Conflict} on field {@code email} if it is already registered.
     */
    Account register(Registration registration);

    /** Creates any kind of account without the self-registration limits; for {@code trustmall admin create-user}. */
    Account createUser(Registration registration);

    /**
     * Checks credentials and opens a session. Wrong email or password give the same {@code Unauthenticated}
     * message; too many failures for the account or the client address give {@code Throttled}.
     */
    Session login(String email, String password, String clientAddress);

    /** The actor a token stands for; {@code Unauthenticated} if it is malformed, forged, expired or revoked. */
    Actor authenticate(String token);

    /** Revokes the actor's session. */
    void logout(Actor actor);

    /** Changes the password (the current one must match) and revokes every other session of the account. */
    void changePassword(Actor actor, String currentPassword, String newPassword);

    /**
     * Re-authentication for a grave step (erasure): the signed-in account's password, throttled like a login; a
     * wrong one is {@code InvalidInput} on field {@code password}.
     */
    void verifyPassword(Actor actor, String password);

    /**
     * Sends a one-time reset token to the account's email through the notifier, if such an account exists; the
     * caller cannot tell whether it does (no account enumeration). Throttled like logins.
     */
    void requestPasswordReset(String email, String clientAddress);

    /** Sets a new password with a reset token (single use, expires) and revokes every session of the account. */
    void resetPassword(String resetToken, String newPassword);

    /** An admin appoints an existing account as arbiter. */
    Account appointArbiter(Actor admin, long accountId);

    /**
     * An admin appoints an existing (buyer) account as a customer-service agent: it then sees the queue of
     * handed-off conversations and replies there; it sees no orders, returns or disputes. {@code Conflict} on field
     * {@code role} for a merchant, admin or arbiter account; idempotent for an agent.
     */
    Account appointAgent(Actor admin, long accountId);

    /** The actor's own account, or any account for an admin; other accounts are {@code NotFound}. */
    Account get(Actor actor, long accountId);
}
