package org.trustmall.ledger.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Known encodings: RFC 8949 Appendix A for the supported subset, the edges of the integer range, the encoder's API. */
class CborVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Arguments> rfc8949AppendixA() {
        return Stream.of(
                Arguments.of(0L, "00"),
                Arguments.of(1L, "01"),
                Arguments.of(10L, "0a"),
                Arguments.of(23L, "17"),
                Arguments.of(24L, "1818"),
                Arguments.of(25L, "1819"),
                Arguments.of(100L, "1864"),
                Arguments.of(1000L, "1903e8"),
                Arguments.of(1000000L, "1a000f4240"),
                Arguments.of(1000000000000L, "1b000000e8d4a51000"),
                Arguments.of(-1L, "20"),
                Arguments.of(-10L, "29"),
                Arguments.of(-100L, "3863"),
                Arguments.of(-1000L, "3903e7"),
                Arguments.of("", "60"),
                Arguments.of("a", "6161"),
                Arguments.of("IETF", "6449455446"),
                Arguments.of("\"\\", "62225c"),
                Arguments.of("ü", "62c3bc"),
                Arguments.of("水", "63e6b0b4"),
                Arguments.of("\ud800\udd51", "64f0908591"),
                Arguments.of(new byte[0], "40"),
                Arguments.of(new byte[] {1, 2, 3, 4}, "4401020304"),
                Arguments.of(List.of(), "80"),
                Arguments.of(List.of(1L, 2L, 3L), "83010203"),
                Arguments.of(List.of(1L, List.of(2L, 3L), List.of(4L, 5L)), "8301820203820405"),
                Arguments.of(Map.of(), "a0"),
                Arguments.of(Map.of("a", 1L, "b", List.of(2L, 3L)), "a26161016162820203"),
                Arguments.of(List.of("a", Map.of("b", "c")), "826161a161626163"),
                Arguments.of(Map.of("a", "A", "b", "B", "c", "C", "d", "D", "e", "E"),
                        "a56161614161626142616361436164614461656145"),
                Arguments.of(true, "f5"),
                Arguments.of(false, "f4"),
                Arguments.of(null, "f6"),
                Arguments.of(Long.MAX_VALUE, "1b7fffffffffffffff"),
                Arguments.of(Long.MIN_VALUE, "3b7fffffffffffffff"),
                Arguments.of(4294967295L, "1affffffff"),
                Arguments.of(4294967296L, "1b0000000100000000"),
                Arguments.of(-4294967296L, "3affffffff"),
                Arguments.of(-4294967297L, "3b0000000100000000"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rfc8949AppendixA")
    void encodingAKnownValueGivesExactlyTheKnownBytes(Object value, String hex) {
        assertEquals(hex, HEX.formatHex(Cbor.encode(value)));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("rfc8949AppendixA")
    void decodingKnownBytesGivesTheKnownValueBack(Object value, String hex) {
        byte[] bytes = HEX.parseHex(hex);
        Object decoded = Cbor.decode(bytes);
        assertTrue(DeepEquality.deepEquals(value, decoded), () -> "decoded " + decoded + ", expected " + value);
        Cbor.validate(bytes);
    }

    @Test
    void smallerIntegerTypesEncodeLikeTheSameLong() {
        assertEquals("1864", HEX.formatHex(Cbor.encode(100)));
        assertEquals("3863", HEX.formatHex(Cbor.encode((short) -100)));
        assertEquals("387f", HEX.formatHex(Cbor.encode(Byte.MIN_VALUE)));
        assertEquals("3a7fffffff", HEX.formatHex(Cbor.encode(Integer.MIN_VALUE)));
        assertEquals(100L, Cbor.decode(Cbor.encode(100)));
    }

    @Test
    void mapKeysAreWrittenInCanonicalOrderWhateverTheMapsOwnOrder() {
        // Encoded keys compare bytewise, heads included, so shorter keys come first: "b", "aa", "ab", then "\u00e9"
        // (two UTF-8 bytes, c3 a9).
        Map<String, Object> linked = new LinkedHashMap<>();
        linked.put("\u00e9", 4L);
        linked.put("ab", 3L);
        linked.put("aa", 2L);
        linked.put("b", 1L);
        byte[] expected = HEX.parseHex("a4" + "6162" + "01" + "626161" + "02" + "626162" + "03" + "62c3a9" + "04");
        assertArrayEquals(expected, Cbor.encode(linked));
        assertArrayEquals(expected, Cbor.encode(new TreeMap<>(linked)));
        assertArrayEquals(expected, Cbor.encode(new HashMap<>(linked)));
    }

    @Test
    void decodedMapsIterateInCanonicalOrderAndCannotBeChanged() {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = (Map<String, Object>) Cbor.decode(Cbor.encode(Map.of("zz", 1L, "b", 2L, "a", 3L)));
        assertEquals(List.of("a", "b", "zz"), new ArrayList<>(map.keySet()));
        assertThrows(UnsupportedOperationException.class, () -> map.put("c", 4L));
        List<?> list = (List<?>) Cbor.decode(HEX.parseHex("83010203"));
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
    }

    @Test
    void nullsArePreservedInsideListsAndMaps() {
        List<Object> list = new ArrayList<>();
        list.add(null);
        Map<String, Object> map = new HashMap<>();
        map.put("n", null);
        list.add(map);
        assertEquals("82f6a1616ef6", HEX.formatHex(Cbor.encode(list)));
        assertTrue(DeepEquality.deepEquals(list, Cbor.decode(Cbor.encode(list))));
    }

    @Test
    void aSliceOfALargerBufferDecodesWithOffsetsCountedFromTheSlice() {
        byte[] buffer = HEX.parseHex("ffff" + "83010203" + "ffff");
        assertEquals(List.of(1L, 2L, 3L), Cbor.decode(buffer, 2, 4));
        Cbor.validate(buffer, 2, 4);
        byte[] bad = HEX.parseHex("ffff" + "8301021817" + "ff");
        MalformedEncodingException e = assertThrows(MalformedEncodingException.class, () -> Cbor.decode(bad, 2, 5));
        assertEquals(3, e.offset());
        assertThrows(IndexOutOfBoundsException.class, () -> Cbor.decode(buffer, 6, 4));
    }

    @Test
    void decodedByteStringsAreCopiesOfTheInput() {
        byte[] input = HEX.parseHex("4401020304");
        byte[] decoded = (byte[]) Cbor.decode(input);
        decoded[0] = 9;
        assertEquals(1, input[1]);
    }

    @Test
    void encodingAnUnsupportedTypeNamesTheTypeAndThePath() {
        Map<String, Object> args = Map.of("items", List.of(1L, 2L, 1.5d));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cbor.encode(args));
        assertEquals("cannot encode java.lang.Double at value.items[2]", e.getMessage());

        IllegalArgumentException odd = assertThrows(IllegalArgumentException.class,
                () -> Cbor.encode(Map.of("odd key", List.of(new java.math.BigInteger("1")))));
        assertEquals("cannot encode java.math.BigInteger at value[\"odd key\"][0]", odd.getMessage());
    }

    @Test
    void aNonTextMapKeyIsRefusedWithItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cbor.encode(List.of(Map.of(1, "x"))));
        assertEquals("map key must be a text string, got java.lang.Integer at value[0]", e.getMessage());
    }

