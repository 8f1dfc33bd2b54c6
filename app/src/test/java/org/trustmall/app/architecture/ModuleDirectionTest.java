package org.trustmall.app.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Guards the one-way module direction of DESIGN.md: a module may use only the modules below it. Checked twice:
 * in the Maven build graph (every reactor module's dependencies on our own artifacts) and in the bytecode (no
 * class of a module refers to a package of a module it may not use). Also: nothing below {@code app} reads
 * environment variables or system properties — configuration is passed in.
 */
class ModuleDirectionTest {
    /** DESIGN.md's table: module → the modules it may depend on directly. */
    static final Map<String, Set<String>> ALLOWED = new LinkedHashMap<>();

    static {
        ALLOWED.put("ledger", Set.of());
        ALLOWED.put("contracts", Set.of("ledger"));
        ALLOWED.put("privacy", Set.of("contracts", "ledger"));
        ALLOWED.put("data", Set.of("privacy", "contracts", "ledger"));
        ALLOWED.put("ai", Set.of("data", "contracts"));
        ALLOWED.put("commerce", Set.of("ai", "privacy", "contracts", "ledger"));
        ALLOWED.put("assistant", Set.of("commerce", "ai", "privacy"));
        ALLOWED.put("server", Set.of("assistant", "commerce", "ai", "data", "privacy", "contracts", "ledger"));
        ALLOWED.put("app", Set.of("server", "assistant", "commerce", "ai", "data", "privacy", "contracts", "ledger"));
    }

    static Path root;
    static JavaClasses classes;

    @BeforeAll
    static void load() {
        root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("mvnw"))) {
            root = root.getParent();
        }
        assertTrue(root != null, "cannot find the repository root (no mvnw above " + Path.of("").toAbsolutePath()
                + ")");
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.trustmall");
    }

    /** Everything a module may reach, directly or through the modules it may use. */
    static Set<String> reachable(String module) {
        Set<String> out = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(ALLOWED.getOrDefault(module, Set.of()));
        while (!todo.isEmpty()) {
            String m = todo.remove(0);
            if (out.add(m)) {
                todo.addAll(ALLOWED.getOrDefault(m, Set.of()));
            }
        }
        return out;
    }

    @Test
    void everyModuleOfTheBuildIsPlacedInTheDirectionTable() throws Exception {
        for (String module : reactorModules()) {
            assertTrue(ALLOWED.containsKey(module), "module '" + module + "' is not in DESIGN.md's direction table;"
                    + " add it to ModuleDirectionTest.ALLOWED where it belongs");
        }
    }

    @Test
    void noModuleDependsOnAModuleAboveIt() throws Exception {
        List<String> violations = new ArrayList<>();
        for (String module : reactorModules()) {
            Set<String> allowed = reachable(module);
            for (String dep : ourDependencies(module)) {
                if (!allowed.contains(dep)) {
                    violations.add(module + " depends on " + dep);
                }
            }
        }
        assertEquals(List.of(), violations, "module dependencies against DESIGN.md's direction");
    }

    @Test
    void noClassUsesAPackageOfAModuleItMayNotUse() {
        Set<String> present = new HashSet<>(reactorModulesUnchecked());
        for (String module : present) {
            Set<String> forbidden = new LinkedHashSet<>(ALLOWED.keySet());
            forbidden.remove(module);
            forbidden.removeAll(reachable(module));
            if (forbidden.isEmpty()) {
                continue;
            }
            String[] packages = forbidden.stream().map(m -> "org.trustmall." + m + "..").toArray(String[]::new);
            noClasses().that().resideInAPackage("org.trustmall." + module + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(packages)
                    .because("DESIGN.md: a module may use only the modules below it")
                    .check(classes);
        }
    }

    @Test
    void nothingBelowTheAppReadsEnvironmentVariablesOrSystemProperties() {
        noClasses().that().resideOutsideOfPackage("org.trustmall.app..")
                .should().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(System.class, "getenv")
                .orShould().callMethod(System.class, "getProperty", String.class)
                .orShould().callMethod(System.class, "getProperty", String.class, String.class)
                .because("DESIGN.md: nothing below app reads environment variables or flags; config is passed in")
                .check(classes);
    }

    @Test
    void theDirectionCheckWouldCatchAnUpwardDependency() {
        // The rule itself must be able to fail: ledger reaching contracts is exactly what it forbids.
        assertTrue(!reachable("ledger").contains("contracts"));
        assertTrue(reachable("app").containsAll(Set.of("ledger", "contracts")));
        assertTrue(!reachable("ai").contains("commerce"));
    }

    private static List<String> reactorModulesUnchecked() {
        try {
            return reactorModules();
        } catch (Exception e) {
            fail(e);
            return List.of();
        }
    }

    private static List<String> reactorModules() throws Exception {
        Document pom = parse(root.resolve("pom.xml"));
        NodeList modules = pom.getElementsByTagName("module");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < modules.getLength(); i++) {
            out.add(modules.item(i).getTextContent().trim());
        }
        assertTrue(!out.isEmpty(), "the root pom lists no modules");
        return out;
    }

    /** The module names of this module's dependencies on org.trustmall artifacts (trustmall-NAME). */
    private static List<String> ourDependencies(String module) throws Exception {
        Document pom = parse(root.resolve(module).resolve("pom.xml"));
        List<String> out = new ArrayList<>();
        NodeList deps = pom.getElementsByTagName("dependency");
        Pattern artifact = Pattern.compile("trustmall-(.+)");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String group = text(d, "groupId");
            Matcher m = artifact.matcher(text(d, "artifactId"));
            if (("org.trustmall".equals(group) || "${project.groupId}".equals(group)) && m.matches()) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String text(Element parent, String tag) {
        NodeList n = parent.getElementsByTagName(tag);
        return n.getLength() == 0 ? "" : n.item(0).getTextContent().trim();
    }

    private static Document parse(Path file) throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
    }
}
