package org.trustmall.assistant.knowledge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BundledDocumentsTest {

    /** Serves the real resources except those replaced (null: missing). */
    private static ClassLoader replacing(Map<String, byte[]> replaced) {
        return new ClassLoader(BundledDocumentsTest.class.getClassLoader()) {
            @Override
            public InputStream getResourceAsStream(String name) {
                if (replaced.containsKey(name)) {
                    byte[] b = replaced.get(name);
                    return b == null ? null : new ByteArrayInputStream(b);
                }
                return super.getResourceAsStream(name);
            }
        };
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theShippedSetLoadsWithTheSameSectionsInBothLanguages() {
        Map<String, List<Passage>> docs = BundledDocuments.load(getClass().getClassLoader());
        assertEquals(List.of("en", "zh"), List.copyOf(docs.keySet()));
        assertEquals(docs.get("en").stream().map(Passage::source).toList(),
                docs.get("zh").stream().map(Passage::source).toList());
        Passage first = docs.get("en").getFirst();
        assertEquals("en:shipping#1", first.id());
        assertEquals("doc:shipping#1", first.source());
        assertEquals("Shipping and delivery tracking — Order status", first.title());
        assertTrue(docs.get("zh").stream().noneMatch(p -> p.text().contains("\n\n") || p.text().isBlank()));
    }

    @Test
    void aMissingTranslationIsReportedByItsResourceName() {
        var loader = replacing(java.util.Collections.singletonMap(BundledDocuments.ROOT + "zh/returns.md", null));
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> BundledDocuments.load(loader));
        assertEquals("org/trustmall/assistant/docs/zh/returns.md: resource missing from the class path",
                e.getMessage());
    }

    @Test
    void aTranslationWithOtherSectionsIsRefusedNamingBothFiles() {
        var loader = replacing(Map.of(BundledDocuments.ROOT + "zh/address.md", utf8("# 地址\n\n## 一\n\n文字。\n")));
        KnowledgeException e = assertThrows(KnowledgeException.class, () -> BundledDocuments.load(loader));
        assertTrue(e.getMessage().startsWith("org/trustmall/assistant/docs/zh/address.md: has 1 sections but "
                + "org/trustmall/assistant/docs/en/address.md has 4"), e.getMessage());
    }

    @Test
    void malformedDocumentsAreRefusedWithFileAndLine() {
        assertEquals("x.md: line 2: a document starts with '# Title'", assertThrows(KnowledgeException.class,
                () -> BundledDocuments.parse("x.md", "x", "en", "\n## Section\ntext\n")).getMessage());
        assertEquals("x.md: line 3: text before the first '## ' section (every passage needs a heading)",
                assertThrows(KnowledgeException.class,
                        () -> BundledDocuments.parse("x.md", "x", "en", "# T\n\nstray\n## S\ntext")).getMessage());
        assertEquals("x.md: line 3: section 'Empty' has no text", assertThrows(KnowledgeException.class,
                () -> BundledDocuments.parse("x.md", "x", "en", "# T\n\n## Empty\n\n## Full\ntext")).getMessage());
        assertEquals("x.md: has no '## ' sections", assertThrows(KnowledgeException.class,
                () -> BundledDocuments.parse("x.md", "x", "en", "# T\n")).getMessage());
    }

    @Test
    void invalidUtf8AndBadIndexLinesAreRefusedNamingTheResource() {
        var bad = replacing(Map.of(BundledDocuments.ROOT + "en/ledger.md", new byte[] {'#', ' ', (byte) 0xC3}));
        assertEquals("org/trustmall/assistant/docs/en/ledger.md: is not valid UTF-8",
                assertThrows(KnowledgeException.class, () -> BundledDocuments.load(bad)).getMessage());
        var index = replacing(Map.of(BundledDocuments.INDEX, utf8("shipping\nShipping Policy\n")));
        assertEquals("org/trustmall/assistant/docs/documents.txt: line 2: 'Shipping Policy' is not a document id "
                + "(lower-case letters, digits and single hyphens)",
                assertThrows(KnowledgeException.class, () -> BundledDocuments.load(index)).getMessage());
    }

    @Test
    void wrappedLinesJoinWithASpaceInEnglishAndWithoutOneInChinese() {
        assertEquals("one two\nthree", BundledDocuments.parse("x.md", "x", "en", "# T\n## S\none\ntwo\n\nthree")
                .getFirst().text());
        assertEquals("退款到账", BundledDocuments.parse("x.md", "x", "zh", "# T\n## S\n退款\n到账").getFirst().text());
    }
}
