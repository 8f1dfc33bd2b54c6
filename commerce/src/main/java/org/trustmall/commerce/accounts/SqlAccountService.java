package org.trustmall.commerce.accounts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TextInput;
import org.trustmall.commerce.db.Sql;
import org.trustmall.commerce.notify.Notifier;

/**
 * {@link AccountService} over the commerce database. Account rows hold the role, display name and password hash;
 * the email lives only in the {@link PersonalDataStore}. Argon2 runs outside database transactions so a slow hash
 * never holds a connection. Thread-safe.
 */
public final class SqlAccountService implements AccountService {
    static final Duration RESET_TOKEN_TTL = Duration.ofMinutes(30);
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final String LOGIN = "login";
    private static final String RESET = "reset";
    private static final String WRONG_CREDENTIALS = "wrong email or password";

    private final Jdbi jdbi;
    private final PersonalDataStore personal;
    private final Notifier notifier;
    private final PasswordHasher hasher;
    private final SessionTokens tokens;
    private final InstantSource clock;
    private final Duration sessionTtl;
    /** Verified against when the email is unknown, so a wrong email takes as long as a wrong password. */
    private final String dummyHash;

    /**
     * @param sessionKey the 32-byte HMAC key for session tokens (see {@code SecretFiles})
     */
    public SqlAccountService(Jdbi jdbi, PersonalDataStore personal, Notifier notifier, PasswordHasher hasher,
                             byte[] sessionKey, InstantSource clock, Duration sessionTtl) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.personal = Objects.requireNonNull(personal, "personal");
        this.notifier = Objects.requireNonNull(notifier, "notifier");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.tokens = new SessionTokens(sessionKey);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sessionTtl = Objects.requireNonNull(sessionTtl, "sessionTtl");
        this.dummyHash = hasher.hash(tokens.newSecret());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // ---- registration ----

    @Override
    public Account register(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        if (registration.role() != Role.BUYER && registration.role() != Role.MERCHANT) {
            throw new CommerceException.Forbidden("self-registration creates buyer and merchant accounts only");
        }
        return createUser(registration);
    }

