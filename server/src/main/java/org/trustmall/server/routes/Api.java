package org.trustmall.server.routes;

import static org.trustmall.server.api.Schema.array;
import static org.trustmall.server.api.Schema.enumOf;
import static org.trustmall.server.api.Schema.integer;
import static org.trustmall.server.api.Schema.object;
import static org.trustmall.server.api.Schema.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.trustmall.assistant.Action;
import org.trustmall.assistant.Assistant;
import org.trustmall.assistant.Citation;
import org.trustmall.assistant.Reply;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import org.trustmall.commerce.catalogue.CatalogueService;
import org.trustmall.commerce.consent.ConsentService;
import org.trustmall.commerce.disputes.DisputeService;
import org.trustmall.commerce.insights.InsightsService;
import org.trustmall.commerce.money.Money;
import org.trustmall.commerce.notify.Newsletter;
import org.trustmall.commerce.orders.OrderService;
import org.trustmall.commerce.orders.OrderState;
import org.trustmall.commerce.personal.KeyRotation;
import org.trustmall.commerce.personal.PrivacyService;
import org.trustmall.commerce.promotions.PromotionService;
import org.trustmall.commerce.recommend.EventService;
import org.trustmall.commerce.recommend.ModelRegistry;
import org.trustmall.commerce.recommend.Recommendations;
import org.trustmall.commerce.returns.ReturnService;
import org.trustmall.commerce.reviews.ReviewService;
import org.trustmall.commerce.risk.RiskService;
import org.trustmall.commerce.settlement.PayoutService;
import org.trustmall.commerce.support.SupportService;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.ledger.verify.LedgerVerifier;
import org.trustmall.server.api.ApiError;
import org.trustmall.server.api.BearerToken;
import org.trustmall.server.api.Body;
import org.trustmall.server.api.InsightViews;
import org.trustmall.server.api.OrganisationSignature;
import org.trustmall.server.api.ProvenanceViews;
import org.trustmall.server.api.ReviewViews;
import org.trustmall.server.api.RiskViews;
import org.trustmall.server.api.Route;
import org.trustmall.server.api.Schema;
import org.trustmall.server.api.SettlementViews;
import org.trustmall.server.api.Views;
import org.trustmall.server.ops.LedgerVerification;

/**
 * Every endpoint of {@code /api/v1}, as one table: path, who may call it, request and response schemas, handler.
 * Handlers only translate between HTTP and the commerce services; authorisation decisions are taken there, from
 * the authenticated {@link Actor}, never from ids in the request body.
 */
public final class Api {
    public static final String PREFIX = "/api/v1";
    private static final Set<Role> ANYONE = Set.of();
    private static final Set<Role> SIGNED_IN = EnumSet.allOf(Role.class);
    private static final Set<Role> BUYER = EnumSet.of(Role.BUYER);
    private static final Set<Role> MERCHANT = EnumSet.of(Role.MERCHANT);
    private static final Set<Role> MERCHANT_OR_ADMIN = EnumSet.of(Role.MERCHANT, Role.ADMIN);
    private static final Set<Role> BUYER_OR_MERCHANT = EnumSet.of(Role.BUYER, Role.MERCHANT);
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Set<Role> ARBITER = EnumSet.of(Role.ARBITER);
    private static final Set<Role> AGENT_OR_ADMIN = EnumSet.of(Role.AGENT, Role.ADMIN);
    /** Everyone who may talk to the assistant: agents answer conversations, they do not have their own. */
    private static final Set<Role> CUSTOMERS = EnumSet.complementOf(EnumSet.of(Role.AGENT));

    private final Commerce commerce;
    private final Ledger ledger;
    private final Optional<Assistant> assistant;
    private final OrganisationSignature organisations;
    private final String platformOrganisation;
    private final List<Route> routes = new ArrayList<>();

    /** The API without the customer-service assistant (its routes are then absent). */
    public Api(Commerce commerce, Ledger ledger) {
        this(commerce, ledger, Optional.empty());
    }

    /** The API of a platform whose organisation is the ledger's founder (the first genesis organisation). */
    public Api(Commerce commerce, Ledger ledger, Optional<Assistant> assistant) {
        this(commerce, ledger, assistant, ledger.organisations().get(0).name());
    }

