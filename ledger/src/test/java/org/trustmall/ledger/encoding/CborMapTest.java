package org.trustmall.ledger.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CborMapTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] HASH = HEX.parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");

    private static CborMap order() {
        return CborMap.builder()
                .put("id", "o-17")
                .put("amount", 2500)
                .put("hash", HASH)
                .put("paid", true)
                .put("note", null)
                .put("items", List.of("sku-1", HASH))
                .put("buyer", Map.of("name", "Ada", "score", -3L))
                .build();
    }

    @Test
    void contractCodeReadsEachFieldAsItsType() {
        CborMap order = CborMap.parse(order().encode());
        assertEquals("o-17", order.text("id"));
        assertEquals(2500L, order.integer("amount"));
        assertArrayEquals(HASH, order.bytes("hash"));
        assertTrue(order.bool("paid"));
        assertEquals("sku-1", order.list("items").get(0));
        assertEquals("Ada", order.map("buyer").text("name"));
        assertEquals(-3L, order.map("buyer").integer("score"));
        assertEquals(Set.of("id", "amount", "hash", "paid", "note", "items", "buyer"), order.fields());
        assertEquals(List.of("id", "hash", "note", "paid", "buyer", "items", "amount"),
                new ArrayList<>(order.fields()), "canonical order: shorter keys first");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedInTheException() {
        CborMap map = CborMap.builder().put("hash", "not bytes").build();
        FieldException e = assertThrows(FieldException.class, () -> map.bytes("hash"));
        assertEquals("hash", e.field());
        assertEquals("field 'hash': expected bytes, got text", e.getMessage());
        assertEquals("field 'hash': expected integer, got text",
                assertThrows(FieldException.class, () -> map.integer("hash")).getMessage());
        assertEquals("field 'hash': expected list, got text",
                assertThrows(FieldException.class, () -> map.list("hash")).getMessage());
    }

    @Test
    void aListOfMapsReadsAsMapsWhoseErrorsNameTheElement() {
        CborMap order = CborMap.parse(CborMap.builder().put("lines", List.of(
                CborMap.builder().put("sku", "TEA").put("qty", 2L).build(),
                CborMap.builder().put("sku", "CUP").build())).build().encode());
        List<CborMap> lines = order.maps("lines");
        assertEquals(2, lines.size());
        assertEquals("TEA", lines.get(0).text("sku"));
        assertEquals(2, lines.get(0).integer("qty"));
        FieldException missing = assertThrows(FieldException.class, () -> lines.get(1).integer("qty"));
        assertTrue(missing.getMessage().contains("'lines[1].qty'"), missing::getMessage);
        CborMap mixed = CborMap.parse(CborMap.builder().put("lines", List.of(
                CborMap.builder().put("sku", "TEA").build(), "not a map")).build().encode());
        FieldException notMap = assertThrows(FieldException.class, () -> mixed.maps("lines"));
        assertTrue(notMap.getMessage().contains("'lines[1]'") && notMap.getMessage().contains("expected map"),
                notMap::getMessage);
    }

    @Test
    void aMissingFieldIsNamedInTheException() {
        FieldException e = assertThrows(FieldException.class, () -> order().text("seller"));
        assertEquals("seller", e.field());
        assertEquals("field 'seller': expected text, but it is missing", e.getMessage());
    }

    @Test
    void aRequiredFieldHoldingNullIsReportedAsNull() {
        assertEquals("field 'note': expected text, got null",
                assertThrows(FieldException.class, () -> order().text("note")).getMessage());
        assertTrue(order().has("note"));
        assertFalse(order().has("seller"));
    }

    @Test
    void aFieldOfANestedMapIsNamedByItsDottedPath() {
        FieldException e = assertThrows(FieldException.class, () -> order().map("buyer").bool("score"));
        assertEquals("buyer.score", e.field());
        assertEquals("field 'buyer.score': expected bool, got integer", e.getMessage());
    }

    @Test
    void optionalFieldsAreEmptyWhenMissingOrNullButStillTypeChecked() {
        CborMap order = order();
        assertEquals(Optional.of("o-17"), order.optionalText("id"));
        assertEquals(Optional.empty(), order.optionalText("note"));
        assertEquals(Optional.empty(), order.optionalText("seller"));
        assertEquals(OptionalLong.of(2500), order.optionalInteger("amount"));
        assertEquals(OptionalLong.empty(), order.optionalInteger("seller"));
        assertArrayEquals(HASH, order.optionalBytes("hash").orElseThrow());
        assertTrue(order.optionalBytes("note").isEmpty());
        assertEquals("field 'id': expected integer, got text",
                assertThrows(FieldException.class, () -> order.optionalInteger("id")).getMessage());
    }

    @Test
    void parsingBytesWhoseTopLevelItemIsNotAMapIsRefused() {
        MalformedEncodingException e = assertThrows(MalformedEncodingException.class,
                () -> CborMap.parse(HEX.parseHex("83010203")));
        assertEquals("expected a map as the top-level item, got list at byte 0", e.getMessage());
        assertThrows(MalformedEncodingException.class, () -> CborMap.parse(HEX.parseHex("a2616201616101")));
    }

    @Test
    void theMapCannotBeChangedThroughWhatItHandsOut() {
        CborMap order = order();
        order.bytes("hash")[0] = 9;
        ((byte[]) order.list("items").get(1))[0] = 9;
        order.optionalBytes("hash").orElseThrow()[0] = 9;
        assertArrayEquals(HASH, order.bytes("hash"));
        assertArrayEquals(HASH, (byte[]) order.list("items").get(1));
        assertThrows(UnsupportedOperationException.class, () -> order.fields().remove("id"));
        assertThrows(UnsupportedOperationException.class, () -> order.list("items").add("x"));
    }

    @Test
    void ofNormalisesValuesAsDecodingWould() {
        Map<String, Object> source = new HashMap<>();
        byte[] bytes = {1, 2};
        source.put("n", 7);
        source.put("b", bytes);
        CborMap map = CborMap.of(source);
        bytes[0] = 9;
        assertEquals(7L, map.integer("n"));
        assertArrayEquals(new byte[] {1, 2}, map.bytes("b"));
    }

    @Test
    void mapsWithTheSameContentAreEqualWhateverHowTheyWereBuilt() {
        CborMap built = order();
        CborMap parsed = CborMap.parse(built.encode());
        assertEquals(built, parsed);
        assertEquals(built.hashCode(), parsed.hashCode());
        assertNotEquals(built, CborMap.builder().put("id", "o-17").build());
        assertArrayEquals(built.encode(), Cbor.encode(parsed));
    }

    @Test
    void theBuilderRefusesAFieldPutTwice() {
        CborMap.Builder builder = CborMap.builder().put("a", 1);
        assertThrows(IllegalArgumentException.class, () -> builder.put("a", 2));
    }

    @Test
    void theBuilderRefusesAValueThatCannotBeEncodedNamingItsPath() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CborMap.builder().put("when", new java.util.Date(0)).build());
        assertEquals("cannot encode java.util.Date at value.when", e.getMessage());
    }

    @Test
    void toStringShowsShapeButNotContentBecauseArgumentsMayBePersonal() {
        String shown = order().toString();
        assertEquals("CborMap{id=text, hash=bytes[32], note=null, paid=bool, buyer=map, items=list, amount=integer}",
                shown);
        assertFalse(shown.contains("Ada"));
    }
}
