package org.trustmall.server.routes;

import static org.trustmall.server.api.Schema.array;
import static org.trustmall.server.api.Schema.integer;
import static org.trustmall.server.api.Schema.object;
import static org.trustmall.server.api.Schema.string;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.Role;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.block.Block;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.PublicKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.merkle.ConsistencyProof;
import org.trustmall.ledger.proof.LedgerJson;
import org.trustmall.server.api.ApiError;
import org.trustmall.server.api.LedgerViews;
import org.trustmall.server.api.Route;
import org.trustmall.server.api.Schema;
import org.trustmall.server.api.Views;
import org.trustmall.server.ops.LedgerVerification;

/**
 * The ledger explorer's endpoints under {@code /ledger}: blocks, transactions, proofs, checkpoints, consistency
 * proofs, the genesis organisations and this node's verification status. All reads are public and carry
 * {@code Access-Control-Allow-Origin: *} (never credentials), so that a page served by one organisation's node can
 * cross-check another's; the ledger holds no personal data. Bad parameters are 400 naming the parameter; an unknown
 * block or transaction is 404.
 */
final class LedgerRoutes {
    /** The CORS header the public ledger reads carry, and nothing else does. */
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final int MAX_BLOCKS = 100;
    private static final Set<Role> ANYONE = Set.of();
    private static final Set<Role> ADMIN = EnumSet.of(Role.ADMIN);
    private static final Route.Param TX_ID = new Route.Param("id", "path", true, string(64, 64),
            "transaction id (64 lower-case hex digits)");

    private final Ledger ledger;
    private final LedgerVerification verification;
    private final String node;
    private final List<Route> routes = new ArrayList<>();

    /** @param node this node's organisation */
    LedgerRoutes(Ledger ledger, LedgerVerification verification, String node) {
        this.ledger = ledger;
        this.verification = verification;
        this.node = node;
        reads();
        verification();
    }

    List<Route> routes() {
        return List.copyOf(routes);
    }

    /** A public GET that any origin may read. */
    private void read(String path, String summary, Schema response, List<Route.Param> params, Route.Action action) {
        routes.add(new Route(HandlerType.GET, Api.PREFIX + path, summary, "ledger", ANYONE, null, 200, response,
                params, (actor, ctx) -> {
                    // Set first, so that a 400 or 404 can be read cross-origin too.
                    ctx.header(ALLOW_ORIGIN, "*");
                    return action.handle(actor, ctx);
                }));
    }

