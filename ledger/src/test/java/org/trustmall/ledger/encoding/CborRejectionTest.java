package org.trustmall.ledger.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every way bytes can fail to be a canonical encoding, each checked through both {@link Cbor#decode} and
 * {@link Cbor#validate}, which must refuse with the same message and offset.
 */
class CborRejectionTest {
    private static final HexFormat HEX = HexFormat.of();

    private static MalformedEncodingException assertRejected(String hex, int offset, String problem) {
        byte[] bytes = HEX.parseHex(hex);
        MalformedEncodingException decoding = assertThrows(MalformedEncodingException.class, () -> Cbor.decode(bytes));
        MalformedEncodingException validating =
                assertThrows(MalformedEncodingException.class, () -> Cbor.validate(bytes, 0, bytes.length));
        assertTrue(decoding.getMessage().startsWith(problem), decoding.getMessage());
        assertTrue(decoding.getMessage().endsWith(" at byte " + offset), decoding.getMessage());
        assertEquals(offset, decoding.offset(), decoding.getMessage());
        assertEquals(decoding.getMessage(), validating.getMessage());
        assertEquals(decoding.offset(), validating.offset());
        return decoding;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "1817, 0", // 23 needs no extra byte
            "190017, 0",
            "1900ff, 0",
            "1a0000ffff, 0",
            "1b00000000ffffffff, 0",
            "3817, 0",
            "3a0000ffff, 0",
            "8301021817, 3", // inside an array, the offset points at the offending head
    })
    void anIntegerInALongerHeadThanNeededIsNonCanonical(String hex, int offset) {
        MalformedEncodingException e = assertRejected(hex, offset, "non-canonical integer encoding");
        assertEquals("non-canonical integer encoding at byte " + offset, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "780161, 0",
            "58020102, 0",
            "980101, 0",
            "b801616101, 0",
            "a1616179000161, 3",
    })
    void aLengthInALongerHeadThanNeededIsNonCanonical(String hex, int offset) {
        assertRejected(hex, offset, "non-canonical length encoding");
    }

    @Test
    void mapKeysOutOfBytewiseOrderAreRefused() {
        assertEquals("map keys out of canonical order at byte 4",
                assertRejected("a2616201616101", 4, "map keys out of canonical order").getMessage());
        // A longer key sorts after a shorter one however their characters compare.
        assertRejected("a2626161016162" + "02", 5, "map keys out of canonical order");
    }

    @Test
    void aDuplicateMapKeyIsRefused() {
        assertRejected("a2616101616102", 4, "duplicate map key");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "a10101, 1",
            "a1400101, 1",
            "a1f601, 1",
            "a2616101820101f6, 4",
    })
    void aMapKeyThatIsNotTextIsRefused(String hex, int offset) {
        assertRejected(hex, offset, "map key is not a text string");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "62c328, 1", // a lead byte without its continuation
            "6180, 1", // a stray continuation byte
            "62c080, 1", // overlong NUL
            "63e08080, 1", // overlong three-byte form
            "63eda080, 1", // an encoded surrogate (CESU-8)
            "64f4908080, 1", // above U+10FFFF
            "61f5, 1",
            "6361e6b0, 2", // "a" then a truncated sequence
            "a162c3286101, 2", // in a map key
    })
    void invalidUtf8InATextStringIsRefused(String hex, int offset) {
        assertRejected(hex, offset, "invalid UTF-8 in text string");
    }

    @Test
    void bytesAfterTheTopLevelItemAreRefused() {
        assertEquals("trailing bytes after the top-level item at byte 1",
                assertRejected("0101", 1, "trailing bytes").getMessage());
        assertRejected("8001", 1, "trailing bytes");
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource({
            "'', 0",
            "18, 0",
            "1901, 0",
            "3b00000001000000, 0",
            "82011901, 2",
            "a16161, 3",
    })
    void truncatedInputIsRefused(String hex, int offset) {
        assertRejected(hex, offset, "truncated input");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "6461, 0",
            "5a00010000, 0",
            "5affffffff00, 0", // five bytes that claim four gigabytes
            "7bffffffffffffffff00, 0",
            "5b7fffffffffffffff, 0",
    })
    void aDeclaredLengthBeyondTheInputIsRefusedBeforeAllocating(String hex, int offset) {
        assertRejected(hex, offset, "declared length");
    }

    @Test
    void anArrayOrMapCountBeyondTheInputIsRefusedBeforeAllocating() {
        assertRejected("9affffffff00", 0, "array declares 4294967295 items but only 1 bytes remain");
        assertRejected("9bffffffffffffffff", 0, "array declares 18446744073709551615 items");
        assertRejected("bbffffffffffffffff", 0, "map declares 18446744073709551615 entries");
        assertRejected("a2616101", 0, "map declares 2 entries but only 3 bytes remain");
    }

    @Test
    void nestingDeeperThan32ArraysAndMapsIsRefused() {
        Cbor.validate(HEX.parseHex("81".repeat(31) + "80"));
        Cbor.validate(HEX.parseHex("a16161".repeat(31) + "a0"));
        assertRejected("81".repeat(32) + "80", 32, "nesting deeper than 32 arrays and maps");
        // Maps and arrays count together: 16 of each, then one more map.
        assertRejected("81a16161".repeat(16) + "a0", 64, "nesting deeper than 32");
    }

    @Test
    void integersOutsideTheSigned64BitRangeAreRefused() {
        assertRejected("1b8000000000000000", 0, "integer above the signed 64-bit range");
        assertRejected("1bffffffffffffffff", 0, "integer above the signed 64-bit range");
        assertRejected("3b8000000000000000", 0, "integer below the signed 64-bit range");
        assertRejected("3bffffffffffffffff", 0, "integer below the signed 64-bit range");
        assertEquals(Long.MAX_VALUE, Cbor.decode(HEX.parseHex("1b7fffffffffffffff")));
        assertEquals(Long.MIN_VALUE, Cbor.decode(HEX.parseHex("3b7fffffffffffffff")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "f93c00, 0", // half precision 1.0
            "fa47c35000, 0",
            "fb3ff199999999999a, 0",
            "81f90000, 1",
    })
    void floatsAreRefused(String hex, int offset) {
        assertRejected(hex, offset, "floating-point numbers are not supported");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "c074323031332d30332d32315432303a30343a30305a, 0", // tag 0: a date-time string
            "d82076687474703a2f2f7777772e6578616d706c652e636f6d, 0", // tag 32: a URI
            "c249010000000000000000, 0", // tag 2: a bignum
            "a16161c101, 3",
    })
    void tagsAreRefused(String hex, int offset) {
        assertRejected(hex, offset, "tags are not supported");
    }

    @Test
    void undefinedAndOtherSimpleValuesAreRefused() {
        assertRejected("f7", 0, "undefined is not supported");
        assertRejected("f0", 0, "simple values other than false, true and null are not supported");
        assertRejected("f8ff", 0, "simple values other than");
        assertRejected("f818", 0, "simple values other than");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"5f42010243030405ff", "7f657374726561646d696e67ff", "9f018202039f0405ffff", "bf6346756ef563416d7421ff"})
    void indefiniteLengthsAreRefused(String hex) {
        assertRejected(hex, 0, "indefinite lengths are not supported");
    }

    @Test
    void aBreakOutsideAnIndefiniteItemIsRefused() {
        assertRejected("ff", 0, "unexpected break");
        assertRejected("8101ff", 2, "trailing bytes");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"1c", "1d", "3e", "5c", "7d", "9e", "bc", "fc", "fd", "fe"})
    void reservedAdditionalInformationIsRefused(String hex) {
        assertRejected(hex, 0, "reserved additional information");
    }
}
