package org.trustmall.contracts.shipment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.contracts.testing.PlatformLedger;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;

/** The shipment contract on a real ledger, signed by the platform's commerce role unless a test says otherwise. */
class ShipmentContractTest {
    @TempDir
    Path dir;
    private PlatformLedger ledger;

    @BeforeEach
    void open() {
        ledger = PlatformLedger.create(dir);
    }

    @AfterEach
    void close() {
        ledger.close();
    }

    private TxResult call(SigningKey signer, String method, byte[] args) {
        return ledger.call(signer, ShipmentContract.ID, method, args);
    }

    private TxResult create(String order) {
        return call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs(order, "DHL", "JD0146"));
    }

    private TxResult event(String order, EventKind kind) {
        return call(ledger.commerce, ShipmentContract.EVENT, ShipmentContract.eventArgs(order, kind));
    }

    private CborMap get(String order) {
        return ledger.query(ShipmentContract.ID, ShipmentContract.GET, ShipmentContract.getArgs(order));
    }

    private static List<CborMap> events(CborMap shipment) {
        List<CborMap> out = new ArrayList<>();
        for (Object o : shipment.list("events")) {
            out.add(CborMap.of(cast(o)));
        }
        return out;
    }

    private static CborMap ok(TxResult r) {
        TxResult.Succeeded s = assertInstanceOf(TxResult.Succeeded.class, r, r::toString);
        return CborMap.parse(s.value());
    }

    private static String fails(TxResult r, String... expected) {
        TxResult.Failed f = assertInstanceOf(TxResult.Failed.class, r, "expected the call to fail");
        for (String e : expected) {
            assertTrue(f.reason().contains(e), () -> "reason '" + f.reason() + "' does not mention " + e);
        }
        return f.reason();
    }

    @Test
    void aParcelIsCreatedPickedUpCarriedAndDeliveredAndEveryEventIsKept() {
        long createdAt = ledger.now();
        assertEquals("CREATED", ok(create("order-1")).text("state"));
        CborMap created = get("order-1");
        assertEquals("DHL", created.text("carrier"));
        assertEquals("JD0146", created.text("tracking"));
        assertEquals("CREATED", created.text("state"));
        assertEquals("platform/commerce", created.text("created_by"));
        assertEquals(createdAt, created.integer("created_at"));
        assertTrue(created.list("events").isEmpty());

        List<Long> times = new ArrayList<>();
        String[] locations = {"Berlin hub", "Leipzig", "", "Munich"};
        EventKind[] kinds = {EventKind.PICKED_UP, EventKind.IN_TRANSIT, EventKind.IN_TRANSIT, EventKind.DELIVERED};
        String[] states = {"PICKED_UP", "IN_TRANSIT", "IN_TRANSIT", "DELIVERED"};
        for (int i = 0; i < kinds.length; i++) {
            ledger.advance(Duration.ofHours(5));
            times.add(ledger.now());
            CborMap r = ok(call(ledger.commerce, ShipmentContract.EVENT, ShipmentContract.eventArgs("order-1",
                    kinds[i], locations[i].isEmpty() ? null : locations[i], null)));
            assertEquals(i + 1, r.integer("n"));
            assertEquals(states[i], r.text("state"));
        }
        CborMap delivered = get("order-1");
        assertEquals("DELIVERED", delivered.text("state"));
        List<CborMap> events = events(delivered);
        assertEquals(4, events.size());
        long height = 0;
        for (int i = 0; i < events.size(); i++) {
            CborMap e = events.get(i);
            assertEquals(i + 1, e.integer("n"));
            assertEquals(kinds[i].wireName(), e.text("kind"));
            assertEquals(locations[i], e.text("location"));
            assertEquals(times.get(i), e.integer("timestamp"), "events carry block time");
            assertTrue(e.integer("height") > height, "each event is in a later block");
            height = e.integer("height");
            assertFalse(e.has("claimed_at"));
        }
    }

    @Test
    void deliveryMayFollowPickUpDirectly() {
        ok(create("order-2"));
        ok(event("order-2", EventKind.PICKED_UP));
        assertEquals("DELIVERED", ok(event("order-2", EventKind.DELIVERED)).text("state"));
    }

    @Test
    void pickUpComesFirstAndOnlyOnce() {
        ok(create("order-3"));
        fails(event("order-3", EventKind.IN_TRANSIT), "is CREATED", "picked_up must come first");
        fails(event("order-3", EventKind.DELIVERED), "is CREATED", "picked_up must come first");
        ok(event("order-3", EventKind.PICKED_UP));
        fails(event("order-3", EventKind.PICKED_UP), "is PICKED_UP", "cannot record picked_up");
        ok(event("order-3", EventKind.IN_TRANSIT));
        fails(event("order-3", EventKind.PICKED_UP), "is IN_TRANSIT", "cannot record picked_up");
        assertEquals(2, events(get("order-3")).size(), "failed events are not recorded");
    }

    @Test
    void nothingMayFollowDelivery() {
        ok(create("order-4"));
        ok(event("order-4", EventKind.PICKED_UP));
        ok(event("order-4", EventKind.DELIVERED));
        CborMap delivered = get("order-4");
        for (EventKind kind : EventKind.values()) {
            fails(event("order-4", kind), "shipment for order 'order-4' is DELIVERED", kind.wireName());
        }
        assertEquals(delivered, get("order-4"));
    }

    @Test
    void onlyTheCreatingRoleOrItsOrganisationKeyMayAddEventsAndAnOrderHasOneShipment() {
        ok(create("order-5"));
        fails(call(ledger.courier, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("order-5", EventKind.PICKED_UP)), "courier/org may not",
                "platform/commerce");
        fails(call(ledger.support, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("order-5", EventKind.PICKED_UP)), "platform/support may not");
        assertTrue(events(get("order-5")).isEmpty());
        ok(call(ledger.platform, ShipmentContract.EVENT, ShipmentContract.eventArgs("order-5", EventKind.PICKED_UP)));

        fails(create("order-5"), "already has a shipment");
        fails(call(ledger.courier, ShipmentContract.CREATE, ShipmentContract.createArgs("order-5", "UPS", "1Z")),
                "already has a shipment");
        assertEquals("DHL", get("order-5").text("carrier"));

        ok(call(ledger.courier, ShipmentContract.CREATE, ShipmentContract.createArgs("order-6", "UPS", "1Z")));
        fails(event("order-6", EventKind.PICKED_UP), "platform/commerce may not", "courier/org");
    }

    @Test
    void theCarriersClaimedTimeIsKeptButNeverDecidesAnything() {
        ok(create("order-7"));
        long farFuture = 4_102_444_800_000L; // 2100-01-01
        ok(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("order-7", EventKind.PICKED_UP, "Depot", farFuture)));
        ok(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("order-7", EventKind.DELIVERED, null, 0L)));
        List<CborMap> events = events(get("order-7"));
        assertEquals(farFuture, events.get(0).integer("claimed_at"));
        assertEquals(0, events.get(1).integer("claimed_at"), "a claim earlier than the pick-up is kept as claimed");
        for (CborMap e : events) {
            assertEquals(ledger.now(), e.integer("timestamp"), "the block's time, not the claim");
        }
    }

    @Test
    void replayingTheLedgerRebuildsTheShipmentExactly() {
        ok(create("order-8"));
        ok(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("order-8", EventKind.PICKED_UP, "Depot", 1_700_000_000_000L)));
        ok(event("order-8", EventKind.IN_TRANSIT));
        fails(event("order-8", EventKind.PICKED_UP), "is IN_TRANSIT");
        CborMap before = get("order-8");
        ledger.reopen();
        assertEquals(before, get("order-8"));
    }

    @Test
    void badArgumentsFailNamingTheField() {
        fails(call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs("o", "", "T")),
                "'carrier'");
        fails(call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs("o", "c".repeat(65), "T")),
                "'carrier'", "1-64");
        fails(call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs("o", "DHL", "")),
                "'tracking'");
        fails(call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs("o", "DHL", "t\nx")),
                "'tracking'");
        fails(call(ledger.commerce, ShipmentContract.CREATE, ShipmentContract.createArgs("", "DHL", "T")),
                "'order'");
        fails(call(ledger.commerce, ShipmentContract.CREATE,
                CborMap.builder().put("order", "o").put("carrier", "DHL").build().encode()), "'tracking'", "missing");
        fails(call(ledger.commerce, ShipmentContract.CREATE,
                CborMap.builder().put("order", "o").put("carrier", "DHL").put("tracking", 42L).build().encode()),
                "'tracking'", "expected text");
        assertThrows(ContractFailure.class, () -> get("o"));

        ok(create("o"));
        fails(call(ledger.commerce, ShipmentContract.EVENT, CborMap.builder().put("order", "o")
                .put("kind", "lost").build().encode()), "'kind'", "picked_up, in_transit, delivered");
        fails(call(ledger.commerce, ShipmentContract.EVENT, CborMap.builder().put("order", "o").build().encode()),
                "'kind'", "missing");
        fails(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("o", EventKind.PICKED_UP, "x".repeat(201), null)), "'location'", "200");
        fails(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("o", EventKind.PICKED_UP, null, -1L)), "'at'");
        fails(call(ledger.commerce, ShipmentContract.EVENT, CborMap.builder().put("order", "o")
                .put("kind", "picked_up").put("at", "yesterday").build().encode()), "'at'", "expected integer");
        fails(call(ledger.commerce, ShipmentContract.EVENT, CborMap.builder().put("order", "o")
                .put("kind", "picked_up").put("where", "x").build().encode()), "'where'", "not an argument");
        fails(event("missing", EventKind.PICKED_UP), "order 'missing' has no shipment");
        fails(call(ledger.commerce, "cancel", ShipmentContract.createArgs("o", "c", "t")), "no method 'cancel'");
        assertTrue(events(get("o")).isEmpty());
        ok(call(ledger.commerce, ShipmentContract.EVENT,
                ShipmentContract.eventArgs("o", EventKind.PICKED_UP, "x".repeat(200), null)));
    }

    @Test
    void aShipmentHoldsAtMostAThousandEvents() {
        ok(create("long-haul"));
        ok(event("long-haul", EventKind.PICKED_UP));
        // Submitted without waiting, from one thread: ordered as submitted, committed in a few large blocks.
        List<CompletableFuture<Receipt>> pending = new ArrayList<>();
        for (int i = 2; i <= ShipmentContract.MAX_EVENTS; i++) {
            pending.add(ledger.submit(ledger.commerce, ShipmentContract.ID, ShipmentContract.EVENT,
                    ShipmentContract.eventArgs("long-haul", EventKind.IN_TRANSIT)));
        }
        for (CompletableFuture<Receipt> p : pending) {
            ok(PlatformLedger.committed(p.join()));
        }
        fails(event("long-haul", EventKind.IN_TRANSIT), "already has 1000 events");
        fails(event("long-haul", EventKind.DELIVERED), "already has 1000 events");
        CborMap shipment = get("long-haul");
        List<CborMap> events = events(shipment);
        assertEquals(ShipmentContract.MAX_EVENTS, events.size());
        assertEquals(ShipmentContract.MAX_EVENTS, events.get(events.size() - 1).integer("n"));
        assertEquals("IN_TRANSIT", shipment.text("state"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> cast(Object o) {
        return (Map<String, ?>) o;
    }
}
