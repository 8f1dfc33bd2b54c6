package org.trustmall.commerce.orders;

import java.time.Instant;
import java.util.List;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.money.Money;

/**
 * Checkout, payment with on-chain escrow, shipment and completion. Every state change that moves money or
 * records a promise is a ledger transaction (contracts {@code escrow} and {@code shipment}), and the order lists
 * their ids so anyone can fetch and check the proofs.
 */
public interface OrderService {

    /** Country (ISO 3166-1 alpha-2) and region select the shipping and tax rates; stored as personal data. */
    record ShippingAddress(String name, String line1, String line2, String city, String region, String postcode,
                           String country, String phone) {
    }

    /**
     * {@code couponCode} (optional, case-insensitive) names a coupon to redeem: it takes its discount off the order of
     * its merchant in its currency.
     */
    record CheckoutRequest(ShippingAddress address, String couponCode) {
        public CheckoutRequest(ShippingAddress address) {
            this(address, null);
        }
    }

    /**
     * {@code clientIp} and {@code device} (a device hint: the client's User-Agent, the only one the API has) are where
     * the request came from, for risk screening; either may be null when unknown. Neither is stored: only keyed
     * HMACs of them.
     */
    record PaymentRequest(String cardNumber, String clientIp, String device) {
        public PaymentRequest(String cardNumber) {
            this(cardNumber, null, null);
        }
    }

    record ShipRequest(String carrier, String trackingNumber) {
    }

    /** {@code kind}: picked_up, in_transit, delivered; {@code location} free text; {@code occurredAt} optional. */
    record ShipmentEventRequest(String kind, String location, Instant occurredAt) {
    }

    /** A line as bought: prices are a snapshot taken at checkout. */
    record Line(long productId, String sku, String title, Money unitPrice, int quantity, Money lineTotal) {
    }

    /** A ledger transaction recorded for the order: {@code kind} is e.g. escrow.lock, shipment.event. */
    record LedgerRef(String kind, String transactionId, long height) {
    }

    record ShipmentEvent(String kind, String location, Instant occurredAt) {
    }

    record Shipment(String carrier, String trackingNumber, List<ShipmentEvent> events) {
    }

    /**
     * An order as placed: {@code total = subtotal - discount + shipping + tax}, with tax on the goods after the
     * discount; {@code couponCode} is the coupon that gave the discount, or null. {@code lines} are in line-number
     * order (a return names a line by its 0-based position here); {@code refunded} is what has been refunded to the
     * buyer so far (cancellation, returns, disputes), never more than {@code total}.
     */
    record Order(long id, long buyerId, long merchantId, OrderState state, List<Line> lines, Money subtotal,
                 Money shipping, Money tax, Money total, Money refunded, String country, String region,
                 Shipment shipment, List<LedgerRef> ledger, Instant createdAt, Instant updatedAt, Money discount,
                 String couponCode) {
    }

    /**
     * Turns the buyer's cart into one order per merchant (per currency), reserving stock atomically — never more
     * than is in stock, under any concurrency — and empties the cart. With the same idempotency key and the same
     * request it returns the orders made the first time; the same key with a different request is a
     * {@code Conflict} on field {@code Idempotency-Key}. An empty cart is a {@code Conflict}; a SKU that sold out
     * is a {@code Conflict} naming it, and then nothing is reserved. A coupon that does not apply or has reached a
     * limit is a {@code Conflict} on {@code couponCode}, and then too nothing is reserved; no coupon is redeemed
     * beyond its limits under any concurrency.
     */
    List<Order> checkout(Actor buyer, CheckoutRequest request, String idempotencyKey);

    /** A buyer's own orders, a merchant's orders, or every order for an admin; newest first. */
    default Page<Order> list(Actor actor, int page, int size) {
        return list(actor, null, page, size);
    }

    /** As {@link #list(Actor, int, int)}, only the orders now in {@code state} (all when null). */
    Page<Order> list(Actor actor, OrderState state, int page, int size);

    /** The buyer, the merchant of the order, admins and arbiters see it; anyone else gets {@code NotFound}. */
    Order get(Actor actor, long orderId);

    /**
     * The buyer pays a created order through the payment provider; on success the funds are locked in escrow on the
     * ledger and the order is paid. Idempotent by key like checkout. Declined cards give {@code PaymentDeclined}
     * and leave the order created.
     */
    Order pay(Actor buyer, long orderId, PaymentRequest request, String idempotencyKey);

    /** The order's merchant ships a paid order (shipment recorded on the ledger). */
    Order ship(Actor merchant, long orderId, ShipRequest request);

    /**
     * The order's merchant (reporting for its carrier) or an admin appends a carrier event; a {@code delivered}
     * event makes the order delivered. Events after delivery are a {@code Conflict}.
     */
    Order addShipmentEvent(Actor actor, long orderId, ShipmentEventRequest event);

    /** The buyer confirms receipt of a delivered order: escrow is released to the merchant; the order completes. */
    Order confirm(Actor buyer, long orderId);

    /**
     * The buyer or the merchant cancels an order before it ships: a created order becomes cancelled and its stock
     * returns; a paid order is refunded from escrow and becomes refunded. Either way a coupon the order redeemed is
     * given back (the buyer got nothing for it), and the order keeps its discount as history.
     */
    Order cancel(Actor actor, long orderId, String reason);

    /**
     * The order's shipping address (name, lines, city, postcode, phone…), decrypted: for its buyer, its merchant (to
     * ship it) and admins; every read is recorded in the buyer's access log on the ledger. Arbiters see orders but
     * not addresses. Empty once the buyer has been erased.
     */
    java.util.Map<String, String> shippingAddress(Actor actor, long orderId);

    /**
     * Releases the escrow of delivered orders whose buyers did not confirm within the escrow timeout, counted in
     * ledger block time; returns how many were completed. Run periodically by the server.
     */
    int releaseExpiredEscrows();
}
