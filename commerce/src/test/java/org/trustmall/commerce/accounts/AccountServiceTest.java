package org.trustmall.commerce.accounts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.MutableClock;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.TestCommerce;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.accounts.AccountService.Registration;
import org.trustmall.commerce.notify.Notifier;

@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class AccountServiceTest {
    private static final String PASSWORD = "a long enough password";

    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private TestCommerce t;
    private AccountService accounts;
    private MutableClock clock;

    @BeforeEach
    void open() {
        t = TestCommerce.open(kind, dir);
        accounts = t.accounts();
        clock = t.clock();
    }

    @AfterEach
    void close() {
        if (t != null) {
            t.close();
        }
    }

    private AccountService.Account register(String email, Role role) {
        return accounts.register(new Registration(email, PASSWORD, role, "Someone"));
    }

    @Test
    void buyersAndMerchantsRegisterThemselvesButAdminsAndArbitersDoNot() {
        assertEquals(Role.BUYER, register("b@example.com", Role.BUYER).role());
        assertEquals(Role.MERCHANT, register("m@example.com", Role.MERCHANT).role());
        assertThrows(CommerceException.Forbidden.class, () -> register("a@example.com", Role.ADMIN));
        assertThrows(CommerceException.Forbidden.class, () -> register("r@example.com", Role.ARBITER));
    }

    @Test
    void createUserMakesAccountsOfAnyRole() {
        for (Role role : Role.values()) {
            AccountService.Account a = accounts.createUser(new Registration(role.wire() + "@example.com", PASSWORD,
                    role, role.wire()));
            assertEquals(role, a.role());
        }
    }

    @Test
    void anEmailIsRegisteredOnceWhateverItsCaseOrSurroundingSpaces() {
        register("Ann@Example.com", Role.BUYER);
        CommerceException.Conflict c = assertThrows(CommerceException.Conflict.class,
                () -> register("  ann@EXAMPLE.com ", Role.MERCHANT));
        assertEquals("email", c.field());
    }

    @Test
    void weakPasswordsMalformedEmailsAndEmptyNamesAreRejectedNamingTheField() {
        CommerceException.InvalidInput p = assertThrows(CommerceException.InvalidInput.class,
                () -> accounts.register(new Registration("x@example.com", "short", Role.BUYER, "X")));
        assertEquals("password", p.field());
        CommerceException.InvalidInput e = assertThrows(CommerceException.InvalidInput.class,
                () -> accounts.register(new Registration("not-an-email", PASSWORD, Role.BUYER, "X")));
        assertEquals("email", e.field());
        CommerceException.InvalidInput n = assertThrows(CommerceException.InvalidInput.class,
                () -> accounts.register(new Registration("y@example.com", PASSWORD, Role.BUYER, "  ")));
        assertEquals("displayName", n.field());
    }

    @Test
    void aLoginOpensASessionWhoseTokenAuthenticatesUntilLogout() {
        AccountService.Account a = register("ann@example.com", Role.BUYER);
        AccountService.Session s = accounts.login(" ANN@example.com", PASSWORD, "10.0.0.1");
        assertEquals(a.id(), s.accountId());
        assertEquals(clock.instant().plus(Duration.ofDays(7)), s.expiresAt());
        Actor actor = accounts.authenticate(s.token());
        assertEquals(a.id(), actor.accountId());
        assertEquals(Role.BUYER, actor.role());
        accounts.logout(actor);
        assertThrows(CommerceException.Unauthenticated.class, () -> accounts.authenticate(s.token()));
    }

    @Test
    void aSessionExpiresAfterItsTimeToLive() {
        register("ann@example.com", Role.BUYER);
        AccountService.Session s = accounts.login("ann@example.com", PASSWORD, "10.0.0.1");
        clock.advance(Duration.ofDays(7).minusSeconds(1));
        accounts.authenticate(s.token());
        clock.advance(Duration.ofSeconds(1));
        CommerceException.Unauthenticated u = assertThrows(CommerceException.Unauthenticated.class,
                () -> accounts.authenticate(s.token()));
        assertTrue(u.getMessage().contains("expired"), u.getMessage());
    }

    @Test
    void forgedAlteredOrMalformedTokensAreRejected() {
        register("ann@example.com", Role.BUYER);
        String token = accounts.login("ann@example.com", PASSWORD, "10.0.0.1").token();
        String id = token.substring(0, token.indexOf('.'));
        String mac = token.substring(token.indexOf('.') + 1);
        char last = mac.charAt(mac.length() - 1);
        String altered = id + "." + mac.substring(0, mac.length() - 1) + (last == 'A' ? 'B' : 'A');
        String otherId = (id.charAt(0) == 'A' ? "B" : "A") + id.substring(1) + "." + mac;
        for (String bad : List.of(altered, otherId, id, id + ".", "", "x.y", token + "x", token + ".x")) {
            assertThrows(CommerceException.Unauthenticated.class, () -> accounts.authenticate(bad), bad);
        }
        assertThrows(CommerceException.Unauthenticated.class, () -> accounts.authenticate(null));
    }

    @Test
    void wrongEmailAndWrongPasswordFailAlike() {
        register("ann@example.com", Role.BUYER);
        String wrongPassword = assertThrows(CommerceException.Unauthenticated.class,
                () -> accounts.login("ann@example.com", "not the password", "10.0.0.1")).getMessage();
        String unknownEmail = assertThrows(CommerceException.Unauthenticated.class,
                () -> accounts.login("nobody@example.com", PASSWORD, "10.0.0.1")).getMessage();
        assertEquals(wrongPassword, unknownEmail);
    }

    @Test
    void fiveFailuresLockTheAccountForFifteenMinutesEvenWithTheRightPassword() {
        register("ann@example.com", Role.BUYER);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(10));
            String address = "10.0.0." + (i + 1);
            assertThrows(CommerceException.Unauthenticated.class,
                    () -> accounts.login("ann@example.com", "wrong password!", address));
        }
        CommerceException.Throttled th = assertThrows(CommerceException.Throttled.class,
                () -> accounts.login("ann@example.com", PASSWORD, "10.0.0.99"));
        // The first of the five failures leaves the 15-minute window 40 s before the last one's 15 minutes end.
        assertEquals(15 * 60 - 40, th.retryAfterSeconds());
        clock.advance(Duration.ofSeconds(th.retryAfterSeconds()));
        accounts.authenticate(accounts.login("ann@example.com", PASSWORD, "10.0.0.99").token());
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        register("ann@example.com", Role.BUYER);
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 4; i++) {
                assertThrows(CommerceException.Unauthenticated.class,
                        () -> accounts.login("ann@example.com", "wrong password!", "10.0.1.1"));
            }
            accounts.login("ann@example.com", PASSWORD, "10.0.1.1");
        }
    }

    @Test
    void twentyFailuresFromOneAddressThrottleEveryLoginFromIt() {
        register("ann@example.com", Role.BUYER);
        for (int i = 0; i < 20; i++) {
            String email = "user" + i + "@example.com";
            assertThrows(CommerceException.Unauthenticated.class, () -> accounts.login(email, PASSWORD, "192.0.2.7"));
        }
        CommerceException.Throttled th = assertThrows(CommerceException.Throttled.class,
                () -> accounts.login("ann@example.com", PASSWORD, "192.0.2.7"));
        assertEquals(15 * 60, th.retryAfterSeconds());
        accounts.login("ann@example.com", PASSWORD, "192.0.2.8");
        clock.advance(Duration.ofMinutes(15));
        accounts.login("ann@example.com", PASSWORD, "192.0.2.7");
    }

    @Test
    void changingThePasswordRevokesEveryOtherSessionButKeepsThisOne() {
        register("ann@example.com", Role.BUYER);
        AccountService.Session phone = accounts.login("ann@example.com", PASSWORD, "10.0.0.1");
        AccountService.Session laptop = accounts.login("ann@example.com", PASSWORD, "10.0.0.2");
        Actor onLaptop = accounts.authenticate(laptop.token());
        CommerceException.InvalidInput wrong = assertThrows(CommerceException.InvalidInput.class,
                () -> accounts.changePassword(onLaptop, "not my password", "a brand new password"));
        assertEquals("currentPassword", wrong.field());
        accounts.changePassword(onLaptop, PASSWORD, "a brand new password");
        assertThrows(CommerceException.Unauthenticated.class, () -> accounts.authenticate(phone.token()));
        accounts.authenticate(laptop.token());
        assertThrows(CommerceException.Unauthenticated.class,
                () -> accounts.login("ann@example.com", PASSWORD, "10.0.0.1"));
        accounts.login("ann@example.com", "a brand new password", "10.0.0.1");
    }

    @Test
    void aResetTokenArrivesInTheOutboxWorksOnceAndRevokesAllSessions() {
        register("ann@example.com", Role.BUYER);
        AccountService.Session old = accounts.login("ann@example.com", PASSWORD, "10.0.0.1");
        accounts.requestPasswordReset("Ann@Example.com", "10.0.0.1");
        String token = lastToken("ann@example.com");
        accounts.resetPassword(token, "my reset password");
        assertThrows(CommerceException.Unauthenticated.class, () -> accounts.authenticate(old.token()));
        accounts.login("ann@example.com", "my reset password", "10.0.0.1");
        assertThrows(CommerceException.Unauthenticated.class,
                () -> accounts.resetPassword(token, "another reset password"));
    }

    @Test
    void aResetTokenExpiresAfterThirtyMinutes() {
        register("ann@example.com", Role.BUYER);
        accounts.requestPasswordReset("ann@example.com", "10.0.0.1");
        String token = lastToken("ann@example.com");
        clock.advance(Duration.ofMinutes(30));
        assertThrows(CommerceException.Unauthenticated.class, () -> accounts.resetPassword(token, "too late, sorry"));
        accounts.login("ann@example.com", PASSWORD, "10.0.0.1");
    }

    @Test
    void aResetForAnUnknownEmailSendsNothingAndLooksTheSame() {
        accounts.requestPasswordReset("nobody@example.com", "10.0.0.1");
        assertEquals(List.of(), t.commerce().notifier().recent(10));
    }

    @Test
    void resetRequestsAreThrottledPerEmailWhetherOrNotTheAccountExists() {
        for (int i = 0; i < 5; i++) {
            accounts.requestPasswordReset("nobody@example.com", "10.0.0." + i);
        }
        assertThrows(CommerceException.Throttled.class,
                () -> accounts.requestPasswordReset("nobody@example.com", "10.0.0.99"));
    }

    @Test
    void anAdminAppointsABuyerAsArbiterAndNoOneElseMay() {
        Actor admin = t.admin("root");
        Actor buyer = t.buyer("judy");
        Actor merchant = t.merchant("shop");
        assertThrows(CommerceException.Forbidden.class, () -> accounts.appointArbiter(buyer, buyer.accountId()));
        assertEquals(Role.ARBITER, accounts.appointArbiter(admin, buyer.accountId()).role());
        assertEquals(Role.ARBITER, accounts.get(admin, buyer.accountId()).role());
        assertThrows(CommerceException.Conflict.class, () -> accounts.appointArbiter(admin, merchant.accountId()));
        CommerceException.InvalidInput unknown = assertThrows(CommerceException.InvalidInput.class,
                () -> accounts.appointArbiter(admin, 999_999));
        assertEquals("accountId", unknown.field());
        // The role change reaches existing sessions: the actor is read at each authentication.
        String token = accounts.login("judy@example.com", TestCommerce.PASSWORD, "10.0.0.1").token();
        assertEquals(Role.ARBITER, accounts.authenticate(token).role());
    }

    @Test
    void anAccountIsVisibleToItselfAndAdminsOnly() {
        Actor admin = t.admin("root");
        Actor ann = t.buyer("ann");
        Actor bob = t.buyer("bob");
        assertEquals("ann", accounts.get(ann, ann.accountId()).displayName());
        assertEquals("ann", accounts.get(admin, ann.accountId()).displayName());
        assertThrows(CommerceException.NotFound.class, () -> accounts.get(bob, ann.accountId()));
    }

    @Test
    void passwordsAreStoredAsArgon2idHashesWithTheirParameters() {
        AccountService.Account a = register("ann@example.com", Role.BUYER);
        String stored = t.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE id = :id")
                .bind("id", a.id()).mapTo(String.class).one());
        assertTrue(stored.startsWith("$argon2id$v=19$m=8,t=1,p=1$"), stored);
        AccountService.Account b = register("bob@example.com", Role.BUYER);
        String other = t.jdbi().withHandle(h -> h.createQuery("SELECT password_hash FROM accounts WHERE id = :id")
                .bind("id", b.id()).mapTo(String.class).one());
        assertNotEquals(stored, other, "each hash has its own salt");
    }

    private String lastToken(String recipient) {
        Notifier.Message m = t.commerce().notifier().recent(1).get(0);
        assertEquals(recipient, m.recipient());
        Matcher token = Pattern.compile("\\n\\n([A-Za-z0-9_-]{43})\\n").matcher(m.body());
        assertTrue(token.find(), m.body());
        return token.group(1);
    }
}
