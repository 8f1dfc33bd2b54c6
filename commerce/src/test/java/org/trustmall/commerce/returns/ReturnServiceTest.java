package org.trustmall.commerce.returns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Marketplace;
import org.trustmall.commerce.TestDatabases;
import org.trustmall.commerce.orders.OrderService.Order;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.returns.ReturnService.LineRequest;
import org.trustmall.commerce.returns.ReturnService.Return;
import org.trustmall.commerce.returns.ReturnService.ReturnRequest;
import org.trustmall.commerce.returns.ReturnService.ReturnState;
import org.trustmall.ledger.encoding.CborMap;

/** Returns on a real ledger and database: who may do what, how many units, and what is refunded from where. */
@ParameterizedClass
@EnumSource(TestDatabases.Kind.class)
class ReturnServiceTest {
    @Parameter
    TestDatabases.Kind kind;
    @TempDir
    Path dir;
    private Marketplace m;
    private ReturnService returns;

    @BeforeEach
    void open() {
        m = new Marketplace(kind, dir, c -> c);
        returns = m.commerce().returns();
    }

    @AfterEach
    void close() {
        if (m != null) {
            m.close();
        }
    }

    private Return request(Actor buyer, Order o, LineRequest... lines) {
        return returns.request(buyer, o.id(), new ReturnRequest(List.of(lines), "does not fit"));
    }

    /** Approved, shipped back and received: the return is refunded. */
    private Return sentBack(Return r) {
        returns.decide(m.shop, r.id(), new ReturnService.Decision(true, null));
        returns.ship(m.ann, r.id(), new OrderService.ShipRequest("SF Express", "RT" + r.id()));
        returns.addShipmentEvent(m.shop, r.id(), new OrderService.ShipmentEventRequest("picked_up", "Beijing", null));
        return returns.addShipmentEvent(m.shop, r.id(), new OrderService.ShipmentEventRequest("delivered",
                "Shenzhen", null));
    }

    private static long taxOn(Order o, long goods) {
        return new ReturnRefunds(o.subtotal().minor(), o.discount().minor(), o.tax().minor(), o.total().minor()).taxOn(goods);
    }

    @Test
    void aPartialReturnRefundsItsShareFromEscrowAndTheRestRefundsExactlyTheTotal() {
        Order o = m.delivered(m.ann, 2, 3);
        Return one = sentBack(request(m.ann, o, new LineRequest(1, 1)));
        assertEquals(ReturnState.RETURNED, one.state());
        long first = 1_999 + taxOn(o, 1_999);
        assertEquals(first, one.refund().minor());
        assertEquals(List.of("return.shipment.create", "return.shipment.event", "return.shipment.event",
                "escrow.refund"), one.ledger().stream().map(OrderService.LedgerRef::kind).toList());
        CborMap escrow = m.escrow(o.id());
        assertEquals("LOCKED", escrow.text("state"), "a partial refund leaves the rest in escrow");
        assertEquals(first, escrow.integer("refunded"));
        Order after = m.reload(o);
        assertEquals(OrderState.DELIVERED, after.state());
        assertEquals(first, after.refunded().minor());
        assertEquals(List.of(Map.of("cause", "return", "source", "escrow", "amount_minor", first)),
                m.refunds(o.id()));

        Return rest = sentBack(request(m.ann, o, new LineRequest(0, 2), new LineRequest(1, 2)));
        assertEquals(o.total().minor() - first, rest.refund().minor(), "the last units bring back the rest");
        Order refunded = m.reload(o);
        assertEquals(OrderState.REFUNDED, refunded.state());
        assertEquals(o.total(), refunded.refunded(), "refunded in all exactly what was paid");
        assertEquals("REFUNDED", m.escrow(o.id()).text("state"));
        assertEquals(o.total().minor(), m.escrow(o.id()).integer("refunded"));
        assertEquals(0, m.merchantBalance());
        assertEquals(2, m.payments.refunds.get());

        CommerceException.Conflict more = assertThrows(CommerceException.Conflict.class,
                () -> request(m.ann, o, new LineRequest(1, 1)));
        assertTrue(more.getMessage().contains("refunded"), more.getMessage());
    }

