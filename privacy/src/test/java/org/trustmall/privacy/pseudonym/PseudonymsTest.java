package org.trustmall.privacy.pseudonym;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class PseudonymsTest {
    private static final byte[] KEY = HexFormat.of().parseHex(
            "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
    private final Pseudonyms pseudonyms = new Pseudonyms(KEY);

    @Test
    void theSameSubjectAndPurposeAlwaysGetTheSamePseudonymEvenUnderAnotherInstance() {
        String p = pseudonyms.pseudonym("analytics", "account:42");
        assertEquals(p, pseudonyms.pseudonym("analytics", "account:42"));
        assertEquals(p, new Pseudonyms(KEY.clone()).pseudonym("analytics", "account:42"));
        assertTrue(p.matches("[a-z2-7]{32}"), p);
    }

    @Test
    void itIsTheFirst160BitsOfTheDocumentedHmacInBase32() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        byte[] tag = mac.doFinal("trustmall/pseudonym/v1\0analytics\0account:42".getBytes(StandardCharsets.UTF_8));
        assertEquals(Pseudonyms.base32(Arrays.copyOf(tag, 20)), pseudonyms.pseudonym("analytics", "account:42"));
        // RFC 4648 test vector, lower case.
        assertEquals("mzxw6ytb", Pseudonyms.base32("fooba".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anotherPurposeOrAnotherKeyGivesAnUnrelatedPseudonym() {
        String analytics = pseudonyms.pseudonym("analytics", "account:42");
        assertNotEquals(analytics, pseudonyms.pseudonym("training", "account:42"));
        byte[] other = KEY.clone();
        other[0] ^= 1;
        assertNotEquals(analytics, new Pseudonyms(other).pseudonym("analytics", "account:42"));
        assertNotEquals(analytics, pseudonyms.pseudonym("analytics", "account:43"));
    }

    @Test
    void aHundredThousandAccountsGetDistinctPseudonymsSpreadEvenly() {
        Set<String> seen = new HashSet<>();
        int[] firstChar = new int[32];
        for (int id = 1; id <= 100_000; id++) {
            String p = pseudonyms.pseudonym("analytics", "account:" + id);
            assertTrue(seen.add(p), "collision at " + id);
            firstChar["abcdefghijklmnopqrstuvwxyz234567".indexOf(p.charAt(0))]++;
        }
        // 100,000 / 32 = 3125 per first character; a keyed PRF spreads them evenly (±5σ ≈ ±275).
        for (int c : firstChar) {
            assertTrue(Math.abs(c - 3125) < 275, Arrays.toString(firstChar));
        }
    }

    @Property(tries = 300)
    void distinctSubjectsNeverShareAPseudonym(
            @ForAll @StringLength(min = 1, max = 40) String a, @ForAll @StringLength(min = 1, max = 40) String b) {
        if (!valid(a) || !valid(b)) {
            return;
        }
        assertEquals(a.equals(b), pseudonyms.pseudonym("analytics", a).equals(pseudonyms.pseudonym("analytics", b)));
    }

    private static boolean valid(String s) {
        return StandardCharsets.UTF_8.newEncoder().canEncode(s);
    }

    @Test
    void aWrongKeyOrLabelOrSubjectIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Pseudonyms(new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> pseudonyms.pseudonym("Analytics", "account:1"));
        assertThrows(IllegalArgumentException.class, () -> pseudonyms.pseudonym("a\0b", "account:1"));
        assertThrows(IllegalArgumentException.class, () -> pseudonyms.pseudonym("analytics", ""));
        assertThrows(IllegalArgumentException.class, () -> pseudonyms.pseudonym("analytics", "\ud800"));
        assertThrows(IllegalArgumentException.class, () -> pseudonyms.pseudonym("analytics", "x".repeat(1025)));
    }

    @Test
    void wipingTheCallersKeyArrayDoesNotChangeThePseudonyms() {
        byte[] key = KEY.clone();
        Pseudonyms p = new Pseudonyms(key);
        String before = p.pseudonym("analytics", "account:7");
        Arrays.fill(key, (byte) 0);
        assertEquals(before, p.pseudonym("analytics", "account:7"));
    }
}