    private void reads() {
        read("/ledger/blocks", "Blocks, newest first, with their header fields and seals (public)",
                LedgerViews.blockPageSchema(),
                List.of(new Route.Param("before", "query", false, integer(1, Long.MAX_VALUE),
                                "only blocks below this height (default: all)"),
                        new Route.Param("limit", "query", false, integer(1, MAX_BLOCKS), "default 20")),
                (actor, ctx) -> {
                    long height = ledger.height();
                    long before = Math.min(longParam(ctx, "before", height + 1, 1, Long.MAX_VALUE), height + 1);
                    int limit = (int) longParam(ctx, "limit", 20, 1, MAX_BLOCKS);
                    ObjectNode o = Views.object().put("height", height);
                    var blocks = o.putArray("blocks");
                    long h = before - 1;
                    for (; h >= 0 && blocks.size() < limit; h--) {
                        blocks.add(LedgerViews.blockSummary(ledger.block(h), this::organisation));
                    }
                    if (h >= 0) {
                        o.put("next", h + 1);
                    }
                    return o;
                });
        read("/ledger/blocks/{height}", "A block: header fields, its transactions with their outcome, and the "
                        + "seals of the organisations that signed it (public)", LedgerViews.blockSchema(),
                List.of(new Route.Param("height", "path", true, integer(0, Long.MAX_VALUE), "from 0 (genesis)")),
                (actor, ctx) -> {
                    long height = pathLong(ctx, "height");
                    if (height > ledger.height()) {
                        throw new CommerceException.NotFound("block", Long.toString(height));
                    }
                    Block b = ledger.block(height);
                    return LedgerViews.block(b, ledger.checkpoint(height),
                            b.header().logSize() - b.header().transactionCount());
                });
        read("/ledger/transactions/{id}", "A transaction decoded: contract, method, sender, block, leaf index, "
                        + "outcome, arguments, and the address of its inclusion proof (public)",
                LedgerViews.transactionSchema(), List.of(TX_ID),
                (actor, ctx) -> {
                    String hex = txId(ctx);
                    return LedgerViews.transaction(ledger.transaction(Hash.fromHex(hex))
                            .orElseThrow(() -> new CommerceException.NotFound("transaction", hex)));
                });
        read("/ledger/transactions/{id}/proof", "A transaction's inclusion proof and the signed checkpoint it "
                        + "verifies against (check it offline with 'trustmall ledger verify-proof')",
                Views.proofBundleSchema(), List.of(TX_ID), (actor, ctx) -> {
                    String hex = txId(ctx);
                    return ledger.proof(Hash.fromHex(hex)).map(LedgerJson::proof)
                            .orElseThrow(() -> new CommerceException.NotFound("transaction", hex));
                });
        read("/ledger/checkpoint", "The latest signed checkpoint, with every co-signature this node has: its own "
                        + "seal first, then those of the other organisations' nodes that answered in time",
                Views.checkpointSchema(), List.of(), (actor, ctx) -> LedgerJson.checkpoint(ledger.checkpoint()));
        read("/ledger/consistency", "An RFC 9162 consistency proof that the log at size 'from' is a prefix of the "
                        + "log at size 'to', with both roots (base64)",
                object().req("size1", integer()).req("size2", integer()).req("path", array(string()))
                        .req("root1", string()).req("root2", string()),
                List.of(new Route.Param("from", "query", true, integer(1, Long.MAX_VALUE), "the older log size"),
                        new Route.Param("to", "query", false, integer(1, Long.MAX_VALUE),
                                "the newer log size (default: the log's size now)")),
                (actor, ctx) -> {
                    long size = ledger.logSize();
                    if (ctx.queryParam("from") == null || ctx.queryParam("from").isEmpty()) {
                        throw ApiError.badRequest("from", "is required: the older log size, from 1");
                    }
                    long to = longParam(ctx, "to", size, 1, Long.MAX_VALUE);
                    if (to > size) {
                        throw ApiError.badRequest("to", "must be at most the log's size, " + size);
                    }
                    long from = longParam(ctx, "from", 1, 1, Long.MAX_VALUE);
                    if (from > to) {
                        throw ApiError.badRequest("from", "must be at most 'to' (" + to + ")");
                    }
                    ConsistencyProof p = ledger.consistencyProof(from, to);
                    return LedgerJson.consistency(p).put("root1", ledger.rootAt(from).base64())
                            .put("root2", ledger.rootAt(to).base64());
                });
        read("/ledger/organisations", "The organisations named in the ledger's genesis block and their public "
                        + "keys. Informational: check proofs against keys obtained elsewhere (a key file, or another "
                        + "organisation's node), never against the node being checked",
                object().req("chainId", string()).req("node", string().describe("this node's organisation"))
                        .req("organisations", array(object().req("name", string())
                                .req("publicKey", string().describe("Ed25519, hex")))),
                List.of(), (actor, ctx) -> {
                    ObjectNode o = Views.object().put("chainId", ledger.chainId().hex()).put("node", node);
                    var orgs = o.putArray("organisations");
                    for (Organisation org : ledger.organisations()) {
                        orgs.addObject().put("name", org.name()).put("publicKey", org.key().hex());
                    }
                    return o;
                });
    }

    private void verification() {
        read("/ledger/verification", "This node's ledger verified as 'trustmall ledger verify' does (every checksum, "
                        + "hash link, seal, signature, Merkle and state root recomputed), in the background: the "
                        + "last result and whether a run is in progress. The first request ever starts a run",
                LedgerViews.verificationSchema(), List.of(),
                (actor, ctx) -> LedgerViews.verification(verification.stateStartingFirst()));
        routes.add(new Route(HandlerType.POST, Api.PREFIX + "/ledger/verification", "Start verifying this node's "
                + "ledger in the background, unless a run is in progress (admins)", "ledger", ADMIN, null, 202,
                LedgerViews.verificationSchema(), List.of(),
                (actor, ctx) -> LedgerViews.verification(verification.start())));
    }

    private String organisation(PublicKey key) {
        return ledger.organisations().stream().filter(o -> o.key().equals(key)).map(Organisation::name).findFirst()
                .orElse("unknown");
    }

    private static String txId(Context ctx) {
        String hex = ctx.pathParam("id");
        if (!hex.matches("[0-9a-f]{64}")) {
            throw ApiError.badRequest("id", "must be a transaction id of 64 lower-case hex digits");
        }
        return hex;
    }

    private static long pathLong(Context ctx, String name) {
        try {
            long v = Long.parseLong(ctx.pathParam(name));
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, "must be an integer, 0 or more");
        }
    }

    private static long longParam(Context ctx, String name, long dflt, long min, long max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isEmpty()) {
            return dflt;
        }
        try {
            long v = Long.parseLong(raw);
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiError.badRequest(name, "must be an integer between " + min + " and " + max);
        }
    }
}
