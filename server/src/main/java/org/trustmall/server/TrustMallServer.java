package org.trustmall.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpResponseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.trustmall.assistant.Assistant;
import org.trustmall.commerce.Actor;
import org.trustmall.commerce.Commerce;
import org.trustmall.commerce.CommerceException;
import org.trustmall.ledger.Ledger;
import org.trustmall.server.api.BearerToken;
import org.trustmall.server.api.ProblemErrorHandler;
import org.trustmall.server.api.Problems;
import org.trustmall.server.api.Route;
import org.trustmall.server.api.Schema;
import org.trustmall.server.ops.Metrics;
import org.trustmall.server.ops.OpenApi;
import org.trustmall.server.routes.Api;
import org.trustmall.server.web.WebAssets;

/**
 * The HTTP server: the {@code /api/v1} routes of {@link Api}, plus {@code /openapi.json}, {@code /health} and
 * {@code /metrics}. Authentication comes from the bearer token only; a route's allowed roles are checked before its
 * handler runs, and the services check ownership. Every error is problem+json. Bodies over the configured limit
 * are refused with 413 before they are read.
 */
public final class TrustMallServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(TrustMallServer.class.getName());
    private static final String ROUTE = "trustmall.route";
    private static final String STARTED = "trustmall.started";

    private final Javalin app;
    private final ScheduledExecutorService sweeper;

    private TrustMallServer(Javalin app, ScheduledExecutorService sweeper) {
        this.app = app;
        this.sweeper = sweeper;
    }

    /** The server without the customer-service assistant. */
    public static TrustMallServer start(ServerConfig config, Commerce commerce, Ledger ledger) {
        return start(config, commerce, ledger, Optional.empty());
    }

    public static TrustMallServer start(ServerConfig config, Commerce commerce, Ledger ledger,
                                        Optional<Assistant> assistant) {
        return start(config, commerce, ledger, assistant, ledger.organisations().get(0).name());
    }

    /** As above, for a platform run by {@code platformOrganisation} (a consortium node's organisation). */
    public static TrustMallServer start(ServerConfig config, Commerce commerce, Ledger ledger,
                                        Optional<Assistant> assistant, String platformOrganisation) {
        Api api = new Api(commerce, ledger, assistant, platformOrganisation);
        Metrics metrics = new Metrics();
        metrics.gauge("trustmall_ledger_height", "Height of the last durable ledger block.", ledger::height);
        metrics.gauge("trustmall_ledger_log_size", "Transactions in the ledger's Merkle log.", ledger::logSize);
        metrics.gauge("trustmall_jvm_heap_used_bytes", "Heap in use.",
                () -> Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory());
        List<Route> operational = operationalRoutes(metrics);
        String version = String.valueOf(TrustMallServer.class.getPackage().getImplementationVersion());
        JsonNode openApi = OpenApi.document(api.routes(), operational, version);

        Javalin app = Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.jetty.host = config.host();
            cfg.jetty.port = config.port();
            cfg.http.maxRequestSize = config.maxBodyBytes();
            cfg.http.defaultContentType = "application/json";
            cfg.router.ignoreTrailingSlashes = true;
            ProblemErrorHandler errors = new ProblemErrorHandler();
            cfg.jetty.modifyServer(server -> server.setErrorHandler(errors));
            cfg.jetty.modifyServletContextHandler(handler -> handler.setErrorHandler(errors));
            cfg.routes.before(ctx -> {
                ctx.attribute(STARTED, System.nanoTime());
                String length = ctx.header("Content-Length");
                if (length != null) {
                    long n;
                    try {
                        n = Long.parseLong(length.trim());
                    } catch (NumberFormatException e) {
                        throw new org.trustmall.server.api.ApiError(400, "Content-Length", "not a number");
                    }
                    if (n > config.maxBodyBytes()) {
                        throw new HttpResponseException(413, "request body of " + n + " bytes is over the limit of "
                                + config.maxBodyBytes(), java.util.Map.of());
                    }
                }
            });
            for (Route r : api.routes()) {
                cfg.routes.addEndpoint(new io.javalin.router.Endpoint(r.method(), r.path(),
                        ctx -> handle(r, commerce, ctx), Set.of()));
            }
            for (Route r : operational) {
                cfg.routes.addEndpoint(new io.javalin.router.Endpoint(r.method(), r.path(),
                        ctx -> handle(r, commerce, ctx), Set.of()));
            }
            cfg.routes.get("/openapi.json", ctx -> {
                ctx.attribute(ROUTE, "/openapi.json");
                ctx.contentType("application/json").result(openApi.toString());
            });
            WebAssets web = WebAssets.bundled();
            cfg.routes.get("/assets/<path>", ctx -> serveAsset(ctx, web.get("assets/" + ctx.pathParam("path"))));
            cfg.routes.get("/favicon.ico", ctx -> serveAsset(ctx, web.get("assets/favicon.svg")));
            cfg.routes.get("/", ctx -> servePage(ctx, web));
            cfg.routes.get("/<path>", ctx -> servePage(ctx, web));
            cfg.routes.exception(HttpResponseException.class, (e, ctx) -> Problems.write(ctx, e.getStatus(),
                    title(e.getStatus()), e.getMessage(), e.getStatus() == 413 ? "body" : null));
            cfg.routes.exception(Exception.class, (e, ctx) -> Problems.handle(e, ctx));
            for (int status : new int[] {404, 405, 413, 500}) {
                cfg.routes.error(status, "*", ctx -> {
                    if (!Problems.CONTENT_TYPE.equals(ctx.res().getContentType())) {
                        Problems.write(ctx, status, title(status), status == 404
                                ? "no such endpoint: " + ctx.method() + " " + ctx.path()
                                : title(status).toLowerCase(java.util.Locale.ROOT), null);
                    }
                });
            }
            cfg.routes.after(ctx -> {
                // Read what the handler left of the body (bounded by the size limit), so the connection can be
                // reused instead of closed under a client that already sent its next request.
                if (ctx.statusCode() != 413) {
                    try {
                        ctx.bodyAsBytes();
                    } catch (RuntimeException ignored) {
                        // An unreadable remainder only costs the connection.
                    }
                }
                Long started = ctx.attribute(STARTED);
                String route = ctx.attribute(ROUTE);
                if (started != null) {
                    metrics.observe(ctx.method().name(), route == null ? "unmatched" : route, ctx.statusCode(),
                            (System.nanoTime() - started) / 1e9);
                }
            });
        });
        app.start();
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "escrow-sweeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, config.escrowSweep().toSeconds());
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                int n = commerce.orders().releaseExpiredEscrows();
                if (n > 0) {
                    LOG.log(System.Logger.Level.INFO, "released " + n + " escrow(s) whose confirmation window passed");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "escrow sweep failed; retrying next round", e);
            }
            try {
                int n = commerce.payouts().runScheduledPayouts();
                if (n > 0) {
                    LOG.log(System.Logger.Level.INFO, "made " + n + " scheduled payout(s)");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "payout sweep failed; retrying next round", e);
            }
            try {
                int n = commerce.disputes().settleResolvedDisputes();
                if (n > 0) {
                    LOG.log(System.Logger.Level.INFO, "carried out the verdicts of " + n + " dispute(s)");
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "dispute sweep failed; retrying next round", e);
            }
        }, every, every, TimeUnit.SECONDS);
        return new TrustMallServer(app, sweeper);
    }

    /**
     * The front end's own routes (history routing: /products/12, /console/risk, /explorer/blocks/3) all load the
     * same page, which renders the route itself. API paths, operational endpoints and names that look like files
     * keep their 404.
     */
    private static void servePage(Context ctx, WebAssets web) {
        String path = ctx.path();
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (path.startsWith(Api.PREFIX + "/") || path.equals(Api.PREFIX) || last.contains(".")) {
            ctx.attribute(ROUTE, "unmatched");
            throw new HttpResponseException(404, "no such endpoint: " + ctx.method() + " " + path, Map.of());
        }
        ctx.attribute(ROUTE, "/");
        WebAssets.Asset page = web.index().orElseThrow(() -> new HttpResponseException(404,
                "this build has no web front end", Map.of()));
        // The page loads only its own files; it may ask other organisations' ledger nodes for their view (connect).
        ctx.header("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self' http: "
                + "https:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        write(ctx, page);
    }

    private static void serveAsset(Context ctx, Optional<WebAssets.Asset> asset) {
        ctx.attribute(ROUTE, "/assets");
        if (asset.isEmpty()) {
            throw new HttpResponseException(404, "no such file: " + ctx.path(), Map.of());
        }
        ctx.header("X-Content-Type-Options", "nosniff");
        write(ctx, asset.get());
    }

    private static void write(Context ctx, WebAssets.Asset asset) {
        // Revalidated on every load (no-cache), answered with 304 while unchanged: a new build is seen at once.
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", asset.etag());
        if (asset.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(asset.contentType()).result(asset.bytes());
    }

    private static void handle(Route r, Commerce commerce, Context ctx) throws Exception {
        ctx.attribute(ROUTE, r.path());
        Actor actor = null;
        if (!r.isPublic()) {
            actor = commerce.accounts().authenticate(BearerToken.of(ctx.header("Authorization")));
            if (!r.roles().contains(actor.role())) {
                throw new CommerceException.Forbidden("this endpoint is for " + String.join(" or ",
                        r.roles().stream().map(x -> x.wire()).sorted().toList()) + " accounts");
            }
        }
        Object result = r.action().handle(actor, ctx);
        ctx.status(r.status());
        if (result == null || r.status() == 204) {
            ctx.result("");
        } else if (result instanceof String s) {
            ctx.result(s);
        } else {
            ctx.contentType("application/json").result(result.toString());
        }
    }

    private static List<Route> operationalRoutes(Metrics metrics) {
        List<Route> out = new ArrayList<>();
        out.add(new Route(HandlerType.GET, "/health", "Liveness and readiness", "operations", Set.of(), null, 200,
                Schema.object().req("status", Schema.enumOf("ok")), List.of(),
                (actor, ctx) -> "{\"status\":\"ok\"}"));
        out.add(new Route(HandlerType.GET, "/metrics", "Metrics in the Prometheus text format", "operations",
                Set.of(), null, 200, Schema.string(), List.of(), (actor, ctx) -> {
                    ctx.contentType("text/plain; version=0.0.4; charset=utf-8");
                    return metrics.scrape();
                }));
        return out;
    }

    private static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 413 -> "Request body too large";
            case 415 -> "Unsupported media type";
            default -> status >= 500 ? "Internal error" : "Request refused";
        };
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        app.stop();
    }
}
