package org.trustmall.commerce.accounts;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {
    private static final PasswordHasher CHEAP = PasswordHasher.argon2id(new PasswordHasher.Parameters(64, 1, 1));

    @Test
    void theDefaultIsArgon2idWithThirtyTwoMebibytesAndTwoPasses() {
        String hash = PasswordHasher.argon2id().hash("correct horse battery");
        assertTrue(hash.startsWith("$argon2id$v=19$m=32768,t=2,p=1$"), hash);
        assertTrue(PasswordHasher.argon2id().verify("correct horse battery", hash));
    }

    @Test
    void aHashVerifiesItsPasswordOnlyAndIsSaltedEachTime() {
        String a = CHEAP.hash("correct horse battery");
        assertTrue(CHEAP.verify("correct horse battery", a));
        assertFalse(CHEAP.verify("correct horse batterY", a));
        assertNotEquals(a, CHEAP.hash("correct horse battery"));
    }

    @Test
    void hashesKeepTheirParametersSoTheyCanBeRaisedLater() {
        String old = CHEAP.hash("correct horse battery");
        PasswordHasher stronger = PasswordHasher.argon2id(new PasswordHasher.Parameters(128, 2, 1));
        assertTrue(stronger.verify("correct horse battery", old), "old hashes still verify");
        assertTrue(stronger.needsRehash(old));
        assertFalse(stronger.needsRehash(stronger.hash("x")));
    }

    @Test
    void theSamePasswordTypedInAnotherUnicodeFormMatches() {
        String composed = "caf\u00e9 au lait!";
        String decomposed = "cafe\u0301 au lait!";
        assertTrue(CHEAP.verify(decomposed, CHEAP.hash(composed)));
    }

    @Test
    void malformedHashesNeverVerify() {
        for (String bad : new String[] {null, "", "$argon2i$v=19$m=64,t=1,p=1$AAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAA",
            "$argon2id$v=19$m=64,t=1$AAAAAAAAAAA$AAAA", "plaintext"}) {
            assertFalse(CHEAP.verify("x", bad));
        }
    }
}