    @Test
    void aReturnAfterReleaseIsRefundedFromTheMerchantsBalance() {
        Order o = m.completed(m.ann, 1, 1);
        assertEquals(o.total().minor(), m.merchantBalance());
        Return r = sentBack(request(m.ann, o, new LineRequest(0, 1)));
        long refund = 39_900 + taxOn(o, 39_900);
        assertEquals(refund, r.refund().minor());
        CborMap escrow = m.escrow(o.id());
        assertEquals("RELEASED", escrow.text("state"));
        assertEquals(refund, escrow.integer("refunded"));
        assertEquals(o.total().minor() - refund, m.merchantBalance());
        assertEquals(m.merchantBalance(), m.statementBalance(), "the statement follows the ledger's balance");
        assertEquals("merchant_balance", m.refunds(o.id()).get(0).get("source"));
        assertEquals(OrderState.COMPLETED, m.reload(o).state());

        Return last = sentBack(request(m.ann, o, new LineRequest(1, 1)));
        assertEquals(o.total().minor() - refund, last.refund().minor());
        assertEquals(OrderState.REFUNDED, m.reload(o).state());
        assertEquals(0, m.merchantBalance());
        assertEquals(0, m.statementBalance());
    }

    @Test
    void unitsReturnedNeverExceedUnitsBoughtAcrossReturns() {
        Order o = m.delivered(m.ann, 2, 3);
        assertEquals("lines[0].quantity", assertThrows(CommerceException.InvalidInput.class,
                () -> request(m.ann, o, new LineRequest(0, 3))).field());
        assertEquals("lines[0].lineNo", assertThrows(CommerceException.InvalidInput.class,
                () -> request(m.ann, o, new LineRequest(2, 1))).field());
        assertEquals("lines[1].lineNo", assertThrows(CommerceException.InvalidInput.class,
                () -> request(m.ann, o, new LineRequest(1, 1), new LineRequest(1, 1))).field());
        Return pending = request(m.ann, o, new LineRequest(0, 2));
        assertEquals("lines[0].quantity", assertThrows(CommerceException.Conflict.class,
                () -> request(m.ann, o, new LineRequest(0, 1))).field());
        returns.decide(m.shop, pending.id(), new ReturnService.Decision(false, "opened and used"));
        Return again = request(m.ann, o, new LineRequest(0, 1), new LineRequest(1, 3));
        assertEquals(ReturnState.REQUESTED, again.state());
        assertEquals(2, returns.forOrder(m.ann, o.id()).size());
        assertThrows(CommerceException.InvalidInput.class, () -> returns.request(m.ann, o.id(),
                new ReturnRequest(List.of(), "nothing")));
        assertThrows(CommerceException.InvalidInput.class, () -> returns.request(m.ann, o.id(),
                new ReturnRequest(List.of(new LineRequest(1, 1)), " ")));
    }

    @Test
    void onlyDeliveredOrdersWithinTheWindowMayBeReturned() {
        Order paid = m.paid(m.ann, 1, 0);
        assertEquals("state", assertThrows(CommerceException.Conflict.class,
                () -> request(m.ann, paid, new LineRequest(0, 1))).field());
        Order o = m.delivered(m.ann, 1, 0);
        m.clock.advance(Duration.ofDays(31));
        CommerceException.Conflict late = assertThrows(CommerceException.Conflict.class,
                () -> request(m.ann, o, new LineRequest(0, 1)));
        assertTrue(late.getMessage().contains("return window"), late.getMessage());
    }