    /**
     * @param platformOrganisation this platform's organisation in the ledger, whose signed requests the validator
     *                             endpoints refuse
     */
    public Api(Commerce commerce, Ledger ledger, Optional<Assistant> assistant, String platformOrganisation) {
        this.commerce = commerce;
        this.ledger = ledger;
        this.assistant = assistant;
        this.platformOrganisation = platformOrganisation;
        this.organisations = new OrganisationSignature(ledger::organisations, platformOrganisation,
                Signatures.fastest(), InstantSource.system());
        auth();
        catalogue();
        recommendations();
        cart();
        orders();
        risk();
        validators();
        promotions();
        reviews();
        disputes();
        returns();
        ledgerRoutes();
        admin();
        provenance();
        payouts();
        me();
        privacy();
        insights();
        events();
        support();
        assistant.ifPresent(this::assistant);
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    private void route(HandlerType method, String path, String tag, String summary, Set<Role> roles, Schema request,
                       int status, Schema response, List<Route.Param> params, Route.Action action) {
        routes.add(new Route(method, PREFIX + path, summary, tag, roles, request, status, response, params, action));
    }

    private static Route.Param pathId(String name) {
        return new Route.Param(name, "path", true, integer(1, Long.MAX_VALUE), "numeric id");
    }

    private static final Route.Param IDEMPOTENCY = new Route.Param("Idempotency-Key", "header", true,
            string(8, 100), "unique per logical request; a retry with the same key and body returns the first result");

    // ---- auth ----

    private void auth() {
        AccountService accounts = commerce.accounts();
        route(HandlerType.POST, "/auth/register", "auth", "Register a buyer or merchant account", ANYONE,
                object().req("email", string(3, 254).with("format", "email")).req("password", string(10, 200))
                        .req("role", enumOf("buyer", "merchant")).req("displayName", string(1, 64)),
                201, Views.accountSchema(), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("email", "password", "role", "displayName");
                    AccountService.Account a = accounts.register(new AccountService.Registration(
                            b.text("email", 1, 254), b.text("password", 1, 200),
                            Role.parse("role", b.text("role")), b.text("displayName", 1, 64)));
                    return Views.account(a);
                });
        route(HandlerType.POST, "/auth/login", "auth", "Log in; returns a bearer token", ANYONE,
                object().req("email", string(1, 254)).req("password", string(1, 200)),
                200, object().req("token", string()).req("accountId", integer())
                        .req("role", enumOf("buyer", "merchant", "admin", "arbiter", "agent"))
                        .req("expiresAt", string().with("format", "date-time")), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("email", "password");
                    AccountService.Session s = accounts.login(b.text("email", 1, 254), b.text("password", 1, 200),
                            ctx.ip());
                    return Views.object().put("token", s.token()).put("accountId", s.accountId()).put("role", s.role().wire())
                            .put("expiresAt", s.expiresAt().toString());
                });
        route(HandlerType.POST, "/auth/logout", "auth", "Revoke the current token", SIGNED_IN, null, 204, null,
                List.of(), (actor, ctx) -> {
                    accounts.logout(actor);
                    return null;
                });
        route(HandlerType.GET, "/auth/me", "auth", "The signed-in account", SIGNED_IN, null, 200,
                Views.accountSchema(), List.of(), (actor, ctx) -> Views.account(accounts.get(actor, actor.accountId())));
        route(HandlerType.POST, "/auth/password", "auth", "Change the password (revokes other sessions)", SIGNED_IN,
                object().req("currentPassword", string(1, 200)).req("newPassword", string(10, 200)), 204, null,
                List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("currentPassword", "newPassword");
                    accounts.changePassword(actor, b.text("currentPassword", 1, 200), b.text("newPassword", 1, 200));
                    return null;
                });
        route(HandlerType.POST, "/auth/password-reset", "auth",
                "Ask for a password-reset token (sent to the account's email if it exists)", ANYONE,
                object().req("email", string(1, 254)), 202, null, List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("email");
                    accounts.requestPasswordReset(b.text("email", 1, 254), ctx.ip());
                    return null;
                });
        route(HandlerType.POST, "/auth/password-reset/confirm", "auth", "Set a new password with a reset token",
                ANYONE, object().req("token", string(1, 200)).req("newPassword", string(10, 200)), 204, null,
                List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("token", "newPassword");
                    accounts.resetPassword(b.text("token", 1, 200), b.text("newPassword", 1, 200));
                    return null;
                });
    }

    // ---- recommendations ----

    private static Schema recommendationsSchema() {
        return object().req("items", array(Views.productSchema()))
                .req("basis", enumOf("personalised", "model", "popular").describe("personalised: from the deployed "
                        + "model and your own history (only with personalisation consent); model: from the deployed "
                        + "model for a product; popular: best sellers and newest, no personal data used"))
                .req("personalised", Schema.bool()).opt("modelId", string().describe("the registered model that "
                        + "ranked the list; its registration is on the ledger (contract model-registry)"));
    }

    private static ObjectNode recommendations(Recommendations.Result r) {
        ObjectNode o = Views.object();
        var items = o.putArray("items");
        r.products().forEach(p -> items.add(Views.product(p)));
        o.put("basis", r.basis().name().toLowerCase(java.util.Locale.ROOT));
        o.put("personalised", r.basis() == Recommendations.Basis.PERSONALISED);
        if (r.modelId() != null) {
            o.put("modelId", r.modelId());
        }
        return o;
    }

    private void recommendations() {
        Recommendations recs = commerce.recommendations();
        Route.Param limit = new Route.Param("limit", "query", false, integer(1, Recommendations.MAX_LIMIT),
                "default 10");
        route(HandlerType.GET, "/recommendations", "recommendations", "Products recommended for the signed-in "
                        + "buyer: personalised only while their personalisation consent stands; out-of-stock and "
                        + "already-bought products left out", BUYER, null, 200, recommendationsSchema(),
                List.of(limit), (actor, ctx) -> recommendations(recs.forBuyer(actor,
                        intParam(ctx, "limit", 10, 1, Recommendations.MAX_LIMIT))));
        route(HandlerType.GET, "/products/{id}/similar", "recommendations", "Products similar to this one (by what "
                        + "buyers view and buy after it); out-of-stock products left out", ANYONE, null, 200,
                recommendationsSchema(), List.of(pathId("id"), limit),
                (actor, ctx) -> recommendations(recs.similar(id(ctx, "id"),
                        intParam(ctx, "limit", 10, 1, Recommendations.MAX_LIMIT))));
    }

    // ---- catalogue ----

    private static Schema variantInputSchema() {
        return object().req("sku", string(1, 64)).req("price", Views.moneySchema()).req("stock", integer(0, 1_000_000))
                .opt("attributes", Schema.mapOf(string()));
    }

    private void catalogue() {
        CatalogueService catalogue = commerce.catalogue();
        route(HandlerType.GET, "/products", "catalogue", "Search or browse active products; for a signed-in buyer "
                        + "whose personalisation consent stands, categories they buy from rank first", ANYONE, null, 200,
                Views.pageSchema(Views.productSchema()).req("personalised", Schema.bool()
                        .describe("whether this response was ranked with the buyer's purchase history")),
                List.of(new Route.Param("q", "query", false, string(0, 200), "search text (Chinese or English)"),
                        new Route.Param("category", "query", false, string(1, 64), "category slug"),
                        new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> {
                    String q = Optional.ofNullable(ctx.queryParam("q")).orElse("");
                    if (q.length() > 200) {
                        throw ApiError.invalid("q", "must be at most 200 characters");
                    }
                    Actor viewer = optionalActor(ctx);
                    // Consent is read at the moment of processing: a withdrawal counts from the next request.
                    Long personalFor = viewer != null && viewer.is(Role.BUYER)
                            && commerce.consents().allows(viewer.accountId(), ConsentService.PERSONALISATION)
                            ? viewer.accountId() : null;
                    ObjectNode page = Views.page(catalogue.search(new CatalogueService.SearchQuery(q,
                            ctx.queryParam("category"), intParam(ctx, "page", 0, 0, 10_000),
                            intParam(ctx, "size", 20, 1, 100), personalFor)), Views::product);
                    return page.put("personalised", personalFor != null);
                });
        route(HandlerType.POST, "/products", "catalogue", "Create a product (merchants)", MERCHANT,
                object().req("title", string(1, 200)).req("description", string(0, 10_000))
                        .req("category", string(1, 64)).req("variants", array(variantInputSchema())),
                201, Views.productSchema(), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("title", "description", "category", "variants");
                    List<CatalogueService.VariantInput> variants = new ArrayList<>();
                    for (Body v : b.objects("variants", 1, 50)) {
                        variants.add(variantInput(v));
                    }
                    return Views.product(catalogue.create(actor, new CatalogueService.ProductInput(
                            b.text("title", 1, 200), b.text("description", 0, 10_000), b.text("category", 1, 64),
                            variants)));
                });
        route(HandlerType.GET, "/products/{id}", "catalogue", "A product", ANYONE, null, 200,
                Views.productSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.product(catalogue.get(actor, id(ctx, "id"))));
        route(HandlerType.PATCH, "/products/{id}", "catalogue",
                "Edit a product, change variant prices, restock, add variants (its merchant, or an admin)",
                MERCHANT_OR_ADMIN, object().opt("title", string(1, 200)).opt("description", string(0, 10_000))
                        .opt("category", string(1, 64)).opt("status", enumOf("active", "hidden"))
                        .opt("variants", array(object().req("sku", string(1, 64)).opt("price", Views.moneySchema())
                                .opt("restock", integer(1, 1_000_000))))
                        .opt("addVariants", array(variantInputSchema())),
                200, Views.productSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("title", "description", "category", "status", "variants",
                            "addVariants");
                    List<CatalogueService.VariantChange> changes = new ArrayList<>();
                    if (b.has("variants")) {
                        for (Body v : b.objects("variants", 1, 50)) {
                            v.only("sku", "price", "restock");
                            changes.add(new CatalogueService.VariantChange(v.text("sku", 1, 64),
                                    v.has("price") ? money(v.object("price")) : null,
                                    v.has("restock") ? (int) v.integer("restock", 1, 1_000_000) : null));
                        }
                    }
                    List<CatalogueService.VariantInput> added = new ArrayList<>();
                    if (b.has("addVariants")) {
                        for (Body v : b.objects("addVariants", 1, 50)) {
                            added.add(variantInput(v));
                        }
                    }
                    CatalogueService.Status status = null;
                    if (b.has("status")) {
                        String s = b.text("status");
                        status = switch (s) {
                            case "active" -> CatalogueService.Status.ACTIVE;
                            case "hidden" -> CatalogueService.Status.HIDDEN;
                            default -> throw ApiError.invalid("status", "must be active or hidden");
                        };
                    }
                    return Views.product(catalogue.update(actor, id(ctx, "id"), new CatalogueService.ProductPatch(
                            b.optionalText("title", 200), b.optionalText("description", 10_000),
                            b.optionalText("category", 64), status, changes, added)));
                });
        route(HandlerType.GET, "/categories", "catalogue", "Product categories", ANYONE, null, 200,
                array(object().req("slug", string()).req("name", string()).req("nameZh", string())), List.of(),
                (actor, ctx) -> Views.list(catalogue.categories(), c -> Views.object().put("slug", c.slug())
                        .put("name", c.name()).put("nameZh", c.nameZh())));
        route(HandlerType.GET, "/merchant/products", "catalogue", "The signed-in merchant's own products",
                MERCHANT, null, 200, Views.pageSchema(Views.productSchema()),
                List.of(new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> Views.page(catalogue.listOwn(actor, intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), Views::product));
    }

    private static CatalogueService.VariantInput variantInput(Body v) {
        v.only("sku", "price", "stock", "attributes");
        return new CatalogueService.VariantInput(v.text("sku", 1, 64), money(v.object("price")),
                (int) v.integer("stock", 0, 1_000_000), v.stringMap("attributes", 20));
    }

    static Money money(Body b) {
        b.only("amount", "currency");
        long amount = b.integer("amount", 0, 1_000_000_000_000L);
        String currency = b.text("currency", 3, 3);
        if (!currency.matches("[A-Z]{3}")) {
            throw ApiError.invalid(b.path() + ".currency", "must be an ISO 4217 code like CNY");
        }
        return Money.of(amount, currency);
    }

    // ---- cart ----

    private void cart() {
        var carts = commerce.carts();
        route(HandlerType.GET, "/cart", "cart", "The buyer's cart", BUYER, null, 200, Views.cartSchema(), List.of(),
                (actor, ctx) -> Views.cart(carts.get(actor)));
        route(HandlerType.POST, "/cart/items", "cart", "Add a SKU to the cart", BUYER,
                object().req("sku", string(1, 64)).req("quantity", integer(1, 99)), 201, Views.cartItemSchema(),
                List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("sku", "quantity");
                    return Views.cartItem(carts.add(actor, b.text("sku", 1, 64), (int) b.integer("quantity", 1, 99)));
                });
        route(HandlerType.PATCH, "/cart/items/{id}", "cart", "Change a line's quantity", BUYER,
                object().req("quantity", integer(1, 99)), 200, Views.cartItemSchema(), List.of(pathId("id")),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("quantity");
                    return Views.cartItem(carts.update(actor, id(ctx, "id"), (int) b.integer("quantity", 1, 99)));
                });
        route(HandlerType.DELETE, "/cart/items/{id}", "cart", "Remove a line", BUYER, null, 204, null,
                List.of(pathId("id")), (actor, ctx) -> {
                    carts.remove(actor, id(ctx, "id"));
                    return null;
                });
    }

    // ---- orders ----

    private void orders() {
        OrderService orders = commerce.orders();
        Schema address = object().req("name", string(1, 100)).req("line1", string(1, 200))
                .opt("line2", string(0, 200)).req("city", string(1, 100)).req("region", string(0, 64))
                .req("postcode", string(0, 20)).req("country", string(2, 2)).req("phone", string(3, 32));
        route(HandlerType.POST, "/orders", "orders",
                "Check out the cart: one order per merchant, stock reserved, prices snapshotted", BUYER,
                object().req("shippingAddress", address).opt("couponCode", string(3, 32)
                        .describe("a coupon to redeem (case-insensitive); 409 naming couponCode if it cannot be")),
                201, object().req("orders", array(Views.orderSchema())), List.of(IDEMPOTENCY), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("shippingAddress", "couponCode");
                    Body a = b.object("shippingAddress").only("name", "line1", "line2", "city", "region", "postcode",
                            "country", "phone");
                    OrderService.ShippingAddress addr = new OrderService.ShippingAddress(a.text("name", 1, 100),
                            a.text("line1", 1, 200), a.optionalText("line2", 200), a.text("city", 1, 100),
                            a.text("region", 0, 64), a.text("postcode", 0, 20), a.text("country", 2, 2),
                            a.text("phone", 3, 32));
                    List<OrderService.Order> made = orders.checkout(actor, new OrderService.CheckoutRequest(addr,
                            b.optionalText("couponCode", 32)), idempotencyKey(ctx));
                    ObjectNode out = Views.object();
                    out.set("orders", Views.list(made, Views::order));
                    return out;
                });
        route(HandlerType.GET, "/orders", "orders", "Orders the signed-in account may see (a buyer's own, a "
                        + "merchant's own, every order for admins), newest first, optionally only those in one state",
                SIGNED_IN, null, 200, Views.pageSchema(Views.orderSchema()),
                List.of(new Route.Param("state", "query", false, enumOf(orderStates()), "default: every state"),
                        new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> Views.page(orders.list(actor, orderState(ctx), intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), Views::order));
        route(HandlerType.GET, "/orders/{id}", "orders", "An order, with its ledger transactions", SIGNED_IN, null,
                200, Views.orderSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.order(orders.get(actor, id(ctx, "id"))));
        route(HandlerType.POST, "/orders/{id}/pay", "orders", "Pay by card; funds are locked in escrow on the ledger",
                BUYER, object().req("cardNumber", string(12, 19)), 200, Views.orderSchema(),
                List.of(pathId("id"), IDEMPOTENCY), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("cardNumber");
                    String card = b.text("cardNumber", 12, 19);
                    if (!card.matches("[0-9]{12,19}")) {
                        throw ApiError.invalid("cardNumber", "must be 12-19 digits");
                    }
                    // The client's address and User-Agent (the only device hint the API has) feed fraud screening.
                    return Views.order(orders.pay(actor, id(ctx, "id"), new OrderService.PaymentRequest(card,
                            ctx.ip(), ctx.header("User-Agent")), idempotencyKey(ctx)));
                });
        route(HandlerType.POST, "/orders/{id}/ship", "orders", "Ship a paid order (its merchant)", MERCHANT,
                object().req("carrier", string(1, 64)).req("trackingNumber", string(1, 64)), 200,
                Views.orderSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("carrier", "trackingNumber");
                    return Views.order(orders.ship(actor, id(ctx, "id"), new OrderService.ShipRequest(
                            b.text("carrier", 1, 64), b.text("trackingNumber", 1, 64))));
                });
        route(HandlerType.POST, "/orders/{id}/shipment-events", "orders",
                "Record a carrier event (its merchant, or an admin); 'delivered' makes the order delivered",
                MERCHANT_OR_ADMIN, SHIPMENT_EVENT, 200, Views.orderSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.order(orders.addShipmentEvent(actor, id(ctx, "id"),
                        shipmentEvent(Body.parse(ctx.body())))));
        route(HandlerType.POST, "/orders/{id}/confirm", "orders",
                "Confirm receipt (the buyer); escrow is released to the merchant", BUYER, null, 200,
                Views.orderSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.order(orders.confirm(actor, id(ctx, "id"))));
        route(HandlerType.POST, "/orders/{id}/cancel", "orders",
                "Cancel before shipping (buyer or merchant); a paid order is refunded from escrow", BUYER_OR_MERCHANT,
                object().opt("reason", string(0, 500)), 200, Views.orderSchema(), List.of(pathId("id")),
                (actor, ctx) -> {
                    String reason = null;
                    if (!ctx.body().isBlank()) {
                        reason = Body.parse(ctx.body()).only("reason").optionalText("reason", 500);
                    }
                    return Views.order(orders.cancel(actor, id(ctx, "id"), reason));
                });
    }

    private static String[] orderStates() {
        return Arrays.stream(OrderState.values()).map(OrderState::wire).toArray(String[]::new);
    }

    /** The orders list's optional state filter. */
    private static OrderState orderState(Context ctx) {
        String raw = ctx.queryParam("state");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (OrderState s : OrderState.values()) {
            if (s.wire().equals(raw)) {
                return s;
            }
        }
        throw ApiError.invalid("state", "must be one of " + String.join(", ", orderStates()));
    }

    // ---- promotions ----

    private static final Route.Param COUPON_CODE = new Route.Param("code", "path", true, string(3, 32),
            "coupon code (case-insensitive)");

    private void promotions() {
        PromotionService promotions = commerce.promotions();
        route(HandlerType.POST, "/coupons", "promotions",
                "Issue a coupon for the merchant's own goods: percentOff or amountOff (minor units), in one currency",
                MERCHANT, object().req("code", string(3, 32).describe("A-Z 0-9 - _, case-insensitive, unique"))
                        .opt("percentOff", integer(1, 100)).opt("amountOff", integer(1, 1_000_000_000_000L))
                        .req("currency", string(3, 3))
                        .opt("minimumSpend", integer(0, 1_000_000_000_000L).describe("minor units; default 0"))
                        .opt("validFrom", string().with("format", "date-time").describe("default now"))
                        .opt("validUntil", string().with("format", "date-time").describe("exclusive; default none"))
                        .opt("totalLimit", integer(1, 1_000_000_000).describe("default none"))
                        .opt("perAccountLimit", integer(1, 1_000).describe("default 1")),
                201, Views.couponSchema(), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("code", "percentOff", "amountOff", "currency", "minimumSpend",
                            "validFrom", "validUntil", "totalLimit", "perAccountLimit");
                    Long percent = b.optionalInteger("percentOff", 1, 100);
                    Long total = b.optionalInteger("totalLimit", 1, 1_000_000_000);
                    Long perAccount = b.optionalInteger("perAccountLimit", 1, 1_000);
                    return Views.coupon(promotions.create(actor, new PromotionService.CouponInput(
                            b.text("code", 1, 32), percent == null ? null : percent.intValue(),
                            b.optionalInteger("amountOff", 1, 1_000_000_000_000L), b.text("currency", 3, 3),
                            b.optionalInteger("minimumSpend", 0, 1_000_000_000_000L), instant(b, "validFrom"),
                            instant(b, "validUntil"), total == null ? null : total.intValue(),
                            perAccount == null ? null : perAccount.intValue())));
                });
        route(HandlerType.GET, "/coupons", "promotions", "The signed-in merchant's coupons, newest first", MERCHANT,
                null, 200, Views.pageSchema(Views.couponSchema()),
                List.of(new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> Views.page(promotions.listOwn(actor, intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), Views::coupon));
        route(HandlerType.GET, "/coupons/{code}", "promotions", "One of the merchant's coupons, with its redemptions",
                MERCHANT, null, 200, Views.couponSchema(), List.of(COUPON_CODE),
                (actor, ctx) -> Views.coupon(promotions.get(actor, ctx.pathParam("code"))));
        route(HandlerType.POST, "/coupons/{code}/deactivation", "promotions",
                "Withdraw a coupon (its merchant): no more redemptions; placed orders keep their discount", MERCHANT,
                null, 200, Views.couponSchema(), List.of(COUPON_CODE),
                (actor, ctx) -> Views.coupon(promotions.deactivate(actor, ctx.pathParam("code"))));
        route(HandlerType.GET, "/cart/coupons/{code}", "promotions",
                "What a coupon would take off the buyer's cart now (a preview; checkout enforces the limits)", BUYER,
                null, 200, Views.quoteSchema(), List.of(COUPON_CODE),
                (actor, ctx) -> Views.quote(promotions.preview(actor, ctx.pathParam("code"))));
    }

    /** An optional ISO-8601 instant field. */
    private static Instant instant(Body b, String field) {
        if (!b.has(field)) {
            return null;
        }
        try {
            return Instant.parse(b.text(field));
        } catch (DateTimeParseException e) {
            throw ApiError.invalid(field, "must be an ISO-8601 instant like 2026-01-31T12:00:00Z");
        }
    }

    // ---- reviews ----

    private void reviews() {
        ReviewService reviews = commerce.reviews();
        route(HandlerType.GET, "/products/{id}/reviews", "reviews",
                "A product's reviews, newest first, with the average rating (a token optionally: an admin also sees "
                        + "hidden reviews, a buyer their own)", ANYONE, null, 200,
                ReviewViews.productReviewsSchema(),
                List.of(pathId("id"), new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> ReviewViews.productReviews(reviews.list(optionalActor(ctx), id(ctx, "id"),
                        intParam(ctx, "page", 0, 0, 10_000), intParam(ctx, "size", 20, 1, 100))));
        route(HandlerType.POST, "/products/{id}/reviews", "reviews",
                "Review a product the buyer received (once per order); its commitment is recorded on the ledger",
                BUYER, object().opt("orderId", integer(1, Long.MAX_VALUE)
                                .describe("which delivered order; needed only when several are unreviewed"))
                        .req("rating", integer(1, 5)).opt("title", string(0, 120)).req("text", string(1, 5000))
                        .opt("displayName", string(1, 40).describe("how the author appears; a pseudonym if absent")),
                201, ReviewViews.reviewSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("orderId", "rating", "title", "text", "displayName");
                    return ReviewViews.review(reviews.publish(actor, id(ctx, "id"), new ReviewService.NewReview(
                            b.optionalInteger("orderId", 1, Long.MAX_VALUE), (int) b.integer("rating", 1, 5),
                            optionalString(b, "title"), b.text("text"), optionalString(b, "displayName"))));
                });
        route(HandlerType.PATCH, "/reviews/{id}", "reviews",
                "Edit one's review: a new version, committed on the ledger; earlier versions stay listed (the author)",
                BUYER, object().opt("rating", integer(1, 5))
                        .opt("title", string(0, 120).describe("an empty title removes it")).opt("text", string(1, 5000)),
                200, ReviewViews.reviewSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("rating", "title", "text");
                    Long rating = b.optionalInteger("rating", 1, 5);
                    return ReviewViews.review(reviews.edit(actor, id(ctx, "id"), new ReviewService.ReviewEdit(
                            rating == null ? null : rating.intValue(), optionalString(b, "title"),
                            optionalString(b, "text"))));
                });
        route(HandlerType.POST, "/reviews/{id}/moderation", "reviews",
                "Hide a review or show it again, with a public reason recorded on the ledger; its words are never "
                        + "changed (admins)", ADMIN,
                object().req("action", enumOf("hide", "unhide")).req("reason", string(1, 500)), 200,
                ReviewViews.reviewSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("action", "reason");
                    boolean visible = switch (b.text("action")) {
                        case "hide" -> false;
                        case "unhide" -> true;
                        default -> throw ApiError.invalid("action", "must be hide or unhide");
                    };
                    return ReviewViews.review(reviews.moderate(actor, id(ctx, "id"),
                            new ReviewService.Moderation(visible, b.text("reason"))));
                });
        route(HandlerType.GET, "/reviews/{id}/proof", "reviews",
                "Check a review against the ledger: intact, altered, missing or unrecorded, with each version's "
                        + "commitment and the inclusion proof of its transaction (a hidden review's words are shown "
                        + "only to its author and admins)", ANYONE, null, 200, ReviewViews.proofSchema(),
                List.of(pathId("id")),
                (actor, ctx) -> ReviewViews.proof(reviews.verify(optionalActor(ctx), id(ctx, "id")),
                        tx -> ledger.proof(Hash.fromHex(tx)).map(LedgerJson::proof)));
        route(HandlerType.GET, "/products/{id}/reviews/proof", "reviews",
                "Check that the platform stores exactly the reviews of a product that the ledger recorded", ANYONE,
                null, 200, ReviewViews.productProofSchema(), List.of(pathId("id")),
                (actor, ctx) -> ReviewViews.productProof(reviews.verifyProduct(id(ctx, "id"))));
    }

    /** A string field that may be absent (or null); its limits are the service's to check, naming the field. */
    private static String optionalString(Body b, String field) {
        return b.has(field) ? b.text(field) : null;
    }

    /**
     * The actor on a public route that shows more to some: none without an Authorization header, and a bad token is
     * refused rather than silently treated as none.
     */
    private Actor optionalActor(Context ctx) {
        String auth = ctx.header("Authorization");
        return auth == null ? null : commerce.accounts().authenticate(BearerToken.of(auth));
    }

    private static final Schema SHIPMENT_EVENT = object()
            .req("kind", enumOf("picked_up", "in_transit", "delivered")).opt("location", string(0, 200))
            .opt("occurredAt", string().with("format", "date-time"));

    private static OrderService.ShipmentEventRequest shipmentEvent(Body b) {
        b.only("kind", "location", "occurredAt");
        String kind = b.text("kind");
        if (!Set.of("picked_up", "in_transit", "delivered").contains(kind)) {
            throw ApiError.invalid("kind", "must be picked_up, in_transit or delivered");
        }
        Instant at = null;
        if (b.has("occurredAt")) {
            try {
                at = Instant.parse(b.text("occurredAt"));
            } catch (DateTimeParseException e) {
                throw ApiError.invalid("occurredAt", "must be an ISO-8601 instant like 2026-01-31T12:00:00Z");
            }
        }
        return new OrderService.ShipmentEventRequest(kind, b.optionalText("location", 200), at);
    }

    // ---- disputes ----

    private void disputes() {
        DisputeService disputes = commerce.disputes();
        route(HandlerType.POST, "/orders/{id}/disputes", "disputes",
                "Dispute a paid, shipped or delivered order (or a completed one whose return was refused); funds stay "
                        + "in escrow while arbiters decide", BUYER,
                object().req("reason", string(1, 2000)).opt("evidence", array(string(1, 500))
                        .describe("up to 10 texts or URLs")), 201, Views.disputeSchema(), List.of(pathId("id")),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("reason", "evidence");
                    return Views.dispute(disputes.open(actor, id(ctx, "id"), new DisputeService.Claim(
                            b.text("reason", 1, 2000), b.texts("evidence", 10, 500))));
                });
        route(HandlerType.GET, "/disputes", "disputes",
                "Disputes the signed-in account may see (an arbiter's: those it is appointed to), newest first",
                SIGNED_IN, null, 200, Views.pageSchema(Views.disputeSchema()),
                List.of(new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> Views.page(disputes.list(actor, intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), Views::dispute));
        route(HandlerType.GET, "/disputes/{id}", "disputes",
                "A dispute: claim, panel, votes, C per outcome, threshold, verdict, ledger transactions (its buyer, "
                        + "the order's merchant, its arbiters, admins)", SIGNED_IN, null, 200, Views.disputeSchema(),
                List.of(pathId("id")), (actor, ctx) -> Views.dispute(disputes.get(actor, id(ctx, "id"))));
        route(HandlerType.POST, "/disputes/{id}/votes", "disputes",
                "Vote as an appointed arbiter (signed with the arbiter's own ledger key); the vote that decides the "
                        + "dispute carries out the verdict", ARBITER,
                object().req("outcome", enumOf("refund", "release"))
                        .opt("amount", Views.moneySchema().describe("the refund; refund votes only")),
                200, Views.disputeSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("outcome", "amount");
                    String outcome = b.text("outcome");
                    if (!outcome.equals("refund") && !outcome.equals("release")) {
                        throw ApiError.invalid("outcome", "must be refund or release");
                    }
                    Money amount = b.has("amount") ? money(b.object("amount")) : null;
                    return Views.dispute(disputes.vote(actor, id(ctx, "id"),
                            new DisputeService.VoteRequest(outcome, amount)));
                });
        route(HandlerType.POST, "/disputes/{id}/withdrawal", "disputes",
                "Withdraw an open dispute (its buyer); the order goes back to where it was", BUYER, null, 200,
                Views.disputeSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.dispute(disputes.withdraw(actor, id(ctx, "id"))));
    }

    // ---- returns ----

    private void returns() {
        ReturnService returns = commerce.returns();
        route(HandlerType.POST, "/orders/{id}/returns", "returns",
                "Ask to return units of a delivered or completed order's lines within the return window", BUYER,
                object().req("lines", array(object().req("lineNo", integer(0, 10_000)
                                .describe("0-based position in the order's lines")).req("quantity", integer(1, 99))))
                        .req("reason", string(1, 1000)),
                201, Views.returnSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("lines", "reason");
                    List<ReturnService.LineRequest> lines = new ArrayList<>();
                    for (Body l : b.objects("lines", 1, 50)) {
                        l.only("lineNo", "quantity");
                        lines.add(new ReturnService.LineRequest((int) l.integer("lineNo", 0, 10_000),
                                (int) l.integer("quantity", 1, 99)));
                    }
                    return Views.returnView(returns.request(actor, id(ctx, "id"),
                            new ReturnService.ReturnRequest(lines, b.text("reason", 1, 1000))));
                });
        route(HandlerType.GET, "/orders/{id}/returns", "returns", "An order's returns, oldest first", SIGNED_IN, null,
                200, array(Views.returnSchema()), List.of(pathId("id")),
                (actor, ctx) -> Views.list(returns.forOrder(actor, id(ctx, "id")), Views::returnView));
        route(HandlerType.GET, "/returns/{id}", "returns", "A return", SIGNED_IN, null, 200, Views.returnSchema(),
                List.of(pathId("id")), (actor, ctx) -> Views.returnView(returns.get(actor, id(ctx, "id"))));
        route(HandlerType.POST, "/returns/{id}/decision", "returns",
                "Approve or refuse a requested return (the order's merchant); a refusal needs a reason and may be "
                        + "disputed", MERCHANT, object().req("approve", Schema.bool()).opt("reason", string(0, 1000)),
                200, Views.returnSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("approve", "reason");
                    return Views.returnView(returns.decide(actor, id(ctx, "id"),
                            new ReturnService.Decision(b.bool("approve"), b.optionalText("reason", 1000))));
                });
        route(HandlerType.POST, "/returns/{id}/shipment", "returns",
                "Ship an approved return back (its buyer); recorded with the shipment contract", BUYER,
                object().req("carrier", string(1, 64)).req("trackingNumber", string(1, 64)), 200,
                Views.returnSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("carrier", "trackingNumber");
                    return Views.returnView(returns.ship(actor, id(ctx, "id"), new OrderService.ShipRequest(
                            b.text("carrier", 1, 64), b.text("trackingNumber", 1, 64))));
                });
        route(HandlerType.POST, "/returns/{id}/shipment/events", "returns",
                "Record a carrier event of the return (the order's merchant, or an admin); 'delivered' means the "
                        + "merchant received the goods and refunds the buyer", MERCHANT_OR_ADMIN, SHIPMENT_EVENT, 200,
                Views.returnSchema(), List.of(pathId("id")),
                (actor, ctx) -> Views.returnView(returns.addShipmentEvent(actor, id(ctx, "id"),
                        shipmentEvent(Body.parse(ctx.body())))));
    }

    // ---- ledger ----

    private void ledgerRoutes() {
        LedgerVerification verification = new LedgerVerification(ledger.layout().dir(),
                new LedgerVerifier(Contracts.runtime(), Signatures.fastest()), InstantSource.system());
        routes.addAll(new LedgerRoutes(ledger, verification, platformOrganisation).routes());
    }

    // ---- validators ----

    private static final List<Route.Param> SIGNED_BY_ORGANISATION = List.of(
            new Route.Param(OrganisationSignature.ORGANISATION, "header", true, string(1, 64),
                    "the validator's organisation, as named in the genesis block"),
            new Route.Param(OrganisationSignature.TIMESTAMP, "header", true, integer(),
                    "epoch milliseconds, within a minute of the platform's clock"),
            new Route.Param(OrganisationSignature.SIGNATURE, "header", true, string(86, 90),
                    "base64 Ed25519 signature by the organisation's genesis key over 'trustmall-organisation-request/"
                            + "v1', the method, the path with its query and the timestamp, joined by newlines"));

    /** The organisation that signed this request (not a user account: validators are organisations). */
    private String organisation(Context ctx) {
        String query = ctx.queryString();
        return organisations.authenticate(ctx.method().name(), ctx.path() + (query == null ? "" : "?" + query),
                ctx.header(OrganisationSignature.ORGANISATION), ctx.header(OrganisationSignature.TIMESTAMP),
                ctx.header(OrganisationSignature.SIGNATURE));
    }

    /**
     * What the consortium's validators re-execute (issue 9, item 6): no user token, a signature by an organisation's
     * ledger key instead; decision data only, never personal data.
     */
    private void validators() {
        RiskService risk = commerce.risk();
        List<Route.Param> listParams = new ArrayList<>(SIGNED_BY_ORGANISATION);
        listParams.add(new Route.Param("after", "query", false, integer(0, Long.MAX_VALUE), "order id to list after"));
        listParams.add(new Route.Param("limit", "query", false, integer(1, 100), "default 100"));
        route(HandlerType.GET, "/validator/risk/decisions", "validators",
                "Risk decisions waiting for the signing organisation's re-execution vote, by order id", ANYONE, null,
                200, object().req("organisation", string()).req("decisions", array(object()
                        .req("orderId", integer()).req("order", string()).req("transactionId", string())
                        .req("modelSha256", string()))), listParams, (actor, ctx) -> {
                    String org = organisation(ctx);
                    String rawAfter = ctx.queryParam("after");
                    long after;
                    try {
                        after = rawAfter == null || rawAfter.isEmpty() ? 0 : Long.parseLong(rawAfter);
                        if (after < 0) {
                            throw new NumberFormatException();
                        }
                    } catch (NumberFormatException e) {
                        throw ApiError.invalid("after", "must be an order id (0 or more)");
                    }
                    ObjectNode out = Views.object().put("organisation", org);
                    var list = out.putArray("decisions");
                    for (RiskService.PendingVote p : risk.pendingVotes(org, after, intParam(ctx, "limit", 100, 1,
                            100))) {
                        list.addObject().put("orderId", p.orderId()).put("order", p.order())
                                .put("transactionId", p.transactionId()).put("modelSha256", p.modelSha256());
                    }
                    return out;
                });
        List<Route.Param> oneParams = new ArrayList<>(SIGNED_BY_ORGANISATION);
        oneParams.add(pathId("orderId"));
        route(HandlerType.GET, "/validator/risk/decisions/{orderId}", "validators",
                "A decision's feature vector and the salt of its commitment, for one of its validators", ANYONE, null,
                200, RiskViews.disclosureSchema(), oneParams,
                (actor, ctx) -> RiskViews.disclosure(risk.discloseTo(organisation(ctx), id(ctx, "orderId"))));
        List<Route.Param> modelParams = new ArrayList<>(SIGNED_BY_ORGANISATION);
        modelParams.add(new Route.Param("hash", "path", true, string(64, 64), "the artifact's SHA-256 (hex)"));
        route(HandlerType.GET, "/validator/risk/models/{hash}", "validators",
                "A registered risk model's artifact by its SHA-256, base64", ANYONE, null, 200,
                object().req("sha256", string()).req("artifact", string()), modelParams, (actor, ctx) -> {
                    organisation(ctx);
                    String sha = ctx.pathParam("hash");
                    if (!sha.matches("[0-9a-f]{64}")) {
                        throw ApiError.invalid("hash", "must be 64 lower-case hex digits");
                    }
                    ModelRegistry registry = commerce.riskModels().registry();
                    ModelRegistry.Registration r = registry.list(null).stream()
                            .filter(m -> m.artifactSha256().equals(sha)).findFirst()
                            .orElseThrow(() -> new CommerceException.NotFound("risk model", sha));
                    byte[] bytes;
                    try {
                        bytes = Files.readAllBytes(registry.artifactPath(r.id()));
                    } catch (IOException e) {
                        throw new CommerceException.NotFound("risk model artifact", sha);
                    }
                    // Served as stored: the validator checks the hash itself, which is the point.
                    return Views.object().put("sha256", sha).put("artifact",
                            Base64.getEncoder().encodeToString(bytes));
                });
    }

    // ---- risk ----

    private void risk() {
        RiskService risk = commerce.risk();
        route(HandlerType.GET, "/orders/{id}/risk", "risk",
                "The fraud-risk decision on your own order: score, threshold, outcome, its ledger transaction (with "
                        + "the proof's address and the feature vector's commitment) and the largest contributions in "
                        + "plain words; anyone else's order is not found", BUYER, null, 200,
                RiskViews.decisionSchema(), List.of(pathId("id")),
                (actor, ctx) -> RiskViews.decision(risk.decision(actor, id(ctx, "id"))));
        route(HandlerType.POST, "/orders/{id}/risk/review-request", "risk",
                "Ask for a person to review the automated decision on your own order (PIPL Art. 24); recorded on "
                        + "the ledger, once", BUYER, object().opt("note", string(0, 1000)), 200,
                RiskViews.decisionSchema(), List.of(pathId("id")), (actor, ctx) -> {
                    String note = null;
                    if (!ctx.body().isBlank()) {
                        note = Body.parse(ctx.body()).only("note").optionalText("note", 1000);
                    }
                    return RiskViews.decision(risk.requestReview(actor, id(ctx, "id"), note));
                });
        route(HandlerType.GET, "/admin/risk/reviews", "risk",
                "Held orders and requested reviews waiting for a person, oldest first (admins)", ADMIN, null, 200,
                array(RiskViews.queueEntrySchema()), List.of(),
                (actor, ctx) -> Views.list(risk.reviews(actor), RiskViews::queueEntry));
        route(HandlerType.POST, "/admin/risk/reviews/{orderId}", "risk",
                "Review a queued decision (admins): release lets the order's escrow be released; cancel refunds the "
                        + "buyer in full from escrow", ADMIN,
                object().req("action", enumOf("release", "cancel")).opt("note", string(0, 500)), 200,
                RiskViews.decisionSchema(), List.of(pathId("orderId")), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("action", "note");
                    return RiskViews.decision(risk.review(actor, id(ctx, "orderId"), b.text("action", 1, 16),
                            b.optionalText("note", 500)));
                });
        route(HandlerType.POST, "/admin/risk/chargebacks/{orderId}", "risk",
                "Record a chargeback the payment provider reported on an order, on the ledger (admins)", ADMIN, null,
                200, RiskViews.decisionSchema(), List.of(pathId("orderId")),
                (actor, ctx) -> RiskViews.decision(risk.reportChargeback(actor, id(ctx, "orderId"))));
        route(HandlerType.GET, "/me/credit", "risk",
                "Your credit score from the ledger's history, with its reasons: pay-later for buyers, payout terms "
                        + "for merchants", BUYER_OR_MERCHANT, null, 200, RiskViews.creditSchema(), List.of(),
                (actor, ctx) -> RiskViews.credit(risk.credit(actor)));
        route(HandlerType.GET, "/admin/credit/{accountId}", "risk", "A buyer's or merchant's credit score (admins)",
                ADMIN, null, 200, RiskViews.creditSchema(), List.of(pathId("accountId")),
                (actor, ctx) -> RiskViews.credit(risk.credit(actor, id(ctx, "accountId"))));
    }

    // ---- admin ----

    private void admin() {
        route(HandlerType.POST, "/admin/arbiters", "admin", "Appoint an account as arbiter (admins)", ADMIN,
                object().req("accountId", integer(1, Long.MAX_VALUE)), 200, Views.accountSchema(), List.of(),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("accountId");
                    return Views.account(commerce.accounts().appointArbiter(actor,
                            b.integer("accountId", 1, Long.MAX_VALUE)));
                });
        route(HandlerType.POST, "/admin/agents", "admin", "Appoint a buyer account as customer-service agent: it "
                        + "then answers handed-off conversations and sees no orders (admins)", ADMIN,
                object().req("accountId", integer(1, Long.MAX_VALUE)), 200, Views.accountSchema(), List.of(),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("accountId");
                    return Views.account(commerce.accounts().appointAgent(actor,
                            b.integer("accountId", 1, Long.MAX_VALUE)));
                });
        route(HandlerType.GET, "/admin/outbox", "admin", "Recent notifications the embedded outbox holds (admins)",
                ADMIN, null, 200, array(object().req("id", integer()).req("recipient", string())
                        .req("subject", string()).req("body", string()).req("createdAt", string())),
                List.of(new Route.Param("limit", "query", false, integer(1, 200), "default 50")),
                (actor, ctx) -> Views.list(commerce.notifier().recent(intParam(ctx, "limit", 50, 1, 200)),
                        m -> Views.object().put("id", m.id()).put("recipient", m.recipient()).put("subject", m.subject())
                                .put("body", m.body()).put("createdAt", m.createdAt().toString())));
    }

    /** The console's model registry and dataset lineage, read from the ledger's registries. */
    private void provenance() {
        route(HandlerType.GET, "/admin/models", "admin",
                "Every registered model version (recommender and fraud-risk): hash, metrics, parameters, the "
                        + "snapshot it was trained on, its ledger transaction and proof, and whether it serves now "
                        + "(admins)", ADMIN, null, 200, ProvenanceViews.modelsSchema(), List.of(),
                (actor, ctx) -> ProvenanceViews.models(commerce.models().list(null),
                        commerce.trainingSnapshots().registered(), deployed()));
        route(HandlerType.GET, "/admin/datasets", "admin",
                "Dataset lineage: every registered training snapshot (Merkle root, counts, source, consent policy, "
                        + "ledger transaction and proof), what superseded it, and the models trained on it (admins)",
                ADMIN, null, 200, ProvenanceViews.datasetsSchema(), List.of(),
                (actor, ctx) -> ProvenanceViews.datasets(commerce.trainingSnapshots().registered(),
                        commerce.models().list(null)));
    }

    private ProvenanceViews.Deployed deployed() {
        return new ProvenanceViews.Deployed(commerce.recommendations().deployedModel(),
                commerce.riskModels().deployedId());
    }

    private void payouts() {
        PayoutService payouts = commerce.payouts();
        Route.Param currency = new Route.Param("currency", "query", true, string(3, 3), "ISO 4217 code");
        Route.Param page = new Route.Param("page", "query", false, integer(0, 10_000), "from 0");
        Route.Param size = new Route.Param("size", "query", false, integer(1, 100), "default 20");
        route(HandlerType.GET, "/merchants/{id}/statement", "payouts",
                "A merchant's balance and statement: every release, refund after release and payout, each naming its "
                        + "ledger transaction (the merchant itself, or admins)", MERCHANT_OR_ADMIN, null, 200,
                SettlementViews.statementSchema(), List.of(pathId("id"), currency, page, size),
                (actor, ctx) -> SettlementViews.statement(payouts.statement(actor, id(ctx, "id"),
                        requiredQuery(ctx, "currency"), intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100))));
        route(HandlerType.POST, "/payouts", "payouts",
                "Pay out the balance (all of it without an amount): recorded on the ledger, then sent", MERCHANT,
                object().req("currency", string(3, 3)).opt("amount", integer(1, Long.MAX_VALUE)), 201,
                SettlementViews.payoutSchema(), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("currency", "amount");
                    return SettlementViews.payout(payouts.requestPayout(actor, b.text("currency", 3, 3),
                            b.optionalInteger("amount", 1, Long.MAX_VALUE)));
                });
        route(HandlerType.GET, "/merchants/{id}/payouts", "payouts", "A merchant's payouts, newest first",
                MERCHANT_OR_ADMIN, null, 200, Views.pageSchema(SettlementViews.payoutSchema()),
                List.of(pathId("id"), page, size),
                (actor, ctx) -> Views.page(payouts.payouts(actor, id(ctx, "id"), intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), SettlementViews::payout));
        route(HandlerType.PUT, "/payouts/schedule", "payouts",
                "Pay out the whole balance every intervalDays once it reaches minimum (replaces any schedule)",
                MERCHANT, object().req("currency", string(3, 3)).req("intervalDays", integer(1, 90))
                        .req("minimum", integer(0, Long.MAX_VALUE)), 200, SettlementViews.scheduleSchema(), List.of(),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("currency", "intervalDays", "minimum");
                    return SettlementViews.schedule(payouts.schedule(actor, b.text("currency", 3, 3),
                            (int) b.integer("intervalDays", 1, 90), b.integer("minimum", 0, Long.MAX_VALUE)));
                });
        route(HandlerType.DELETE, "/payouts/schedule", "payouts", "Stop scheduled payouts", MERCHANT, null, 204,
                null, List.of(), (actor, ctx) -> {
                    payouts.cancelSchedule(actor);
                    return null;
                });
    }

    private void me() {
        ConsentService consents = commerce.consents();
        Schema consent = object().req("purpose", enumOf(ConsentService.PURPOSES.toArray(String[]::new)))
                .req("granted", Schema.bool()).req("byDefault", Schema.bool()
                        .describe("never chosen: personalisation is on by default, the others off"))
                .req("version", integer()).opt("transactionId", string()).opt("proof", string())
                .opt("recordedAt", string().with("format", "date-time"));
        route(HandlerType.GET, "/me/consents", "privacy", "The signed-in person's consents, each version on the "
                + "ledger", SIGNED_IN, null, 200, array(consent), List.of(),
                (actor, ctx) -> Views.list(consents.list(actor), Api::consentView));
        route(HandlerType.PUT, "/me/consents/{purpose}", "privacy",
                "Grant or withdraw consent to a purpose; recorded on the ledger and applied from the next request",
                SIGNED_IN, object().req("granted", Schema.bool()), 200, consent,
                List.of(new Route.Param("purpose", "path", true, enumOf(ConsentService.PURPOSES.toArray(String[]::new)),
                        "personalisation, marketing, analytics or external_ai")),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("granted");
                    return consentView(consents.set(actor, ctx.pathParam("purpose"), b.bool("granted")));
                });
    }

    private void privacy() {
        PrivacyService privacy = commerce.privacy();
        Schema entry = object().req("n", integer()).req("accessor", string()).req("purpose", string())
                .req("fields", array(string())).req("at", string().with("format", "date-time"))
                .req("height", integer()).req("transactionId", string()).req("proof", string());
        route(HandlerType.GET, "/me/access-log", "privacy",
                "Every read of the signed-in person's decrypted data — by whom, why, which fields — as recorded on "
                        + "the ledger, oldest first", SIGNED_IN, null, 200, array(entry),
                List.of(new Route.Param("from", "query", false, integer(1, Long.MAX_VALUE), "entry number, from 1"),
                        new Route.Param("limit", "query", false, integer(1, 500), "default 100")),
                (actor, ctx) -> Views.list(privacy.accessLog(actor, intParam(ctx, "from", 1, 1, Integer.MAX_VALUE),
                        intParam(ctx, "limit", 100, 1, 500)), Api::accessEntry));
        route(HandlerType.GET, "/me/export", "privacy",
                "All of the signed-in person's data as JSON: profile, orders with addresses, reviews, disputes and "
                        + "returns, consents, the access log, conversations — with the ledger proofs of the on-chain "
                        + "parts", SIGNED_IN, null, 200, object(), List.of(),
                (actor, ctx) -> exportView(privacy.export(actor)));
        route(HandlerType.POST, "/me/erasure", "privacy",
                "Erase the signed-in person (password required): their key is destroyed so nothing of theirs can be "
                        + "decrypted again, their rows are anonymised, a receipt goes to the ledger; refused while "
                        + "orders are in flight", SIGNED_IN, object().req("password", string(1, 200)), 200,
                object().req("accountId", integer()).req("transactionId", string()).req("height", integer())
                        .req("erasedAt", string().with("format", "date-time")).req("proof", string()),
                List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("password");
                    PrivacyService.ErasureReceipt r = privacy.erase(actor, b.text("password", 1, 200));
                    return Views.object().put("accountId", r.accountId()).put("transactionId", r.transactionId())
                            .put("height", r.height()).put("erasedAt", r.erasedAt().toString())
                            .put("proof", PREFIX + "/ledger/transactions/" + r.transactionId() + "/proof");
                });
        route(HandlerType.GET, "/orders/{id}/shipping-address", "orders",
                "The order's shipping address (its buyer, its merchant to ship it, admins); each read is recorded in "
                        + "the buyer's access log", SIGNED_IN, null, 200, object(), List.of(pathId("id")),
                (actor, ctx) -> {
                    ObjectNode o = Views.object();
                    commerce.orders().shippingAddress(actor, id(ctx, "id")).forEach(o::put);
                    return o;
                });
        KeyRotation keys = commerce.keyRotation();
        Schema status = object().req("primary", string()).req("versions", array(string()))
                .req("rewrapping", Schema.bool()).req("lastRewrapped", integer()).opt("lastError", string());
        route(HandlerType.GET, "/admin/keys", "admin", "The vault's key-encryption key versions (admins)", ADMIN,
                null, 200, status, List.of(), (actor, ctx) -> keyStatus(keys.status(actor)));
        route(HandlerType.POST, "/admin/keys/rotation", "admin",
                "A new key-encryption key version; every person's key is re-wrapped in the background (admins)", ADMIN,
                null, 200, status, List.of(), (actor, ctx) -> keyStatus(keys.rotate(actor)));
        route(HandlerType.POST, "/admin/keys/{version}/retirement", "admin",
                "Retire a key-encryption key version nothing uses any more (admins)", ADMIN, null, 200, status,
                List.of(new Route.Param("version", "path", true, string(1, 64), "a version from GET /admin/keys")),
                (actor, ctx) -> keyStatus(keys.retire(actor, ctx.pathParam("version"))));
        route(HandlerType.POST, "/admin/newsletter", "admin",
                "Send the marketing newsletter: only to buyers whose marketing consent stands (admins)", ADMIN,
                object().req("subject", string(1, 200)).req("body", string(1, 3000)), 200,
                object().req("sent", integer()).req("skipped", integer()), List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("subject", "body");
                    Newsletter.Sent sent = commerce.newsletter().send(actor, b.text("subject"), b.text("body"));
                    return Views.object().put("sent", sent.sent()).put("skipped", sent.skipped());
                });
    }

    private static ObjectNode keyStatus(KeyRotation.Status s) {
        ObjectNode o = Views.object().put("primary", s.primary());
        s.versions().forEach(o.putArray("versions")::add);
        o.put("rewrapping", s.rewrapping()).put("lastRewrapped", s.lastRewrapped());
        if (s.lastError() != null) {
            o.put("lastError", s.lastError());
        }
        return o;
    }

    private static ObjectNode accessEntry(PrivacyService.AccessEntry e) {
        ObjectNode o = Views.object().put("n", e.n()).put("accessor", e.accessor()).put("purpose", e.purpose());
        e.fields().forEach(o.putArray("fields")::add);
        return o.put("at", e.at().toString()).put("height", e.height()).put("transactionId", e.transactionId())
                .put("proof", PREFIX + "/ledger/transactions/" + e.transactionId() + "/proof");
    }

    /** The export, with the inclusion proof of every ledger transaction it names, once each. */
    private ObjectNode exportView(PrivacyService.Export x) {
        java.util.Set<String> transactions = new java.util.LinkedHashSet<>();
        ObjectNode out = Views.object().put("format", "trustmall-export/1").put("accountId", x.accountId())
                .put("role", x.role()).put("createdAt", x.createdAt().toString());
        ObjectNode profile = out.putObject("profile");
        x.profile().forEach(profile::put);
        var orders = out.putArray("orders");
        for (OrderService.Order o : x.orders()) {
            ObjectNode on = Views.order(o);
            ObjectNode address = on.putObject("shippingAddress");
            x.shippingAddresses().getOrDefault(o.id(), java.util.Map.of()).forEach(address::put);
            o.ledger().forEach(r -> transactions.add(r.transactionId()));
            orders.add(on);
        }
        var reviews = out.putArray("reviews");
        for (PrivacyService.ExportedReview r : x.reviews()) {
            ObjectNode rn = reviews.addObject().put("id", r.id()).put("productId", r.productId())
                    .put("orderId", r.orderId()).put("rating", r.rating()).put("title", r.title())
                    .put("text", r.text()).put("displayName", r.displayName()).put("version", r.version())
                    .put("ledgerId", r.ledgerId()).put("createdAt", r.createdAt().toString());
            rn.put("proof", PREFIX + "/reviews/" + r.id() + "/proof");
        }
        var cases = out.putArray("disputesAndReturns");
        x.cases().forEach(c -> cases.addObject().put("kind", c.kind()).put("id", c.id()).put("orderId", c.orderId())
                .put("state", c.state()).put("reason", c.reason()).put("openedAt", c.openedAt().toString()));
        var consentList = out.putArray("consents");
        for (ConsentService.Consent c : x.consents()) {
            consentList.add(consentView(c));
            if (c.transactionId() != null) {
                transactions.add(c.transactionId());
            }
        }
        var log = out.putArray("accessLog");
        for (PrivacyService.AccessEntry e : x.accessLog()) {
            log.add(accessEntry(e));
            transactions.add(e.transactionId());
        }
        var conversations = out.putArray("conversations");
        for (java.util.Map<String, String> c : x.conversations()) {
            ObjectNode cn = conversations.addObject();
            c.forEach(cn::put);
        }
        ObjectNode proofs = out.putObject("proofs");
        for (String tx : transactions) {
            ledger.proof(Hash.fromHex(tx)).ifPresent(p -> proofs.set(tx, LedgerJson.proof(p)));
        }
        return out;
    }

    private static ObjectNode consentView(ConsentService.Consent c) {
        ObjectNode o = Views.object().put("purpose", c.purpose()).put("granted", c.granted())
                .put("byDefault", c.byDefault()).put("version", c.version());
        if (c.transactionId() != null) {
            o.put("transactionId", c.transactionId()).put("proof", PREFIX + "/ledger/transactions/"
                    + c.transactionId() + "/proof");
        }
        if (c.recordedAt() != null) {
            o.put("recordedAt", c.recordedAt().toString());
        }
        return o;
    }

    // ---- insights ----

    private void insights() {
        InsightsService insights = commerce.insights();
        route(HandlerType.GET, "/merchants/me/insights", "insights",
                "The signed-in merchant's differential-privacy budget and the metrics it may ask for (free)", MERCHANT,
                null, 200, object().req("budget", InsightViews.budgetSchema()).req("metrics",
                        array(InsightViews.metrics())), List.of(), (actor, ctx) -> {
                    ObjectNode o = Views.object();
                    o.set("budget", InsightViews.budget(insights.budget(actor)));
                    var metrics = o.putArray("metrics");
                    for (InsightsService.Metric m : InsightsService.Metric.values()) {
                        metrics.add(m.wire());
                    }
                    return o;
                });
        route(HandlerType.GET, "/merchants/me/insights/{metric}", "insights",
                "A metric of the signed-in merchant's own sold orders with differential privacy: the true value plus "
                        + "discrete Laplace noise, spending epsilon from the merchant's budget (409 naming epsilon once "
                        + "it is spent)", MERCHANT, null, 200, InsightViews.answerSchema(),
                List.of(new Route.Param("metric", "path", true, InsightViews.metrics(),
                                "orders, units (capped per order), revenue (capped per order), buyers (distinct)"),
                        new Route.Param("epsilon", "query", true, string(1, 8),
                                "the ε to spend, a decimal from 0.01 to 1 by default; more ε, less noise"),
                        new Route.Param("from", "query", false, string().with("format", "date"),
                                "first UTC day of orders counted (default: 29 days before to)"),
                        new Route.Param("to", "query", false, string().with("format", "date"),
                                "last UTC day, inclusive (default: today)"),
                        new Route.Param("currency", "query", false, string(3, 3), "revenue only (default: the platform's currency)")),
                (actor, ctx) -> {
                    // Each answer spends budget: never let a cache answer it again or keep it.
                    ctx.header("Cache-Control", "no-store");
                    return InsightViews.answer(insights.ask(actor, new InsightsService.Question(
                            ctx.pathParam("metric"), dayParam(ctx, "from"), dayParam(ctx, "to"),
                            ctx.queryParam("epsilon"), ctx.queryParam("currency"))));
                });
    }

    // ---- recommendation events ----

    private void events() {
        EventService events = commerce.events();
        Schema event = object().req("id", integer()).req("productId", integer())
                .req("kind", enumOf(EventService.KINDS.toArray(String[]::new))).opt("rating", integer(1, 5))
                .req("occurredAt", string().with("format", "date-time"));
        route(HandlerType.POST, "/events", "recommendations",
                "Record what the signed-in buyer did with a product, for their recommendations: a view, a cart "
                        + "addition, a purchase or a rating (1-5, ratings only). Training takes a buyer's events only "
                        + "while their personalisation consent stands, and purchases from paid orders", BUYER,
                object().req("productId", integer(1, Long.MAX_VALUE))
                        .req("kind", enumOf(EventService.KINDS.toArray(String[]::new)))
                        .opt("rating", integer(1, 5).describe("required for a rating, absent otherwise")),
                201, event, List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("productId", "kind", "rating");
                    Long rating = b.optionalInteger("rating", 1, 5);
                    EventService.Event e = events.record(actor, b.integer("productId", 1, Long.MAX_VALUE),
                            b.text("kind"), rating == null ? null : rating.intValue());
                    ObjectNode o = Views.object().put("id", e.id()).put("productId", e.productId())
                            .put("kind", e.kind());
                    if (e.rating() != null) {
                        o.put("rating", e.rating());
                    }
                    return o.put("occurredAt", e.occurredAt().toString());
                });
    }

    // ---- customer-service assistant ----

    private void assistant(Assistant a) {
        Schema ledgerEntry = object().req("kind", string()).req("transactionId", string()).req("height", integer())
                .req("proof", Views.proofBundleSchema());
        Schema action = object().req("kind", string()).req("status", enumOf(Action.DONE, Action.PROPOSED,
                        Action.NOT_FOUND, Action.REFUSED, Action.FAILED))
                .req("details", Schema.mapOf(string())).req("ledger", array(ledgerEntry));
        Schema reply = object().req("conversationId", string()).req("lang", enumOf("en", "zh"))
                .req("reply", string())
                .opt("intent", string().describe("absent when the message was out of scope"))
                .req("confidence", Schema.number()).req("actions", array(action))
                .req("citations", array(object().req("source", string()).req("title", string())
                        .req("excerpt", string())))
                .req("handedOff", Schema.bool());
        route(HandlerType.POST, "/assistant/messages", "assistant",
                "Send a message to the customer-service assistant (English or Chinese). It answers from your own "
                        + "orders, the platform's policies and the catalogue (citing the passage), proposes a "
                        + "cancellation or a return and does it when you confirm, or hands the conversation to a "
                        + "human agent. It acts only for the signed-in person; each ledger transaction an action "
                        + "names comes with its inclusion proof", CUSTOMERS,
                object().opt("conversationId", string(1, 64).describe("absent to start a conversation"))
                        .req("text", string(1, Assistant.MAX_TEXT))
                        .opt("lang", enumOf("en", "zh").describe("detected from the text when absent")),
                200, reply, List.of(), (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("conversationId", "text", "lang");
                    Reply r = a.handle(actor, new Assistant.Request(b.optionalText("conversationId", 64),
                            b.text("text"), b.optionalText("lang", 2)));
                    return assistantReply(r);
                });
    }

    private ObjectNode assistantReply(Reply r) {
        ObjectNode o = Views.object().put("conversationId", r.conversationId()).put("lang", r.lang())
                .put("reply", r.text());
        if (r.intent() != null) {
            o.put("intent", r.intent());
        }
        o.put("confidence", r.confidence());
        var actions = o.putArray("actions");
        for (Action a : r.actions()) {
            ObjectNode n = actions.addObject().put("kind", a.kind()).put("status", a.status());
            ObjectNode details = n.putObject("details");
            a.details().forEach(details::put);
            var entries = n.putArray("ledger");
            for (Action.LedgerEntry e : a.ledger()) {
                ledger.proof(Hash.fromHex(e.transactionId())).ifPresent(proof -> entries.addObject()
                        .put("kind", e.kind()).put("transactionId", e.transactionId()).put("height", e.height())
                        .set("proof", LedgerJson.proof(proof)));
            }
        }
        var citations = o.putArray("citations");
        for (Citation c : r.citations()) {
            citations.addObject().put("source", c.source()).put("title", c.title()).put("excerpt", c.excerpt());
        }
        return o.put("handedOff", r.handedOff());
    }

    // ---- support: conversations and the agents' queue ----

    private static final Route.Param CONVERSATION = new Route.Param("id", "path", true,
            string(36, 36).with("format", "uuid"), "conversation id (random UUID)");

    private static Schema messageSchema() {
        return object().req("seq", integer().describe("1, 2, … within the conversation"))
                .req("author", enumOf("customer", "assistant", "agent")).req("text", string())
                .req("meta", object().describe("what the assistant recorded with its reply (intent, confidence, "
                        + "actions, citations), as strings"))
                .req("at", string().with("format", "date-time"));
    }

    private static Schema conversationSchema() {
        return object().req("id", string().with("format", "uuid")).req("customerId", integer())
                .req("state", enumOf("open", "handed_off", "closed")).req("lang", enumOf("en", "zh"))
                .opt("handoffReason", string().describe("a code such as customer_request, out_of_scope, complaint, "
                        + "tool_failed"))
                .req("createdAt", string().with("format", "date-time"))
                .req("updatedAt", string().with("format", "date-time"))
                .req("messages", array(messageSchema()).describe("oldest first; '[erased]' once the customer was "
                        + "erased"));
    }

    private static Schema queueEntrySchema() {
        return object().req("id", string().with("format", "uuid")).req("customerId", integer())
                .req("state", enumOf("handed_off", "closed")).req("lang", enumOf("en", "zh"))
                .opt("handoffReason", string()).req("messages", integer().describe("how many; no text in the queue"))
                .req("createdAt", string().with("format", "date-time"))
                .req("updatedAt", string().with("format", "date-time"));
    }

    private static ObjectNode message(SupportService.Message m) {
        ObjectNode o = Views.object().put("seq", m.seq()).put("author", m.author().wire()).put("text", m.text());
        ObjectNode meta = o.putObject("meta");
        new java.util.TreeMap<>(m.meta()).forEach(meta::put);
        return o.put("at", m.at().toString());
    }

    private static ObjectNode conversation(SupportService.Conversation c) {
        ObjectNode o = Views.object().put("id", c.id()).put("customerId", c.customerId())
                .put("state", c.state().wire()).put("lang", c.lang());
        if (c.handoffReason() != null) {
            o.put("handoffReason", c.handoffReason());
        }
        o.put("createdAt", c.createdAt().toString()).put("updatedAt", c.updatedAt().toString());
        var messages = o.putArray("messages");
        c.messages().forEach(m -> messages.add(message(m)));
        return o;
    }

    private static ObjectNode queueEntry(SupportService.QueueEntry e) {
        ObjectNode o = Views.object().put("id", e.id()).put("customerId", e.customerId())
                .put("state", e.state().wire()).put("lang", e.lang());
        if (e.handoffReason() != null) {
            o.put("handoffReason", e.handoffReason());
        }
        return o.put("messages", e.messages()).put("createdAt", e.createdAt().toString())
                .put("updatedAt", e.updatedAt().toString());
    }

    /** The queue's optional state filter: handed_off or closed (open conversations are the assistant's). */
    private static SupportService.State queueState(Context ctx) {
        String raw = ctx.queryParam("state");
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        for (SupportService.State s : SupportService.State.values()) {
            if (s != SupportService.State.OPEN && s.wire().equals(raw)) {
                return s;
            }
        }
        throw ApiError.invalid("state", "must be handed_off or closed");
    }

    private void support() {
        SupportService support = commerce.support();
        route(HandlerType.GET, "/agent/conversations", "support",
                "The agents' queue: conversations handed off to a human, oldest waiting first, without their text "
                        + "(agents, admins)", AGENT_OR_ADMIN, null, 200, Views.pageSchema(queueEntrySchema()),
                List.of(new Route.Param("state", "query", false, enumOf("handed_off", "closed"),
                                "default: both"),
                        new Route.Param("page", "query", false, integer(0, 10_000), "from 0"),
                        new Route.Param("size", "query", false, integer(1, 100), "default 20")),
                (actor, ctx) -> Views.page(support.queue(actor, queueState(ctx), intParam(ctx, "page", 0, 0, 10_000),
                        intParam(ctx, "size", 20, 1, 100)), Api::queueEntry));
        route(HandlerType.GET, "/agent/conversations/{id}", "support",
                "A handed-off conversation with its whole history; the read is recorded in the customer's access "
                        + "log (agents, admins)", AGENT_OR_ADMIN, null, 200, conversationSchema(),
                List.of(CONVERSATION), (actor, ctx) -> conversation(support.get(actor, ctx.pathParam("id"))));
        route(HandlerType.POST, "/agent/conversations/{id}/replies", "support",
                "Reply to the customer in a handed-off conversation (agents, admins)", AGENT_OR_ADMIN,
                object().req("text", string(1, 4000)), 201, messageSchema(), List.of(CONVERSATION),
                (actor, ctx) -> {
                    Body b = Body.parse(ctx.body()).only("text");
                    return message(support.reply(actor, ctx.pathParam("id"), b.text("text")));
                });
        route(HandlerType.POST, "/agent/conversations/{id}/close", "support",
                "Close a handed-off conversation (agents, admins)", AGENT_OR_ADMIN, null, 200, conversationSchema(),
                List.of(CONVERSATION), (actor, ctx) -> conversation(support.close(actor, ctx.pathParam("id"))));
        route(HandlerType.GET, "/assistant/conversations", "support",
                "The signed-in person's conversations with the assistant and agents, newest first", CUSTOMERS, null,
                200, array(conversationSchema()), List.of(),
                (actor, ctx) -> Views.list(support.mine(actor), Api::conversation));
        route(HandlerType.GET, "/assistant/conversations/{id}", "support",
                "One of the signed-in person's conversations, every message oldest first", CUSTOMERS, null, 200,
                conversationSchema(), List.of(CONVERSATION),
                (actor, ctx) -> conversation(support.get(actor, ctx.pathParam("id"))));
    }

    private static java.time.LocalDate dayParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw ApiError.invalid(name, "must be a day written YYYY-MM-DD");
        }
    }

    private static String requiredQuery(Context ctx, String name) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            throw ApiError.invalid(name, "is required");
        }
        return v.strip();
    }

    // ---- helpers ----

    static long id(Context ctx, String name) {
        String raw = ctx.pathParam(name);
        try {
            long v = Long.parseLong(raw);
            if (v < 1) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name, "must be a positive integer id");
        }
    }

    static int intParam(Context ctx, String name, int dflt, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        try {
            int v = Integer.parseInt(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.invalid(name, "must be an integer between " + min + " and " + max);
        }
    }

    static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw ApiError.badRequest("Idempotency-Key", "header is required for this request");
        }
        if (key.length() < 8 || key.length() > 100 || !key.matches("[A-Za-z0-9_.:-]+")) {
            throw ApiError.invalid("Idempotency-Key", "must be 8-100 characters of A-Z a-z 0-9 _ . : -");
        }
        return key;
    }
}
