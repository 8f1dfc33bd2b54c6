package org.trustmall.assistant.knowledge;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the policy and FAQ documents shipped under {@code org/trustmall/assistant/docs/}: {@code documents.txt}
 * lists the document ids, and each id has {@code en/<id>.md} and {@code zh/<id>.md}. A document is {@code # Title}
 * then {@code ## Section} headings, each followed by its text; each section is one passage, numbered from 1, and
 * both languages must have the same number of sections so that {@code doc:<id>#<n>} names the same section in each.
 * Every error names the resource and, where it helps, the line.
 */
final class BundledDocuments {
    static final String ROOT = "org/trustmall/assistant/docs/";
    static final String INDEX = ROOT + "documents.txt";
    static final List<String> LANGUAGES = List.of("en", "zh");
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private BundledDocuments() {
    }

    /** Passages per language, in the index's document order. */
    static Map<String, List<Passage>> load(ClassLoader loader) {
        List<String> ids = ids(read(loader, INDEX));
        Map<String, List<Passage>> out = new LinkedHashMap<>();
        Map<String, Integer> sections = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            List<Passage> passages = new ArrayList<>();
            for (String id : ids) {
                String name = ROOT + lang + "/" + id + ".md";
                List<Passage> doc = parse(name, id, lang, read(loader, name));
                Integer first = sections.putIfAbsent(id, doc.size());
                if (first != null && first != doc.size()) {
                    throw new KnowledgeException(name + ": has " + doc.size() + " sections but " + ROOT
                            + LANGUAGES.get(0) + "/" + id + ".md has " + first + "; translations keep the same "
                            + "sections in the same order");
                }
                passages.addAll(doc);
            }
            out.put(lang, List.copyOf(passages));
        }
        return out;
    }

    static List<String> ids(String index) {
        List<String> ids = new ArrayList<>();
        String[] lines = index.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!ID.matcher(line).matches()) {
                throw new KnowledgeException(INDEX + ": line " + (i + 1) + ": '" + line
                        + "' is not a document id (lower-case letters, digits and single hyphens)");
            }
            if (ids.contains(line)) {
                throw new KnowledgeException(INDEX + ": line " + (i + 1) + ": document id '" + line
                        + "' is listed twice");
            }
            ids.add(line);
        }
        if (ids.isEmpty()) {
            throw new KnowledgeException(INDEX + ": lists no documents");
        }
        return ids;
    }

    /** One document's sections as passages; {@code name} is what errors call the file. */
    static List<Passage> parse(String name, String docId, String lang, String markdown) {
        String[] lines = markdown.replace("\r\n", "\n").split("\n", -1);
        String title = null;
        String heading = null;
        int headingLine = 0;
        StringBuilder body = new StringBuilder();
        List<Passage> out = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (title == null) {
                if (line.isEmpty()) {
                    continue;
                }
                if (!line.startsWith("# ") || line.substring(2).isBlank()) {
                    throw new KnowledgeException(name + ": line " + (i + 1) + ": a document starts with '# Title'");
                }
                title = line.substring(2).strip();
            } else if (line.startsWith("## ")) {
                if (heading != null) {
                    out.add(section(name, docId, lang, title, heading, headingLine, body, out.size() + 1));
                }
                heading = line.substring(3).strip();
                headingLine = i + 1;
                if (heading.isEmpty()) {
                    throw new KnowledgeException(name + ": line " + (i + 1) + ": a section heading is empty");
                }
                body.setLength(0);
            } else if (line.startsWith("#") && !line.startsWith("###")) {
                throw new KnowledgeException(name + ": line " + (i + 1) + ": only one '# Title', then '## ' sections");
            } else if (heading == null) {
                if (!line.isEmpty()) {
                    throw new KnowledgeException(name + ": line " + (i + 1)
                            + ": text before the first '## ' section (every passage needs a heading)");
                }
            } else if (line.isEmpty()) {
                if (!body.isEmpty() && body.charAt(body.length() - 1) != '\n') {
                    body.append('\n');
                }
            } else {
                if (!body.isEmpty() && body.charAt(body.length() - 1) != '\n') {
                    body.append(joinsWithoutSpace(body, line) ? "" : " ");
                }
                body.append(line);
            }
        }
        if (title == null) {
            throw new KnowledgeException(name + ": is empty");
        }
        if (heading == null) {
            throw new KnowledgeException(name + ": has no '## ' sections");
        }
        out.add(section(name, docId, lang, title, heading, headingLine, body, out.size() + 1));
        return out;
    }

    /** Chinese lines wrapped in the source join without a space. */
    private static boolean joinsWithoutSpace(StringBuilder body, String next) {
        int last = body.codePointBefore(body.length());
        return KeywordTokens.isHan(last) || KeywordTokens.isHan(next.codePointAt(0));
    }

    private static Passage section(String name, String docId, String lang, String title, String heading,
                                   int headingLine, StringBuilder body, int n) {
        String text = body.toString().strip();
        if (text.isEmpty()) {
            throw new KnowledgeException(name + ": line " + headingLine + ": section '" + heading + "' has no text");
        }
        return new Passage(lang + ":" + docId + "#" + n, "doc:" + docId + "#" + n, title + " — " + heading, lang,
                text);
    }

    private static String read(ClassLoader loader, String name) {
        try (InputStream in = loader.getResourceAsStream(name)) {
            if (in == null) {
                throw new KnowledgeException(name + ": resource missing from the class path");
            }
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(in.readAllBytes()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new KnowledgeException(name + ": is not valid UTF-8", e);
        } catch (IOException e) {
            throw new KnowledgeException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
