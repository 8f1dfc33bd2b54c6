package org.trustmall.commerce.returns;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;

/**
 * Returns and their refunds: the buyer asks to send back units of a delivered order's lines, the merchant approves
 * or refuses (a refusal may be disputed), the buyer ships the goods back (recorded with the {@code shipment}
 * contract under ledger order id {@code return:<id>}), and when the merchant reports them delivered the buyer is
 * refunded — from escrow while it still holds the money, else from the merchant's balance — through the payment
 * provider, the {@code escrow} contract and the settlement records. Refunds never add up to more than was paid.
 */
public interface ReturnService {

    /** {@code lineNo}: the 0-based position of the line in the order's {@code lines}. */
    record LineRequest(int lineNo, int quantity) {
    }

    record ReturnRequest(List<LineRequest> lines, String reason) {
    }

    /** The merchant's answer; a refusal needs a reason. */
    record Decision(boolean approve, String reason) {
    }

    enum ReturnState {
        REQUESTED, APPROVED, REFUSED, SHIPPED, RETURNED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    record ReturnLine(int lineNo, String sku, String title, Money unitPrice, int quantity) {
    }

    /**
     * A return. {@code refund} is what the buyer got back, set once the goods arrived (state RETURNED, which always
     * means refunded); null before.
     */
    record Return(long id, long orderId, long buyerId, long merchantId, ReturnState state, List<ReturnLine> lines,
                  String reason, String decisionReason, Money refund, OrderService.Shipment shipment,
                  List<OrderService.LedgerRef> ledger, Instant requestedAt, Instant updatedAt) {
    }

    /**
     * The buyer asks to return units of their own delivered or completed order within the return window after
     * delivery (ledger time). Each line at most once, 1 to (bought − units in other returns not refused) units;
     * reason 1-1000 characters. {@code Conflict} when the order is in another state, disputed, or past the window.
     */
    Return request(Actor buyer, long orderId, ReturnRequest request);

    /** The buyer and the merchant of the order, admins and arbiters see a return; others get {@code NotFound}. */
    Return get(Actor actor, long returnId);

    /** The returns of an order the actor may see, oldest first. */
    List<Return> forOrder(Actor actor, long orderId);

    /** The order's merchant approves or refuses a requested return. */
    Return decide(Actor merchant, long returnId, Decision decision);

    /** The buyer ships an approved return back; the shipment is recorded on the ledger. */
    Return ship(Actor buyer, long returnId, OrderService.ShipRequest request);

    /**
     * The order's merchant (reporting for the carrier) or an admin appends a carrier event to the return's shipment.
     * {@code delivered} means the merchant received the goods: the buyer is refunded and the return becomes
     * RETURNED (if the refund fails, posting {@code delivered} again resumes it). The refund is the returned units'
     * price plus their share of the tax, and shipping too once every unit of the order is back (then exactly what is
     * left of the total); never more than the total less what was already refunded. The order becomes refunded when
     * everything has been refunded.
     */
    Return addShipmentEvent(Actor actor, long returnId, OrderService.ShipmentEventRequest event);
}