    @Override
    public Account createUser(Registration registration) {
        Objects.requireNonNull(registration, "registration");
        String email = checkEmail(registration.email());
        checkPassword("password", registration.password());
        String displayName = checkDisplayName(registration.displayName());
        if (registration.role() == null) {
            throw new CommerceException.InvalidInput("role", "must be one of buyer, merchant, admin, arbiter, agent");
        }
        if (personal.accountByEmail(email).isPresent()) {
            throw emailTaken();
        }
        String hash = hasher.hash(registration.password());
        Instant now = now();
        try {
            return jdbi.inTransaction(h -> {
                // A buyer is a person: their chosen name is personal data, sealed with the email; the account row
                // keeps only a neutral handle. Merchants, admins and arbiters act in a business or staff capacity.
                boolean person = registration.role() == Role.BUYER;
                long id = h.createUpdate("INSERT INTO accounts (role, display_name, password_hash, created_at) "
                                + "VALUES (:role, :name, :hash, :at)")
                        .bind("role", registration.role().wire()).bind("name", person ? BUYER_HANDLE : displayName)
                        .bind("hash", hash)
                        .bind("at", Sql.at(now))
                        .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
                if (!personal.claimEmail(email, id)) {
                    throw emailTaken();
                }
                personal.put(id, "account:" + id, person ? Map.of("email", email, "display_name", displayName)
                        : Map.of("email", email));
                return new Account(id, registration.role(), displayName, now);
            });
        } catch (StatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw emailTaken();
            }
            throw e;
        }
    }

    /** What a buyer's account row shows instead of their chosen name, which is sealed as personal data. */
    static final String BUYER_HANDLE = "Buyer";

    private static CommerceException.Conflict emailTaken() {
        return new CommerceException.Conflict("email", "this email is already registered");
    }

    // ---- sessions ----

    private record Credentials(long id, Role role, String hash) {
    }

    @Override
    public Session login(String email, String password, String clientAddress) {
        Instant now = now();
        String client = tokens.opaqueKey("client", clientAddress == null ? "unknown" : clientAddress);
        throttle(LOGIN, null, client, LoginThrottle.PER_CLIENT, now,
                "too many failed logins from this address");
        String normalised = PersonalDataStore.normaliseEmail(email);
        Optional<Credentials> account = normalised == null || normalised.isEmpty() ? Optional.empty()
                : personal.accountByEmail(normalised).flatMap(this::credentials);
        if (account.isPresent()) {
            throttle(LOGIN, account.get().id(), null, LoginThrottle.PER_ACCOUNT, now,
                    "too many failed logins for this account");
        }
        boolean ok = hasher.verify(password == null ? "" : password,
                account.map(Credentials::hash).orElse(dummyHash)) && account.isPresent();
        if (!ok) {
            Long accountId = account.map(Credentials::id).orElse(null);
            jdbi.useTransaction(h -> recordAttempt(h, LOGIN, accountId, client, now));
            throw new CommerceException.Unauthenticated(WRONG_CREDENTIALS);
        }
        Credentials c = account.get();
        String rehash = hasher.needsRehash(c.hash()) ? hasher.hash(password) : null;
        String sessionId = tokens.newSessionId();
        Instant expires = now.plus(sessionTtl);
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM auth_attempts WHERE kind = :k AND account_id = :a")
                    .bind("k", LOGIN).bind("a", c.id()).execute();
            if (rehash != null) {
                h.createUpdate("UPDATE accounts SET password_hash = :h WHERE id = :a")
                        .bind("h", rehash).bind("a", c.id()).execute();
            }
            h.createUpdate("INSERT INTO sessions (id, account_id, created_at, expires_at) VALUES (:id, :a, :c, :e)")
                    .bind("id", sessionId).bind("a", c.id()).bind("c", Sql.at(now)).bind("e", Sql.at(expires))
                    .execute();
        });
        return new Session(tokens.token(sessionId, c.id(), expires), c.id(), c.role(), expires);
    }

    private Optional<Credentials> credentials(long accountId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, role, password_hash FROM accounts WHERE id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> new Credentials(rs.getLong("id"), role(rs.getString("role")),
                        rs.getString("password_hash")))
                .findOne());
    }

    private record SessionRow(long accountId, Role role, Instant expiresAt, Instant revokedAt) {
    }

    @Override
    public Actor authenticate(String token) {
        String sessionId = SessionTokens.sessionIdOf(token);
        if (sessionId == null) {
            throw new CommerceException.Unauthenticated("malformed session token");
        }
        SessionRow row = jdbi.withHandle(h -> h.createQuery("SELECT s.account_id, a.role, s.expires_at, "
                        + "s.revoked_at FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.id = :id")
                .bind("id", sessionId)
                .map((rs, ctx) -> new SessionRow(rs.getLong("account_id"), role(rs.getString("role")),
                        Sql.instant(rs, "expires_at"), Sql.instant(rs, "revoked_at")))
                .findOne()).orElse(null);
        if (row == null || !tokens.valid(token, row.accountId(), row.expiresAt())) {
            throw new CommerceException.Unauthenticated("invalid session token");
        }
        if (row.revokedAt() != null) {
            throw new CommerceException.Unauthenticated("the session has ended; log in again");
        }
        if (!now().isBefore(row.expiresAt())) {
            throw new CommerceException.Unauthenticated("the session has expired; log in again");
        }
        return new Actor(row.accountId(), row.role(), sessionId);
    }

    @Override
    public void logout(Actor actor) {
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        jdbi.useHandle(h -> h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE id = :id "
                        + "AND account_id = :a AND revoked_at IS NULL")
                .bind("now", Sql.at(now)).bind("id", actor.sessionId()).bind("a", actor.accountId()).execute());
    }

    // ---- passwords ----

    @Override
    public void verifyPassword(Actor actor, String password) {
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Credentials c = credentials(actor.accountId())
                .orElseThrow(() -> new CommerceException.Unauthenticated("the account no longer exists"));
        throttle(LOGIN, c.id(), null, LoginThrottle.PER_ACCOUNT, now, "too many failed password checks");
        if (!hasher.verify(password == null ? "" : password, c.hash())) {
            String client = tokens.opaqueKey("session", String.valueOf(actor.sessionId()));
            jdbi.useTransaction(h -> recordAttempt(h, LOGIN, c.id(), client, now));
            throw new CommerceException.InvalidInput("password", "does not match the account's password");
        }
    }

    @Override
    public void changePassword(Actor actor, String currentPassword, String newPassword) {
        Objects.requireNonNull(actor, "actor");
        Instant now = now();
        Credentials c = credentials(actor.accountId())
                .orElseThrow(() -> new CommerceException.Unauthenticated("the account no longer exists"));
        throttle(LOGIN, c.id(), null, LoginThrottle.PER_ACCOUNT, now, "too many failed password checks");
        if (!hasher.verify(currentPassword == null ? "" : currentPassword, c.hash())) {
            String client = tokens.opaqueKey("session", String.valueOf(actor.sessionId()));
            jdbi.useTransaction(h -> recordAttempt(h, LOGIN, c.id(), client, now));
            throw new CommerceException.InvalidInput("currentPassword", "does not match the current password");
        }
        checkPassword("newPassword", newPassword);
        String hash = hasher.hash(newPassword);
        jdbi.useTransaction(h -> {
            h.createUpdate("UPDATE accounts SET password_hash = :h WHERE id = :a")
                    .bind("h", hash).bind("a", c.id()).execute();
            h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL "
                            + "AND id <> :keep")
                    .bind("now", Sql.at(now)).bind("a", c.id()).bind("keep", String.valueOf(actor.sessionId()))
                    .execute();
        });
    }

    @Override
    public void requestPasswordReset(String email, String clientAddress) {
        Instant now = now();
        String client = tokens.opaqueKey("client", clientAddress == null ? "unknown" : clientAddress);
        String normalised = PersonalDataStore.normaliseEmail(email);
        // Per email rather than per account, so the limit says nothing about whether the account exists.
        String emailKey = tokens.opaqueKey("email", normalised == null ? "" : normalised);
        throttle(RESET, null, client, LoginThrottle.PER_CLIENT, now, "too many reset requests from this address");
        throttle(RESET + "-email", null, emailKey, LoginThrottle.PER_ACCOUNT, now,
                "too many reset requests for this email");
        Optional<Long> account = normalised == null || normalised.isEmpty() ? Optional.empty()
                : personal.accountByEmail(normalised);
        String token = tokens.newSecret();
        jdbi.useTransaction(h -> {
            recordAttempt(h, RESET, null, client, now);
            recordAttempt(h, RESET + "-email", null, emailKey, now);
            if (account.isPresent()) {
                h.createUpdate("INSERT INTO password_resets (token_hash, account_id, created_at, expires_at) "
                                + "VALUES (:t, :a, :c, :e)")
                        .bind("t", sha256(token)).bind("a", account.get()).bind("c", Sql.at(now))
                        .bind("e", Sql.at(now.plus(RESET_TOKEN_TTL))).execute();
                // The outbox notifier joins this transaction: no token without its message, or the reverse.
                notifier.send(account.get(), normalised, "Reset your TrustMall password",
                        "Someone asked to reset the password of your TrustMall account. If it was you, use this "
                                + "one-time token within 30 minutes:\n\n" + token
                                + "\n\nIf it was not you, ignore this message; your password stays as it is.");
            }
        });
    }

    @Override
    public void resetPassword(String resetToken, String newPassword) {
        checkPassword("password", newPassword);
        if (resetToken == null || resetToken.isEmpty() || resetToken.length() > 200) {
            throw new CommerceException.Unauthenticated("the reset token is invalid, used or expired");
        }
        String hash = hasher.hash(newPassword);
        Instant now = now();
        jdbi.useTransaction(h -> {
            String tokenHash = sha256(resetToken);
            int claimed = h.createUpdate("UPDATE password_resets SET used_at = :now WHERE token_hash = :t "
                            + "AND used_at IS NULL AND expires_at > :now")
                    .bind("now", Sql.at(now)).bind("t", tokenHash).execute();
            if (claimed != 1) {
                throw new CommerceException.Unauthenticated("the reset token is invalid, used or expired");
            }
            long accountId = h.createQuery("SELECT account_id FROM password_resets WHERE token_hash = :t")
                    .bind("t", tokenHash).mapTo(Long.class).one();
            h.createUpdate("UPDATE accounts SET password_hash = :h WHERE id = :a")
                    .bind("h", hash).bind("a", accountId).execute();
            h.createUpdate("UPDATE sessions SET revoked_at = :now WHERE account_id = :a AND revoked_at IS NULL")
                    .bind("now", Sql.at(now)).bind("a", accountId).execute();
            h.createUpdate("DELETE FROM auth_attempts WHERE kind = :k AND account_id = :a")
                    .bind("k", LOGIN).bind("a", accountId).execute();
        });
    }

    // ---- roles and reading ----

    @Override
    public Account appointArbiter(Actor admin, long accountId) {
        return appoint(admin, accountId, Role.ARBITER);
    }

    @Override
    public Account appointAgent(Actor admin, long accountId) {
        return appoint(admin, accountId, Role.AGENT);
    }

    /**
     * Makes an existing account a staff account of {@code role} (arbiter or agent). Only a buyer account may be
     * appointed: a merchant, an admin or a staff account of another kind keeps its role, so that one account never
     * holds two of them (an arbiter deciding disputes is not also answering the same customers).
     */
    private Account appoint(Actor admin, long accountId, Role role) {
        Objects.requireNonNull(admin, "admin");
        if (!admin.is(Role.ADMIN)) {
            throw new CommerceException.Forbidden("only an admin may appoint " + role.wire() + "s");
        }
        return jdbi.inTransaction(h -> {
            Account a = find(h, accountId).orElseThrow(() -> new CommerceException.InvalidInput("accountId",
                    "no account has id " + accountId));
            if (a.role() == role) {
                return a;
            }
            if (a.role() != Role.BUYER) {
                throw new CommerceException.Conflict("role", "a " + a.role().wire() + " account cannot be appointed "
                        + role.wire() + "; appoint a separate account");
            }
            h.createUpdate("UPDATE accounts SET role = :r WHERE id = :id")
                    .bind("r", role.wire()).bind("id", accountId).execute();
            return new Account(a.id(), role, a.displayName(), a.createdAt());
        });
    }

    @Override
    public Account get(Actor actor, long accountId) {
        Objects.requireNonNull(actor, "actor");
        if (actor.accountId() != accountId && !actor.is(Role.ADMIN)) {
            throw new CommerceException.NotFound("account", String.valueOf(accountId));
        }
        Account a = jdbi.withHandle(h -> find(h, accountId))
                .orElseThrow(() -> new CommerceException.NotFound("account", String.valueOf(accountId)));
        if (a.role() == Role.BUYER) {
            PersonalDataStore.Access access = actor.accountId() == accountId ? PersonalDataStore.Access.self("profile")
                    : new PersonalDataStore.Access("admin:" + actor.accountId(), "support");
            String name = personal.get(accountId, "account:" + accountId, access).get("display_name");
            if (name != null) {
                return new Account(a.id(), a.role(), name, a.createdAt());
            }
        }
        return a;
    }

    private static Optional<Account> find(Handle h, long accountId) {
        return h.createQuery("SELECT id, role, display_name, created_at FROM accounts WHERE id = :id")
                .bind("id", accountId)
                .map((rs, ctx) -> new Account(rs.getLong("id"), role(rs.getString("role")),
                        rs.getString("display_name"), Sql.instant(rs, "created_at")))
                .findOne();
    }

    // ---- throttling ----

    /** Throws {@code Throttled} if the account's or the client's recent attempts of this kind reach the limit. */
    private void throttle(String kind, Long accountId, String clientKey, LoginThrottle limit, Instant now,
                          String reason) {
        List<Instant> recent = jdbi.withHandle(h -> h.createQuery("SELECT attempted_at FROM auth_attempts "
                        + "WHERE kind = :k AND " + (accountId != null ? "account_id = :who" : "client_key = :who")
                        + " AND attempted_at > :since ORDER BY attempted_at DESC LIMIT :n")
                .bind("k", kind)
                .bind("who", accountId != null ? (Object) accountId : clientKey)
                .bind("since", Sql.at(limit.windowStart(now)))
                .bind("n", limit.maxAttempts())
                .map((rs, ctx) -> Sql.instant(rs, "attempted_at"))
                .list());
        OptionalLong wait = limit.retryAfterSeconds(recent, now);
        if (wait.isPresent()) {
            throw new CommerceException.Throttled(reason + "; try again in " + wait.getAsLong() + " s",
                    wait.getAsLong());
        }
    }

    private static void recordAttempt(Handle h, String kind, Long accountId, String clientKey, Instant now) {
        // Keep the table small: what is older than a day no longer counts for any limit.
        h.createUpdate("DELETE FROM auth_attempts WHERE kind = :k AND client_key = :c AND attempted_at < :old")
                .bind("k", kind).bind("c", clientKey).bind("old", Sql.at(now.minus(Duration.ofDays(1)))).execute();
        h.createUpdate("INSERT INTO auth_attempts (kind, account_id, client_key, attempted_at) "
                        + "VALUES (:k, :a, :c, :at)")
                .bind("k", kind).bind("a", accountId).bind("c", clientKey).bind("at", Sql.at(now)).execute();
    }

    // ---- validation ----

    private static String checkEmail(String email) {
        String e = PersonalDataStore.normaliseEmail(email);
        if (e == null || e.isEmpty()) {
            throw new CommerceException.InvalidInput("email", "is required");
        }
        if (e.length() > 254 || !EMAIL.matcher(e).matches()) {
            throw new CommerceException.InvalidInput("email", "is not a valid email address");
        }
        return e;
    }

    private static void checkPassword(String field, String password) {
        if (password == null) {
            throw new CommerceException.InvalidInput(field, "is required");
        }
        int length = password.codePointCount(0, password.length());
        if (length < 10 || length > 200) {
            throw new CommerceException.InvalidInput(field, "must be 10-200 characters");
        }
        if (password.isBlank()) {
            throw new CommerceException.InvalidInput(field, "must not be only spaces");
        }
    }

    private static String checkDisplayName(String displayName) {
        return TextInput.line("displayName", displayName, 64);
    }

    static Role role(String wire) {
        return Role.parse("role", wire);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
