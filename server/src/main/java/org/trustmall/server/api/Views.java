package org.trustmall.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.function.Function;
import org.trustmall.commerce.Page;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.cart.CartService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.promotions.CouponTerms;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.returns.ReturnService;

/** The JSON shapes of the API's resources (camelCase fields; money as integer minor units plus currency). */
public final class Views {
    private Views() {
    }

    public static ObjectNode object() {
        return Schema.JSON.createObjectNode();
    }

    public static ObjectNode money(Money m) {
        return object().put("amount", m.minor()).put("currency", m.currency());
    }

    public static Schema moneySchema() {
        return Schema.object().req("amount", Schema.integer().describe("minor units (cents, fen)"))
                .req("currency", Schema.string(3, 3).describe("ISO 4217"));
    }

    public static ObjectNode account(AccountService.Account a) {
        return object().put("id", a.id()).put("role", a.role().wire()).put("displayName", a.displayName())
                .put("createdAt", a.createdAt().toString());
    }

    public static Schema accountSchema() {
        return Schema.object().req("id", Schema.integer()).req("role", Schema.enumOf("buyer", "merchant", "admin",
                        "arbiter", "agent")).req("displayName", Schema.string()).req("createdAt", Schema.string()
                        .with("format", "date-time"));
    }

    public static ObjectNode product(CatalogueService.Product p) {
        ObjectNode o = object().put("id", p.id()).put("merchantId", p.merchantId())
                .put("merchantName", p.merchantName()).put("title", p.title()).put("description", p.description())
                .put("category", p.category()).put("status", p.status().name().toLowerCase(java.util.Locale.ROOT))
                .put("createdAt", p.createdAt().toString()).put("updatedAt", p.updatedAt().toString());
        ArrayNode vs = o.putArray("variants");
        for (CatalogueService.Variant v : p.variants()) {
            ObjectNode vo = vs.addObject().put("sku", v.sku());
            vo.set("price", money(v.price()));
            vo.put("stock", v.stock());
            ObjectNode attrs = vo.putObject("attributes");
            v.attributes().forEach(attrs::put);
        }
        return o;
    }

    public static Schema productSchema() {
        return Schema.object().req("id", Schema.integer()).req("merchantId", Schema.integer())
                .req("merchantName", Schema.string()).req("title", Schema.string())
                .req("description", Schema.string()).req("category", Schema.string())
                .req("status", Schema.enumOf("active", "hidden"))
                .req("variants", Schema.array(Schema.object().req("sku", Schema.string())
                        .req("price", moneySchema()).req("stock", Schema.integer())
                        .req("attributes", Schema.mapOf(Schema.string()))))
                .req("createdAt", Schema.string().with("format", "date-time"))
                .req("updatedAt", Schema.string().with("format", "date-time"));
    }

    public static ObjectNode cartItem(CartService.Item i) {
        ObjectNode o = object().put("id", i.id()).put("productId", i.productId()).put("sku", i.sku())
                .put("title", i.title());
        o.set("unitPrice", money(i.unitPrice()));
        o.put("quantity", i.quantity());
        o.set("lineTotal", money(i.lineTotal()));
        o.put("available", i.available());
        return o;
    }

    public static Schema cartItemSchema() {
        return Schema.object().req("id", Schema.integer()).req("productId", Schema.integer())
                .req("sku", Schema.string()).req("title", Schema.string()).req("unitPrice", moneySchema())
                .req("quantity", Schema.integer(1, 99)).req("lineTotal", moneySchema())
                .req("available", Schema.integer());
    }

    public static ObjectNode cart(CartService.Cart c) {
        ObjectNode o = object();
        ArrayNode items = o.putArray("items");
        c.items().forEach(i -> items.add(cartItem(i)));
        ArrayNode subtotals = o.putArray("subtotals");
        c.subtotals().forEach(m -> subtotals.add(money(m)));
        return o;
    }

    public static Schema cartSchema() {
        return Schema.object().req("items", Schema.array(cartItemSchema()))
                .req("subtotals", Schema.array(moneySchema()));
    }

    public static ObjectNode order(OrderService.Order o) {
        ObjectNode n = object().put("id", o.id()).put("buyerId", o.buyerId()).put("merchantId", o.merchantId())
                .put("state", o.state().wire());
        ArrayNode lines = n.putArray("lines");
        for (OrderService.Line l : o.lines()) {
            ObjectNode ln = lines.addObject().put("productId", l.productId()).put("sku", l.sku())
                    .put("title", l.title());
            ln.set("unitPrice", money(l.unitPrice()));
            ln.put("quantity", l.quantity());
            ln.set("lineTotal", money(l.lineTotal()));
        }
        n.set("subtotal", money(o.subtotal()));
        n.set("discount", money(o.discount()));
        n.put("couponCode", o.couponCode());
        n.set("shipping", money(o.shipping()));
        n.set("tax", money(o.tax()));
        n.set("total", money(o.total()));
        n.set("refunded", money(o.refunded()));
        n.put("country", o.country());
        n.put("region", o.region());
        shipment(n, o.shipment());
        ledgerRefs(n, o.ledger());
        n.put("createdAt", o.createdAt().toString());
        n.put("updatedAt", o.updatedAt().toString());
        return n;
    }

