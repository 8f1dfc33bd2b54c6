package org.trustmall.server.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The web front end's files, read from the class path under {@code web/} (storefront, console and ledger explorer
 * are plain ES modules: nothing to build). Each file is read once and kept with its content type and a strong
 * ETag, so a browser revalidates cheaply instead of downloading again. Only plain relative names are served: no
 * "..", no hidden files, nothing outside {@code web/}.
 */
public final class WebAssets {
    /** The entry module index.html loads. */
    static final String ENTRY = "assets/app.js";
    /** A static import or re-export: {@code import … from '…'}, {@code export … from '…'}, {@code import '…'}. */
    private static final Pattern IMPORT = Pattern.compile(
            "(?:^|[;\\s])(?:import|export)\\s[^;]*?from\\s*'([^']+)'|(?:^|[;\\s])import\\s*'([^']+)'");
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
    private volatile Optional<Asset> preloadedIndex;

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

    /**
     * The page every front-end route starts from, with a {@code modulepreload} link for every module the entry
     * module imports, directly or not: the browser then fetches the whole graph at once instead of discovering it
     * one level of imports per round trip.
     */
    public Optional<Asset> index() {
        Optional<Asset> page = preloadedIndex;
        if (page == null) {
            page = get("index.html").map(this::withPreloads);
            preloadedIndex = page;
        }
        return page;
    }

    private Asset withPreloads(Asset index) {
        String html = new String(index.bytes(), StandardCharsets.UTF_8);
        int head = html.indexOf("</head>");
        if (head < 0) {
            return index;
        }
        StringBuilder links = new StringBuilder();
        for (String module : moduleGraph(ENTRY)) {
            if (!module.equals(ENTRY)) {
                links.append("  <link rel=\"modulepreload\" href=\"/").append(module).append("\">\n");
            }
        }
        byte[] bytes = (html.substring(0, head) + links + html.substring(head)).getBytes(StandardCharsets.UTF_8);
        return new Asset(bytes, index.contentType(), etag(bytes));
    }

    /** Every module reachable from {@code entry} by static relative imports, in a stable order (entry first). */
    List<String> moduleGraph(String entry) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(entry));
        while (!todo.isEmpty()) {
            String module = todo.removeFirst();
            if (get(module).isEmpty() || !seen.add(module)) {
                continue;
            }
            for (Import i : imports(module)) {
                if (i.resolved() != null && !seen.contains(i.resolved())) {
                    todo.addLast(i.resolved());
                }
            }
        }
        return List.copyOf(seen);
    }

    /**
     * One static import of a module: the specifier as written and the module it names relative to the web root, or
     * null when it is no relative path ("./…", "../…") or climbs out of the web root.
     */
    public record Import(String specifier, String resolved) {
    }

    /** The static imports of {@code module} (relative to the web root), in source order; none when it is absent. */
    public List<Import> imports(String module) {
        Optional<Asset> asset = get(module);
        if (asset.isEmpty()) {
            return List.of();
        }
        List<Import> out = new ArrayList<>();
        Matcher m = IMPORT.matcher(new String(asset.get().bytes(), StandardCharsets.UTF_8));
        while (m.find()) {
            String specifier = m.group(1) != null ? m.group(1) : m.group(2);
            out.add(new Import(specifier, specifier.startsWith("./") || specifier.startsWith("../")
                    ? resolve(module, specifier) : null));
        }
        return out;
    }

    /** {@code target} relative to the module {@code from}; null when it climbs out of the web root. */
    private static String resolve(String from, String target) {
        Deque<String> parts = new ArrayDeque<>();
        String[] base = from.split("/");
        for (int i = 0; i < base.length - 1; i++) {
            parts.addLast(base[i]);
        }
        for (String part : target.split("/")) {
            if (part.equals("..")) {
                if (parts.isEmpty()) {
                    return null;
                }
                parts.removeLast();
            } else if (!part.equals(".") && !part.isEmpty()) {
                parts.addLast(part);
            }
        }
        return String.join("/", parts);
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
