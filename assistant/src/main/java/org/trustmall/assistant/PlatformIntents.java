package org.trustmall.assistant;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SequencedSet;
import java.util.Set;
import org.trustmall.ai.intent.IntentExample;

/**
 * The platform's own intents — what a TrustMall customer asks the assistant — with training examples written for
 * each language ({@code en}, {@code zh}), and examples of what the assistant cannot help with
 * ({@value #OUT_OF_SCOPE}), from which the classifier learns to reject. The data are the resources
 * {@code org/trustmall/assistant/intents/<lang>.tsv}: a header {@code intent<TAB>text}, then one example a row.
 *
 * <p>Reading checks every row: two columns, a known intent, a text, and no text twice in a language (compared
 * without case, width or punctuation differences), so no text can teach two intents; each language must cover every
 * intent. A bad row fails with {@link InvalidRow}, naming the resource, the row and the reason. Immutable.
 */
public final class PlatformIntents {
    public static final String OUT_OF_SCOPE = "out_of_scope";
    public static final List<String> LANGUAGES = List.of("en", "zh");
    private static final String HEADER = "intent\ttext";
    private static final SequencedSet<String> INTENTS = Collections.unmodifiableSequencedSet(new LinkedHashSet<>(
            List.of("order_status", "shipment_tracking", "return_refund", "cancel_order", "change_address",
                    "payment_problem", "product_question", "complaint", "privacy_export", "privacy_erasure",
                    "privacy_consent", "talk_to_human", "greeting", "thanks")));

    /** A row of an intents resource that cannot be used: where it is and why. */
    public static final class InvalidRow extends RuntimeException {
        private final String resource;
        private final int row;

        public InvalidRow(String resource, int row, String reason) {
            super(resource + (row > 0 ? " row " + row : "") + ": " + reason);
            this.resource = resource;
            this.row = row;
        }

        public String resource() {
            return resource;
        }

        /** The 1-based line number (the header is row 1), or 0 for a problem of the whole resource. */
        public int row() {
            return row;
        }
    }

    record Language(List<IntentExample> examples, List<String> outOfScope) {
    }

    private final Map<String, Language> languages;

    private PlatformIntents(Map<String, Language> languages) {
        this.languages = Map.copyOf(languages);
    }

    /** The examples shipped with the assistant, read once. */
    public static PlatformIntents bundled() {
        return Bundled.INSTANCE;
    }

    private static final class Bundled {
        static final PlatformIntents INSTANCE = load();

        private static PlatformIntents load() {
            Map<String, Language> languages = new LinkedHashMap<>();
            for (String lang : LANGUAGES) {
                String resource = "org/trustmall/assistant/intents/" + lang + ".tsv";
                try (InputStream in = PlatformIntents.class.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new InvalidRow(resource, 0, "not on the class path");
                    }
                    languages.put(lang, read(resource, new InputStreamReader(in, StandardCharsets.UTF_8)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resource, e);
                }
            }
            return new PlatformIntents(languages);
        }
    }

    /** The in-scope intents, in a fixed order. */
    public Set<String> intents() {
        return INTENTS;
    }

    /** The in-scope examples of language {@code lang}, in the resource's order. */
    public List<IntentExample> examples(String lang) {
        return language(lang).examples();
    }

    /** The texts of language {@code lang} that the assistant cannot help with. */
    public List<String> outOfScope(String lang) {
        return language(lang).outOfScope();
    }

    private Language language(String lang) {
        Language l = languages.get(lang);
        if (l == null) {
            throw new IllegalArgumentException("no intent examples for language '" + lang + "'; there are "
                    + LANGUAGES);
        }
        return l;
    }

    /** One resource's rows, checked; {@code resource} only names it in errors. */
    static Language read(String resource, Reader reader) throws IOException {
        List<IntentExample> examples = new ArrayList<>();
        List<String> outOfScope = new ArrayList<>();
        Map<String, Integer> rowOfText = new HashMap<>();
        BufferedReader in = new BufferedReader(reader);
        String header = in.readLine();
        if (header == null || !header.replace("\uFEFF", "").strip().equals(HEADER)) {
            throw new InvalidRow(resource, 1, "the header must be 'intent<TAB>text'");
        }
        int row = 1;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            row++;
            if (line.isBlank()) {
                continue;
            }
            String[] columns = line.split("\t", -1);
            if (columns.length != 2) {
                throw new InvalidRow(resource, row, "expected 2 tab-separated columns (intent, text), found "
                        + columns.length);
            }
            String intent = columns[0].strip();
            String text = columns[1].strip();
            if (!INTENTS.contains(intent) && !intent.equals(OUT_OF_SCOPE)) {
                throw new InvalidRow(resource, row, "unknown intent '" + intent + "'");
            }
            if (text.isEmpty()) {
                throw new InvalidRow(resource, row, "the text is empty");
            }
            Integer earlier = rowOfText.putIfAbsent(comparable(text), row);
            if (earlier != null) {
                throw new InvalidRow(resource, row, "the text '" + text + "' repeats row " + earlier);
            }
            if (intent.equals(OUT_OF_SCOPE)) {
                outOfScope.add(text);
            } else {
                examples.add(new IntentExample(text, intent));
            }
        }
        Set<String> missing = new LinkedHashSet<>(INTENTS);
        examples.forEach(e -> missing.remove(e.label()));
        if (!missing.isEmpty()) {
            throw new InvalidRow(resource, 0, "no examples for " + String.join(", ", missing));
        }
        if (outOfScope.isEmpty()) {
            throw new InvalidRow(resource, 0, "no " + OUT_OF_SCOPE + " examples");
        }
        return new Language(List.copyOf(examples), List.copyOf(outOfScope));
    }

    /** A text as two texts that only differ in case, character width, spacing or punctuation both become. */
    static String comparable(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return folded.replaceAll("[^\\p{L}\\p{N}]+", " ").strip();
    }
}