    private static void shipment(ObjectNode n, OrderService.Shipment shipment) {
        if (shipment == null) {
            n.putNull("shipment");
            return;
        }
        ObjectNode s = n.putObject("shipment").put("carrier", shipment.carrier())
                .put("trackingNumber", shipment.trackingNumber());
        ArrayNode ev = s.putArray("events");
        for (OrderService.ShipmentEvent e : shipment.events()) {
            ObjectNode eo = ev.addObject().put("kind", e.kind());
            if (e.location() != null) {
                eo.put("location", e.location());
            }
            if (e.occurredAt() != null) {
                eo.put("occurredAt", e.occurredAt().toString());
            }
        }
    }

    private static Schema shipmentSchema() {
        Schema event = Schema.object().req("kind", Schema.enumOf("picked_up", "in_transit", "delivered"))
                .opt("location", Schema.string()).opt("occurredAt", Schema.string().with("format", "date-time"));
        return Schema.object().req("carrier", Schema.string()).req("trackingNumber", Schema.string())
                .req("events", Schema.array(event)).nullable();
    }

    private static void ledgerRefs(ObjectNode n, List<OrderService.LedgerRef> refs) {
        ArrayNode ledger = n.putArray("ledgerTransactions");
        for (OrderService.LedgerRef r : refs) {
            ledger.addObject().put("kind", r.kind()).put("id", r.transactionId()).put("height", r.height())
                    .put("proof", "/api/v1/ledger/transactions/" + r.transactionId() + "/proof");
        }
    }

    private static Schema ledgerRefsSchema() {
        return Schema.array(Schema.object().req("kind", Schema.string()).req("id", Schema.string())
                .req("height", Schema.integer()).req("proof", Schema.string()));
    }

    public static Schema orderSchema() {
        Schema line = Schema.object().req("productId", Schema.integer()).req("sku", Schema.string())
                .req("title", Schema.string()).req("unitPrice", moneySchema()).req("quantity", Schema.integer())
                .req("lineTotal", moneySchema());
        return Schema.object().req("id", Schema.integer()).req("buyerId", Schema.integer())
                .req("merchantId", Schema.integer())
                .req("state", Schema.enumOf("created", "paid", "shipped", "delivered", "completed", "cancelled",
                        "refunded", "disputed"))
                .req("lines", Schema.array(line.describe("a return names a line by its 0-based position here")))
                .req("subtotal", moneySchema())
                .req("discount", moneySchema().describe("taken off the goods by the coupon; total = subtotal - "
                        + "discount + shipping + tax, with tax on the goods after the discount"))
                .req("couponCode", Schema.string().nullable().describe("the coupon redeemed for this order"))
                .req("shipping", moneySchema())
                .req("tax", moneySchema()).req("total", moneySchema())
                .req("refunded", moneySchema().describe("refunded to the buyer so far, never more than total"))
                .req("country", Schema.string()).req("region", Schema.string())
                .req("shipment", shipmentSchema())
                .req("ledgerTransactions", ledgerRefsSchema())
                .req("createdAt", Schema.string().with("format", "date-time"))
                .req("updatedAt", Schema.string().with("format", "date-time"));
    }

    public static ObjectNode coupon(PromotionService.Coupon c) {
        CouponTerms t = c.terms();
        ObjectNode o = object().put("code", c.code()).put("merchantId", c.merchantId()).put("kind", t.kind().wire());
        o.put("percentOff", t.percentOff());
        if (t.amountOff() == null) {
            o.putNull("amountOff");
        } else {
            o.set("amountOff", money(t.amountOff()));
        }
        o.put("currency", t.currency());
        o.set("minimumSpend", money(t.minimumSpend()));
        o.put("validFrom", t.validFrom().toString());
        o.put("validUntil", t.validUntil() == null ? null : t.validUntil().toString());
        o.put("totalLimit", c.totalLimit());
        o.put("perAccountLimit", c.perAccountLimit());
        o.put("redeemed", c.redeemed());
        o.put("active", c.active());
        o.put("createdAt", c.createdAt().toString());
        return o;
    }

