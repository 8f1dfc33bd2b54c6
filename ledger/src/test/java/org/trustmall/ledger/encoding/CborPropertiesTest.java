package org.trustmall.ledger.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The encoding is a bijection between values and accepted bytes: values survive a round trip, re-encoding is
 * byte-identical, and whatever bytes the decoder accepts are exactly the encoding of what it returns. Anything else
 * it refuses with {@link MalformedEncodingException}, never with another exception.
 */
class CborPropertiesTest {

    @Property(tries = 300)
    void decodingAnEncodingGivesTheValueBack(@ForAll("values") Object value) {
        Object decoded = Cbor.decode(Cbor.encode(value));
        assertTrue(DeepEquality.deepEquals(value, decoded), () -> "decoded " + decoded + " from " + value);
    }

    @Property(tries = 300)
    void reEncodingADecodedValueIsByteIdentical(@ForAll("values") Object value) {
        byte[] encoded = Cbor.encode(value);
        assertArrayEquals(encoded, Cbor.encode(Cbor.decode(encoded)));
        Cbor.validate(encoded);
    }

    @Property(tries = 200)
    void insertionOrderNeverChangesAMapsEncoding(@ForAll("maps") Map<String, Object> map, @ForAll Random random) {
        List<Map.Entry<String, Object>> entries = new ArrayList<>(map.entrySet());
        Collections.shuffle(entries, random);
        Map<String, Object> shuffled = new LinkedHashMap<>();
        entries.forEach(entry -> shuffled.put(entry.getKey(), entry.getValue()));
        Map<String, Object> reversed = new TreeMap<>(Comparator.reverseOrder());
        reversed.putAll(map);
        byte[] expected = Cbor.encode(map);
        assertArrayEquals(expected, Cbor.encode(shuffled));
        assertArrayEquals(expected, Cbor.encode(reversed));
    }

    @Property(tries = 200)
    void mapEntriesWrittenInAnyOtherOrderAreRefused(
            @ForAll("severalEntries") Map<String, Object> map, @ForAll Random random) {
        List<String> canonical = new ArrayList<>(((Map<?, ?>) Cbor.decode(Cbor.encode(map))).keySet().stream()
                .map(String.class::cast).toList());
        List<String> order = new ArrayList<>(canonical);
        while (order.equals(canonical)) {
            Collections.shuffle(order, random);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xA0 | order.size()); // maps() stays below 24 entries, so the count fits the initial byte
        for (String key : order) {
            out.writeBytes(Cbor.encode(key));
            out.writeBytes(Cbor.encode(map.get(key)));
        }
        MalformedEncodingException e =
                assertThrows(MalformedEncodingException.class, () -> Cbor.decode(out.toByteArray()));
        assertTrue(e.getMessage().startsWith("map keys out of canonical order"), e.getMessage());
        assertThrows(MalformedEncodingException.class, () -> Cbor.validate(out.toByteArray()));
    }

    @Property(tries = 200)
    void anIntegerOrLengthInALongerHeadThanNeededIsRefused(
            @ForAll("nonNegative") long argument, @ForAll @IntRange(min = 0, max = 5) int major) {
        int shortest = argument < 24 ? 0
                : argument < 1L << 8 ? 1
                : argument < 1L << 16 ? 2
                : argument < 1L << 32 ? 4
                : 8;
        for (int size = 1; size <= 8; size *= 2) {
            if (size <= shortest) {
                continue;
            }
            byte[] bytes = new byte[1 + size];
            bytes[0] = (byte) (major << 5 | 24 + Integer.numberOfTrailingZeros(size));
            for (int i = 0; i < size; i++) {
                bytes[size - i] = (byte) (argument >>> 8 * i);
            }
            MalformedEncodingException e = assertThrows(MalformedEncodingException.class, () -> Cbor.decode(bytes));
            assertTrue(e.getMessage().startsWith("non-canonical"), e.getMessage());
            assertEquals(0, e.offset());
        }
    }

    @Property(tries = 500)
    void aMutatedByteIsRefusedOrYieldsAnotherCanonicalEncoding(
            @ForAll("values") Object value, @ForAll @IntRange(min = 0, max = 1 << 16) int position,
            @ForAll byte replacement) {
        byte[] bytes = Cbor.encode(value);
        bytes[position % bytes.length] = replacement;
        assertRefusedOrCanonical(bytes);
    }

    @Property(tries = 300)
    void anInsertedOrDeletedByteIsRefusedOrYieldsAnotherCanonicalEncoding(
            @ForAll("values") Object value, @ForAll @IntRange(min = 0, max = 1 << 16) int position,
            @ForAll byte inserted) {
        byte[] bytes = Cbor.encode(value);
        int at = position % (bytes.length + 1);
        byte[] longer = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, longer, 0, at);
        longer[at] = inserted;
        System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
        assertRefusedOrCanonical(longer);