    @Test
    void eachPartyDoesOnlyItsOwnStepAndStepsComeInOrder() {
        Order o = m.delivered(m.ann, 1, 1);
        assertThrows(CommerceException.NotFound.class, () -> request(m.bob, o, new LineRequest(0, 1)));
        assertThrows(CommerceException.Forbidden.class, () -> request(m.shop, o, new LineRequest(0, 1)));
        Return r = request(m.ann, o, new LineRequest(0, 1));
        assertThrows(CommerceException.NotFound.class, () -> returns.get(m.bob, r.id()));
        assertThrows(CommerceException.Forbidden.class,
                () -> returns.decide(m.ann, r.id(), new ReturnService.Decision(true, null)));
        assertEquals("reason", assertThrows(CommerceException.InvalidInput.class,
                () -> returns.decide(m.shop, r.id(), new ReturnService.Decision(false, null))).field());
        assertThrows(CommerceException.Conflict.class,
                () -> returns.ship(m.ann, r.id(), new OrderService.ShipRequest("SF", "X1")));
        returns.decide(m.shop, r.id(), new ReturnService.Decision(true, "sorry about that"));
        assertThrows(CommerceException.Conflict.class,
                () -> returns.decide(m.shop, r.id(), new ReturnService.Decision(false, "changed my mind")));
        assertThrows(CommerceException.Forbidden.class,
                () -> returns.ship(m.shop, r.id(), new OrderService.ShipRequest("SF", "X1")));
        assertThrows(CommerceException.Conflict.class, () -> returns.addShipmentEvent(m.shop, r.id(),
                new OrderService.ShipmentEventRequest("picked_up", null, null)));
        returns.ship(m.ann, r.id(), new OrderService.ShipRequest("SF", "X1"));
        assertThrows(CommerceException.Forbidden.class, () -> returns.addShipmentEvent(m.ann, r.id(),
                new OrderService.ShipmentEventRequest("picked_up", null, null)));
        assertEquals("kind", assertThrows(CommerceException.Conflict.class, () -> returns.addShipmentEvent(m.shop,
                r.id(), new OrderService.ShipmentEventRequest("delivered", null, null))).field());
        returns.addShipmentEvent(m.admin, r.id(), new OrderService.ShipmentEventRequest("picked_up", null, null));
        Return back = returns.addShipmentEvent(m.shop, r.id(), new OrderService.ShipmentEventRequest("delivered",
                null, null));
        assertEquals(ReturnState.RETURNED, back.state());
        assertThrows(CommerceException.Conflict.class, () -> returns.addShipmentEvent(m.shop, r.id(),
                new OrderService.ShipmentEventRequest("delivered", null, null)));
        assertEquals(1, m.refunds(o.id()).size(), "received twice, refunded once");
        assertEquals("sorry about that", back.decisionReason());
        assertEquals(2, back.shipment().events().size());
    }

    @Test
    void aRefundThatFailedIsResumedByReportingDeliveryAgainAndPaysOnce() {
        Order o = m.delivered(m.ann, 1, 1);
        Return r = request(m.ann, o, new LineRequest(1, 1));
        returns.decide(m.shop, r.id(), new ReturnService.Decision(true, null));
        returns.ship(m.ann, r.id(), new OrderService.ShipRequest("SF", "X2"));
        returns.addShipmentEvent(m.shop, r.id(), new OrderService.ShipmentEventRequest("picked_up", null, null));
        m.ledger.fail("escrow.refund");
        assertThrows(CommerceException.class, () -> returns.addShipmentEvent(m.shop, r.id(),
                new OrderService.ShipmentEventRequest("delivered", null, null)));
        Return waiting = returns.get(m.ann, r.id());
        assertEquals(ReturnState.SHIPPED, waiting.state());
        assertNull(waiting.refund());
        assertEquals(0, m.reload(o).refunded().minor());
        m.ledger.fail(null);
        Return done = returns.addShipmentEvent(m.shop, r.id(), new OrderService.ShipmentEventRequest("delivered",
                null, null));
        assertEquals(ReturnState.RETURNED, done.state());
        assertEquals(2, done.shipment().events().size(), "the delivery was recorded once");
        assertEquals(done.refund(), m.reload(o).refunded());
        assertEquals(1, m.refunds(o.id()).size());
        assertEquals(done.refund().minor(), m.escrow(o.id()).integer("refunded"));
    }
}