    public static Schema couponSchema() {
        return Schema.object().req("code", Schema.string(3, 32)).req("merchantId", Schema.integer())
                .req("kind", Schema.enumOf("percent", "amount"))
                .req("percentOff", Schema.integer(1, 100).nullable())
                .req("amountOff", moneySchema().nullable()).req("currency", Schema.string(3, 3))
                .req("minimumSpend", moneySchema().describe("of the merchant's goods in the coupon's currency"))
                .req("validFrom", Schema.string().with("format", "date-time"))
                .req("validUntil", Schema.string().with("format", "date-time").nullable()
                        .describe("exclusive; null for no end"))
                .req("totalLimit", Schema.integer().nullable().describe("null for no limit"))
                .req("perAccountLimit", Schema.integer(1, 1_000))
                .req("redeemed", Schema.integer().describe("redemptions in force (cancelled orders give theirs back)"))
                .req("active", Schema.bool())
                .req("createdAt", Schema.string().with("format", "date-time"));
    }

    public static ObjectNode quote(PromotionService.Quote q) {
        ObjectNode o = object().put("code", q.code());
        switch (q) {
            case PromotionService.Applies a -> {
                o.put("applies", true).put("merchantId", a.merchantId());
                o.set("eligibleSubtotal", money(a.eligibleSubtotal()));
                o.set("discount", money(a.discount()));
            }
            case PromotionService.Refused r -> o.put("applies", false).put("reason", r.reason());
        }
        return o;
    }

    public static Schema quoteSchema() {
        return Schema.object().req("code", Schema.string()).req("applies", Schema.bool())
                .opt("merchantId", Schema.integer())
                .opt("eligibleSubtotal", moneySchema().describe("the merchant's goods in the coupon's currency"))
                .opt("discount", moneySchema()).opt("reason", Schema.string().describe("why it does not apply"));
    }

    public static ObjectNode dispute(DisputeService.Dispute d) {
        ObjectNode n = object().put("id", d.id()).put("orderId", d.orderId()).put("buyerId", d.buyerId())
                .put("merchantId", d.merchantId()).put("state", d.state().wire()).put("reason", d.reason());
        ArrayNode evidence = n.putArray("evidence");
        d.evidence().forEach(evidence::add);
        if (d.returnId() != null) {
            n.put("returnId", d.returnId());
        } else {
            n.putNull("returnId");
        }
        ArrayNode arbiters = n.putArray("arbiters");
        d.arbiters().forEach(a -> arbiters.addObject().put("id", a.accountId()).put("displayName", a.displayName())
                .put("voted", a.voted()));
        ArrayNode votes = n.putArray("votes");
        for (DisputeService.Vote v : d.votes()) {
            ObjectNode vo = votes.addObject().put("arbiterId", v.arbiterId()).put("arbiterName", v.arbiterName())
                    .put("outcome", v.outcome());
            if (v.amount() != null) {
                vo.set("amount", money(v.amount()));
            }
            vo.put("votedAt", v.votedAt().toString());
            if (v.transactionId() != null) {
                vo.put("transactionId", v.transactionId());
            }
        }
        ArrayNode tally = n.putArray("tally");
        for (DisputeService.Tally t : d.tally()) {
            ObjectNode to = tally.addObject().put("outcome", t.outcome());
            if (t.amount() != null) {
                to.set("amount", money(t.amount()));
            }
            to.put("votes", t.votes()).put("arbiters", t.arbiters()).put("c", t.c());
        }
        n.putObject("threshold").put("numerator", d.threshold().numerator())
                .put("denominator", d.threshold().denominator());
        n.put("votesNeeded", d.votesNeeded());
        if (d.verdict() != null) {
            ObjectNode v = n.putObject("verdict").put("outcome", d.verdict().outcome());
            v.set("refund", money(d.verdict().refund()));
        } else {
            n.putNull("verdict");
        }
        n.put("ledgerId", d.ledgerId());
        ledgerRefs(n, d.ledger());
        n.put("openedAt", d.openedAt().toString());
        if (d.closedAt() != null) {
            n.put("closedAt", d.closedAt().toString());
        } else {
            n.putNull("closedAt");
        }
        return n;
    }

    public static Schema disputeSchema() {
        Schema dateTime = Schema.string().with("format", "date-time");
        return Schema.object().req("id", Schema.integer()).req("orderId", Schema.integer())
                .req("buyerId", Schema.integer()).req("merchantId", Schema.integer())
                .req("state", Schema.enumOf("open", "resolved", "settled", "unresolved", "withdrawn"))
                .req("reason", Schema.string()).req("evidence", Schema.array(Schema.string()))
                .req("returnId", Schema.integer().nullable())
                .req("arbiters", Schema.array(Schema.object().req("id", Schema.integer())
                        .req("displayName", Schema.string()).req("voted", Schema.bool())))
                .req("votes", Schema.array(Schema.object().req("arbiterId", Schema.integer())
                        .req("arbiterName", Schema.string()).req("outcome", Schema.enumOf("refund", "release"))
                        .opt("amount", moneySchema()).req("votedAt", dateTime).opt("transactionId", Schema.string())))
                .req("tally", Schema.array(Schema.object().req("outcome", Schema.enumOf("refund", "release"))
                        .opt("amount", moneySchema()).req("votes", Schema.integer()).req("arbiters", Schema.integer())
                        .req("c", Schema.number().describe("C = votes / arbiters"))))
                .req("threshold", Schema.object().req("numerator", Schema.integer())
                        .req("denominator", Schema.integer()))
                .req("votesNeeded", Schema.integer())
                .req("verdict", Schema.object().req("outcome", Schema.enumOf("refund", "release"))
                        .req("refund", moneySchema()).nullable())
                .req("ledgerId", Schema.string()).req("ledgerTransactions", ledgerRefsSchema())
                .req("openedAt", dateTime).req("closedAt", Schema.string().with("format", "date-time").nullable());
    }