        int gone = position % bytes.length;
        byte[] shorter = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, shorter, 0, gone);
        System.arraycopy(bytes, gone + 1, shorter, gone, bytes.length - gone - 1);
        assertRefusedOrCanonical(shorter);
    }

    @Property(tries = 300)
    void everyTruncationIsRefused(@ForAll("values") Object value, @ForAll @IntRange(min = 0, max = 1 << 16) int cut) {
        // Items are self-delimiting, so no proper prefix of an encoding is itself an encoding.
        byte[] bytes = Cbor.encode(value);
        byte[] prefix = Arrays.copyOf(bytes, cut % bytes.length);
        assertThrows(MalformedEncodingException.class, () -> Cbor.decode(prefix));
        assertThrows(MalformedEncodingException.class, () -> Cbor.validate(prefix));
    }

    @Property(tries = 500)
    void arbitraryBytesAreRefusedOrCanonical(@ForAll @Size(max = 48) byte[] bytes) {
        assertRefusedOrCanonical(bytes);
    }

    @Property(tries = 500)
    void textIsAcceptedExactlyWhenAStrictUtf8DecoderAcceptsIt(@ForAll("utf8ish") byte[] body) {
        byte[] encoded = new byte[body.length + 1];
        encoded[0] = (byte) (0x60 | body.length);
        System.arraycopy(body, 0, encoded, 1, body.length);
        String strict;
        try {
            strict = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body))
                    .toString();
        } catch (CharacterCodingException e) {
            strict = null;
        }
        if (strict == null) {
            assertThrows(MalformedEncodingException.class, () -> Cbor.decode(encoded));
            assertThrows(MalformedEncodingException.class, () -> Cbor.validate(encoded));
        } else {
            assertEquals(strict, Cbor.decode(encoded));
            Cbor.validate(encoded);
        }
    }

    /**
     * Decode either refuses the bytes or returns a value that encodes back to exactly them, so no two accepted inputs
     * share a value; validate agrees with decode. Any other exception escapes and fails the property.
     */
    private static void assertRefusedOrCanonical(byte[] bytes) {
        Object decoded = null;
        MalformedEncodingException refused = null;
        try {
            decoded = Cbor.decode(bytes);
        } catch (MalformedEncodingException e) {
            refused = e;
        }
        try {
            Cbor.validate(bytes);
            assertEquals(null, refused, "validate accepted what decode refused");
        } catch (MalformedEncodingException e) {
            assertTrue(refused != null, "validate refused what decode accepted: " + e.getMessage());
            assertEquals(refused.getMessage(), e.getMessage());
        }
        if (refused == null) {
            assertArrayEquals(bytes, Cbor.encode(decoded));
        } else {
            assertTrue(refused.offset() >= 0 && refused.offset() <= bytes.length, refused.getMessage());
        }
    }

    @Provide
    Arbitrary<Object> values() {
        return Arbitraries.recursive(CborPropertiesTest::leaves, CborPropertiesTest::containersOf, 0, 4);
    }

    @Provide
    Arbitrary<Map<String, Object>> maps() {
        return Arbitraries.maps(keys(), values()).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Map<String, Object>> severalEntries() {
        return Arbitraries.maps(keys(), values()).ofMinSize(2).ofMaxSize(8);
    }

    @Provide
    Arbitrary<Long> nonNegative() {
        return integers().map(Math::abs).filter(n -> n >= 0);
    }

    @Provide
    Arbitrary<byte[]> utf8ish() {
        // Mostly bytes near the edges of the UTF-8 rules, so that overlongs, surrogates and truncations come up.
        Arbitrary<Byte> interesting = Arbitraries.of(0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1,
                0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF).map(Integer::byteValue);
        return Arbitraries.oneOf(interesting, Arbitraries.bytes()).array(byte[].class).ofMaxSize(12);
    }

    private static Arbitrary<Object> containersOf(Arbitrary<Object> inner) {
        return Arbitraries.oneOf(
                inner.list().ofMaxSize(4).map(list -> list),
                Arbitraries.maps(keys(), inner).ofMaxSize(4).map(map -> map));
    }

    private static Arbitrary<Object> leaves() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.of(true, false)),
                Tuple.of(4, integers()),
                Tuple.of(3, texts()),
                Tuple.of(2, Arbitraries.bytes().array(byte[].class).ofMaxSize(30)),
                Tuple.of(1, Arbitraries.bytes().array(byte[].class).ofMinSize(250).ofMaxSize(300)))
                .map(value -> (Object) value)
                .injectNull(0.05);
    }

    private static Arbitrary<Long> integers() {
        // The head changes size at these boundaries, so they are where non-shortest forms would hide.
        Arbitrary<Long> boundaries = Arbitraries.of(0L, 23L, 24L, 255L, 256L, 65535L, 65536L, 4294967295L,
                4294967296L, Long.MAX_VALUE, -1L, -24L, -25L, -256L, -257L, -65536L, -65537L, -4294967296L,
                -4294967297L, Long.MIN_VALUE);
        return Arbitraries.oneOf(boundaries, Arbitraries.longs().between(-300, 300), Arbitraries.longs());
    }

    private static Arbitrary<String> texts() {
        Arbitrary<Integer> codePoints = Arbitraries.oneOf(
                Arbitraries.integers().between(0x20, 0x7E),
                Arbitraries.integers().between(0, 0x10FFFF).filter(cp -> cp < 0xD800 || cp > 0xDFFF));
        return codePoints.list().ofMaxSize(12).map(cps -> new String(cps.stream().mapToInt(Integer::intValue)
                .toArray(), 0, cps.size()));
    }

    private static Arbitrary<String> keys() {
        // Short keys from a tiny alphabet collide in length often, which is where ordering mistakes show.
        return Arbitraries.oneOf(Arbitraries.strings().withChars("ab\u00e9").ofMaxLength(3), texts());
    }
}
