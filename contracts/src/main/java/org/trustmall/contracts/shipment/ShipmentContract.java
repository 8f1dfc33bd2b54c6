package org.trustmall.contracts.shipment;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * An append-only record of a parcel's journey for an order. Any registered member may {@code create} a shipment and
 * thereby becomes its controller: afterwards only the same organisation and role, or that organisation's own key
 * (role {@code org}), may append events. Events are never changed or removed; their order is enforced (see
 * {@link ShipmentState}). The carrier's own claimed time is kept as {@code claimed_at} beside the block's height and
 * timestamp, and is never used for decisions: only block time is trusted.
 *
 * <p>Methods:
 * <ul>
 *   <li>{@code create {order, carrier: 1-64 chars, tracking: 1-64 chars}} → CREATED; one shipment per order</li>
 *   <li>{@code event {order, kind: picked_up|in_transit|delivered, location?: ≤ 200 chars, at?: ms ≥ 0}} → appended
 *       as event n (1-based); returns {order, n, state}. At most {@value #MAX_EVENTS} events per shipment.</li>
 * </ul>
 * Query: {@code get {order}} → {order, carrier, tracking, state, created_by: "org/role", created_at,
 * events: [{n, kind, location, claimed_at?, height, timestamp}]} (location is "" when none was given).
 *
 * <p>State: {@code shipment/<order>} → {order, carrier, tracking, state, event_count, created_by, created_at};
 * {@code shipment/<order>\0event/<n>} → {kind, location, claimed_at?, height, timestamp}. Stateless and
 * thread-safe.
 */
public final class ShipmentContract implements Contract {
    public static final String ID = "shipment";

    public static final String CREATE = "create";
    public static final String EVENT = "event";
    public static final String GET = "get";

    public static final int MAX_CARRIER_CHARS = 64;
    public static final int MAX_TRACKING_CHARS = 64;
    public static final int MAX_LOCATION_CHARS = 200;
    public static final int MAX_EVENTS = 1000;

    private static final List<String> CREATE_FIELDS = List.of("order", "carrier", "tracking");
    private static final List<String> EVENT_FIELDS = List.of("order", "kind", "location", "at");
    private static final List<String> ORDER_ONLY = List.of("order");

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code create} call. */
    public static byte[] createArgs(String order, String carrier, String tracking) {
        return CborMap.builder().put("order", order).put("carrier", carrier).put("tracking", tracking).build()
                .encode();
    }

    /** Arguments of an {@code event} call with neither location nor claimed time. */
    public static byte[] eventArgs(String order, EventKind kind) {
        return eventArgs(order, kind, null, null);
    }

    /**
     * Arguments of an {@code event} call.
     *
     * @param location  where, or null
     * @param claimedAt the carrier's claimed time in ms since the epoch, or null
     */
    public static byte[] eventArgs(String order, EventKind kind, String location, Long claimedAt) {
        CborMap.Builder b = CborMap.builder().put("order", order).put("kind", kind.wireName());
        if (location != null) {
            b.put("location", location);
        }
        if (claimedAt != null) {
            b.put("at", claimedAt);
        }
        return b.build().encode();
    }

    /** Arguments of the {@code get} query. */
    public static CborMap getArgs(String order) {
        return CborMap.builder().put("order", order).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        return switch (method) {
            case CREATE -> create(args, ctx);
            case EVENT -> event(args, ctx);
            default -> throw new ContractFailure("shipment has no method '" + method + "'");
        };
    }

    private CborMap create(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, CREATE, CREATE_FIELDS);
        String order = Args.id(args, "order");
        String carrier = Args.text(args, "carrier", 1, MAX_CARRIER_CHARS);
        String tracking = Args.text(args, "tracking", 1, MAX_TRACKING_CHARS);
        if (ctx.contains(key(order))) {
            throw new ContractFailure("order '" + order + "' already has a shipment");
        }
        CborMap header = CborMap.builder()
                .put("order", order)
                .put("carrier", carrier)
                .put("tracking", tracking)
                .put("state", ShipmentState.CREATED.name())
                .put("event_count", 0L)
                .put("created_by", signer(ctx.caller()))
                .put("created_at", ctx.blockTimestamp())
                .build();
        ctx.put(key(order), header.encode());
        return CborMap.builder().put("order", order).put("state", ShipmentState.CREATED.name()).build();
    }

    private CborMap event(CborMap args, ContractContext ctx) {
        Args.allowOnly(args, EVENT, EVENT_FIELDS);
        String order = Args.id(args, "order");
        String kindName = args.text("kind");
        EventKind kind = EventKind.fromWireName(kindName).orElseThrow(() -> new ContractFailure(
                "field 'kind': one of picked_up, in_transit, delivered"));
        String location = Args.optionalText(args, "location", MAX_LOCATION_CHARS).orElse("");
        OptionalLong claimedAt = args.optionalInteger("at");
        if (claimedAt.isPresent() && claimedAt.getAsLong() < 0) {
            throw new ContractFailure("field 'at': milliseconds since the epoch, >= 0, got "
                    + claimedAt.getAsLong());
        }
        CborMap header = existing(ctx, order);
        Caller caller = ctx.caller();
        String createdBy = header.text("created_by");
        if (!controls(caller, createdBy)) {
            throw new ContractFailure(caller + " may not add events to the shipment for order '" + order
                    + "'; only " + createdBy + " or " + organisationOf(createdBy) + "/" + Caller.ORGANISATION_ROLE
                    + " may");
        }
        ShipmentState state = ShipmentState.valueOf(header.text("state"));
        ShipmentState next = state.after(kind, order);
        long n = header.integer("event_count") + 1;
        if (n > MAX_EVENTS) {
            throw new ContractFailure("shipment for order '" + order + "' already has " + MAX_EVENTS
                    + " events, the most one may have");
        }
        CborMap.Builder event = CborMap.builder()
                .put("kind", kind.wireName())
                .put("location", location)
                .put("height", ctx.blockHeight())
                .put("timestamp", ctx.blockTimestamp());
        claimedAt.ifPresent(t -> event.put("claimed_at", t));
        ctx.put(eventKey(order, n), event.build().encode());
        ctx.put(key(order), CborMap.builder()
                .put("order", order)
                .put("carrier", header.text("carrier"))
                .put("tracking", header.text("tracking"))
                .put("state", next.name())
                .put("event_count", n)
                .put("created_by", createdBy)
                .put("created_at", header.integer("created_at"))
                .build().encode());
        return CborMap.builder().put("order", order).put("n", n).put("state", next.name()).build();
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        if (!method.equals(GET)) {
            return Contract.super.query(method, args, state);
        }
        Args.allowOnly(args, method, ORDER_ONLY);
        String order = Args.id(args, "order");
        CborMap header = existing(state, order);
        long count = header.integer("event_count");
        List<Object> events = new ArrayList<>((int) count);
        for (long n = 1; n <= count; n++) {
            long at = n;
            CborMap e = state.get(eventKey(order, n)).map(CborMap::parse).orElseThrow(() -> new ContractFailure(
                    "event " + at + " of the shipment for order '" + order + "' is missing"));
            CborMap.Builder b = CborMap.builder()
                    .put("n", n)
                    .put("kind", e.text("kind"))
                    .put("location", e.text("location"))
                    .put("height", e.integer("height"))
                    .put("timestamp", e.integer("timestamp"));
            e.optionalInteger("claimed_at").ifPresent(t -> b.put("claimed_at", t));
            events.add(b.build());
        }
        return CborMap.builder()
                .put("order", order)
                .put("carrier", header.text("carrier"))
                .put("tracking", header.text("tracking"))
                .put("state", header.text("state"))
                .put("created_by", header.text("created_by"))
                .put("created_at", header.integer("created_at"))
                .put("events", events)
                .build();
    }

    /** The creator's very organisation and role, or that organisation's own key. */
    private static boolean controls(Caller caller, String createdBy) {
        return createdBy.equals(signer(caller))
                || (caller.isOrganisation() && organisationOf(createdBy).equals(caller.organisation()));
    }

    private static String signer(Caller caller) {
        return caller.organisation() + "/" + caller.role();
    }

    private static String organisationOf(String orgSlashRole) {
        // Roles never contain '/', so the last one separates the organisation from the role.
        return orgSlashRole.substring(0, orgSlashRole.lastIndexOf('/'));
    }

    private static CborMap existing(StateView state, String order) {
        return state.get(key(order)).map(CborMap::parse)
                .orElseThrow(() -> new ContractFailure("order '" + order + "' has no shipment"));
    }

    private static String key(String order) {
        return "shipment/" + order;
    }

    private static String eventKey(String order, long n) {
        // NUL cannot occur in an order id, so no order's events collide with another order's header.
        return "shipment/" + order + "\0event/" + n;
    }
}
