package org.trustmall.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The web front end's files, read from the class path under {@code web/} (storefront, console and ledger explorer
 * are plain ES modules: nothing to build). Each file is read once and kept with its content type and a strong
 * ETag, so a browser revalidates cheaply instead of downloading again. Only plain relative names are served: no
 * "..", no hidden files, nothing outside {@code web/}.
 */
public final class WebAssets {
    /** Names the front end may use: path segments of letters, digits, dot, dash and underscore. */
    private static final Pattern SAFE = Pattern.compile("([A-Za-z0-9_-][A-Za-z0-9._-]*/)*[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "svg", "image/svg+xml",
            "png", "image/png",
            "ico", "image/x-icon",
            "webmanifest", "application/manifest+json");

    /** One file: its bytes, content type and ETag. */
    public record Asset(byte[] bytes, String contentType, String etag) {
    }

    private final String root;
    private final ClassLoader loader;
    private final Map<String, Optional<Asset>> cache = new ConcurrentHashMap<>();

    public WebAssets(String root, ClassLoader loader) {
        this.root = root.endsWith("/") ? root : root + "/";
        this.loader = loader;
    }

    /** The front end bundled with the server. */
    public static WebAssets bundled() {
        return new WebAssets("web/", WebAssets.class.getClassLoader());
    }

    /** The file at {@code name} (relative to the web root, e.g. "assets/app.js"), if it exists and may be served. */
    public Optional<Asset> get(String name) {
        if (name == null || name.length() > 200 || !SAFE.matcher(name).matches()) {
            return Optional.empty();
        }
        return cache.computeIfAbsent(name, this::load);
    }

    /** The page every front-end route starts from. */
    public Optional<Asset> index() {
        return get("index.html");
    }

    private Optional<Asset> load(String name) {
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(root + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type, etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web asset " + name, e);
        }
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