    @Test
    void anUnpairedSurrogateIsRefusedBecauseItHasNoUtf8Form() {
        IllegalArgumentException lone = assertThrows(IllegalArgumentException.class,
                () -> Cbor.encode(Map.of("name", "ab\ud800")));
        assertEquals("unpaired surrogate at index 2 of a text string at value.name", lone.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Cbor.encode("\udc00x"));
        assertThrows(IllegalArgumentException.class, () -> Cbor.encode(Map.of("\ud800", 1L)));
    }

    @Test
    void nestingIsLimitedTo32WhenEncodingToo() {
        Object value = 0L;
        for (int i = 0; i < Cbor.MAX_DEPTH; i++) {
            value = List.of(value);
        }
        Object deepest = value;
        assertEquals(deepest, Cbor.decode(Cbor.encode(deepest)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Cbor.encode(Map.of("too", deepest)));
        assertTrue(e.getMessage().startsWith("nesting deeper than 32"), e.getMessage());
    }

    @Test
    void twoEqualKeysInAnIdentityMapAreRefusedRatherThanWrittenTwice() {
        Map<String, Object> identity = new java.util.IdentityHashMap<>();
        identity.put(new String("k"), 1L);
        identity.put(new String("k"), 2L);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Cbor.encode(identity));
        assertEquals("duplicate map key at value.k", e.getMessage());
    }

    @Test
    void aListThatContainsItselfIsRefusedInsteadOfOverflowingTheStack() {
        List<Object> cycle = new ArrayList<>();
        cycle.add(cycle);
        assertThrows(IllegalArgumentException.class, () -> Cbor.encode(cycle));
    }

    @Test
    void aCborMapCanBeEncodedAsAValue() {
        CborMap inner = CborMap.builder().put("a", 1).build();
        assertEquals("a1616fa1616101", HEX.formatHex(Cbor.encode(Map.of("o", inner))));
    }
}
