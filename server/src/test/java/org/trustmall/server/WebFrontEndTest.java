package org.trustmall.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.server.web.WebAssets;

/** The web front end is served by the platform itself: its page, its modules, history routes and nothing more. */
class WebFrontEndTest {
    private static final Path WEB = Path.of("src/main/resources/web");
    @TempDir
    static Path dir;
    static TestPlatform p;

    @BeforeAll
    static void start() {
        p = TestPlatform.start(dir);
    }

    @AfterAll
    static void stop() {
        p.close();
    }

    @Test
    void theHomePageIsServedWithAPolicyThatLoadsOnlyItsOwnFiles() {
        Http.Response r = p.http.get("/", null);
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/html"), r.contentType());
        assertTrue(r.body().contains("/assets/app.js"), r.body());
        String policy = r.header("Content-Security-Policy");
        assertTrue(policy != null && policy.contains("default-src 'self'") && policy.contains("object-src 'none'")
                && !policy.contains("unsafe-inline"), String.valueOf(policy));
        assertEquals("nosniff", r.header("X-Content-Type-Options"));
    }

    @Test
    void thePagePreloadsEveryModuleOfTheFrontEndSoTheBrowserFetchesThemAtOnce() throws IOException {
        String page = p.http.get("/", null).body();
        Matcher m = Pattern.compile("<link rel=\"modulepreload\" href=\"/([^\"]+)\">").matcher(page);
        Set<String> preloaded = new TreeSet<>();
        while (m.find()) {
            preloaded.add(m.group(1));
            assertEquals(200, p.http.get("/" + m.group(1), null).status(), m.group(1));
        }
        Set<String> modules = new TreeSet<>();
        try (Stream<Path> files = Files.walk(WEB.resolve("assets"))) {
            files.filter(f -> f.toString().endsWith(".js"))
                    .forEach(f -> modules.add(WEB.relativize(f).toString().replace('\\', '/')));
        }
        modules.remove("assets/app.js");
        // Every module but the entry is preloaded; a module nothing imports would be missing here (dead code).
        assertEquals(modules, preloaded);
        assertTrue(page.indexOf("modulepreload") < page.indexOf("</head>"));
    }

    @Test
    void everyFrontEndRouteLoadsTheSamePageButApiAndFileNamesKeepTheir404() {
        String home = p.http.get("/", null).body();
        for (String route : new String[] {"/products/12", "/orders/3", "/console/risk", "/explorer/blocks/0",
                "/privacy"}) {
            Http.Response r = p.http.get(route, null);
            assertEquals(200, r.status(), route);
            assertEquals(home, r.body(), route);
        }
        Http.Response api = p.http.get("/api/v1/no-such-thing", null);
        assertEquals(404, api.status());
        assertTrue(api.isProblem(), api.toString());
        assertEquals(404, p.http.get("/missing.png", null).status());
        assertEquals(404, p.http.get("/assets/no-such-module.js", null).status());
        assertEquals(200, p.http.get("/health", null).status());
    }

    @Test
    void modulesAreServedAsJavaScriptAndRevalidatedByTheirEtag() {
        Http.Response r = p.http.get("/assets/app.js", null);
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/javascript"), r.contentType());
        String etag = r.header("ETag");
        assertTrue(etag != null && etag.startsWith("\""), String.valueOf(etag));
        Http.Response cached = p.http.send("GET", "/assets/app.js", null, null, Map.of("If-None-Match", etag));
        assertEquals(304, cached.status());
        Http.Response stale = p.http.send("GET", "/assets/app.js", null, null, Map.of("If-None-Match", "\"old\""));
        assertEquals(200, stale.status());
    }

    @Test
    void pathsThatClimbOutOfTheWebFolderAreNotServed() {
        for (String path : new String[] {"/assets/../../org/trustmall/server/TrustMallServer.class",
                "/assets/%2e%2e/index.html", "/assets/.hidden.js", "/assets/core//api.js"}) {
            Http.Response r = p.http.get(path, null);
            assertNotEquals(200, r.status(), path);
        }
    }

    @Test
    void thePagesHaveWordsInBothLanguagesForEveryRiskFeatureTheModelExplains() throws IOException {
        String words = Files.readString(WEB.resolve("assets/core/risk-words.js"));
        String text = "'(?:[^'\\\\]|\\\\.)+'"; // a quoted JS string, escapes allowed
        List<String> missing = new ArrayList<>();
        for (String feature : RiskFeatures.NAMES) {
            if (!Pattern.compile("\\n  " + Pattern.quote(feature) + ": \\[" + text + ",\\s*" + text + "\\]")
                    .matcher(words).find()) {
                missing.add(feature);
            }
        }
        assertTrue(missing.isEmpty(), "assets/core/risk-words.js lacks words for " + missing);
    }

    @Test
    void everyModuleTheFrontEndImportsExists() throws IOException {
        WebAssets web = WebAssets.bundled();
        List<String> missing = new ArrayList<>();
        try (Stream<Path> files = Files.walk(WEB)) {
            for (Path f : files.filter(x -> x.toString().endsWith(".js")).toList()) {
                String module = WEB.relativize(f).toString().replace('\\', '/');
                for (WebAssets.Import i : web.imports(module)) {
                    if (i.resolved() == null || !Files.isRegularFile(WEB.resolve(i.resolved()))) {
                        missing.add(module + " imports " + i.specifier());
                    } else if (p.http.get("/" + i.resolved(), null).status() != 200) {
                        missing.add(module + " imports " + i.specifier() + ", which is not served");
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), String.join("\n", missing));
    }
}