    public static ObjectNode returnView(ReturnService.Return r) {
        ObjectNode n = object().put("id", r.id()).put("orderId", r.orderId()).put("buyerId", r.buyerId())
                .put("merchantId", r.merchantId()).put("state", r.state().wire());
        ArrayNode lines = n.putArray("lines");
        for (ReturnService.ReturnLine l : r.lines()) {
            ObjectNode lo = lines.addObject().put("lineNo", l.lineNo()).put("sku", l.sku()).put("title", l.title());
            lo.set("unitPrice", money(l.unitPrice()));
            lo.put("quantity", l.quantity());
        }
        n.put("reason", r.reason());
        if (r.decisionReason() != null) {
            n.put("decisionReason", r.decisionReason());
        } else {
            n.putNull("decisionReason");
        }
        if (r.refund() != null) {
            n.set("refund", money(r.refund()));
        } else {
            n.putNull("refund");
        }
        shipment(n, r.shipment());
        ledgerRefs(n, r.ledger());
        n.put("requestedAt", r.requestedAt().toString());
        n.put("updatedAt", r.updatedAt().toString());
        return n;
    }

    public static Schema returnSchema() {
        return Schema.object().req("id", Schema.integer()).req("orderId", Schema.integer())
                .req("buyerId", Schema.integer()).req("merchantId", Schema.integer())
                .req("state", Schema.enumOf("requested", "approved", "refused", "shipped", "returned"))
                .req("lines", Schema.array(Schema.object().req("lineNo", Schema.integer()).req("sku", Schema.string())
                        .req("title", Schema.string()).req("unitPrice", moneySchema())
                        .req("quantity", Schema.integer())))
                .req("reason", Schema.string()).req("decisionReason", Schema.string().nullable())
                .req("refund", moneySchema().describe("set once the goods are back and refunded").nullable())
                .req("shipment", shipmentSchema()).req("ledgerTransactions", ledgerRefsSchema())
                .req("requestedAt", Schema.string().with("format", "date-time"))
                .req("updatedAt", Schema.string().with("format", "date-time"));
    }

    public static <T> ObjectNode page(Page<T> page, Function<T, JsonNode> view) {
        ObjectNode o = object();
        ArrayNode items = o.putArray("items");
        page.items().forEach(i -> items.add(view.apply(i)));
        o.put("page", page.page()).put("size", page.size()).put("total", page.total());
        return o;
    }

    public static Schema pageSchema(Schema item) {
        return Schema.object().req("items", Schema.array(item)).req("page", Schema.integer())
                .req("size", Schema.integer()).req("total", Schema.integer());
    }

    public static <T> ArrayNode list(List<T> items, Function<T, JsonNode> view) {
        ArrayNode a = Schema.JSON.createArrayNode();
        items.forEach(i -> a.add(view.apply(i)));
        return a;
    }

    /** A signed checkpoint, as {@code LedgerJson.checkpoint} writes it. */
    public static Schema checkpointSchema() {
        return Schema.object().req("chain_id", Schema.string()).req("height", Schema.integer())
                .req("log_size", Schema.integer()).req("root", Schema.string()).req("block_hash", Schema.string())
                .req("timestamp", Schema.integer()).req("header", Schema.string())
                .req("signatures", Schema.array(Schema.object().req("organisation", Schema.string())
                        .req("public_key", Schema.string()).req("signature", Schema.string())));
    }

    /** A transaction's inclusion proof bundle, as {@code LedgerJson.proof} writes it. */
    public static Schema proofBundleSchema() {
        return Schema.object().req("format", Schema.string()).req("transaction", Schema.object()
                        .req("id", Schema.string()).req("contract", Schema.string()).req("method", Schema.string())
                        .req("sender", Schema.string()).req("timestamp", Schema.integer())
                        .req("encoded", Schema.string()))
                .req("leaf_index", Schema.integer()).req("tree_size", Schema.integer())
                .req("leaf_hash", Schema.string()).req("path", Schema.array(Schema.string()))
                .req("checkpoint", checkpointSchema());
    }
}
