package org.trustmall.assistant.knowledge;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The words keyword search matches on. English: lower-cased runs of letters and digits, stop words dropped, then a
 * light suffix stemmer (plurals, -ing, -ed, -ation, a final e, a final doubled consonant) so that "cancelled",
 * "cancelling" and "cancel" meet. Chinese: every character of a run of Han characters and every pair of neighbours
 * in it (there are no spaces to split words at, and bigrams catch most two-character words), plus the lower-cased
 * Latin words in between. Pure and thread-safe.
 */
final class KeywordTokens {
    private static final Set<String> STOP_WORDS = Set.of(
            "a", "about", "after", "again", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
            "been", "before", "being", "but", "by", "can", "could", "did", "do", "does", "doing", "for", "from",
            "get", "got", "had", "has", "have", "he", "her", "here", "him", "his", "how", "i", "if", "in", "into",
            "is", "it", "its", "just", "let", "me", "might", "more", "my", "no", "not", "now", "of", "on", "once",
            "one", "or", "our", "out", "please", "she", "should", "so", "some", "than", "that", "the", "their",
            "them", "then", "there", "these", "they", "this", "those", "to", "too", "up", "us", "very", "was", "we",
            "were", "what", "when", "where", "which", "while", "who", "whom", "why", "will", "with", "would", "you",
            "your", "yours");

    private static final Set<String> CHINESE_STOP_CHARACTERS = Set.of(
            "的", "了", "吗", "呢", "吧", "啊", "是", "我", "你", "您", "他", "她", "它", "在", "和", "与", "也",
            "就", "都", "要", "会", "能", "可", "把", "被", "这", "那", "个", "有", "么", "什", "怎", "请", "让");

    private KeywordTokens() {
    }

    /** The tokens of {@code text} for a document set in {@code lang} ({@code zh}: Chinese rules, else English). */
    static List<String> of(String text, String lang) {
        return "zh".equals(lang) ? chinese(text) : english(text);
    }

    static List<String> english(String text) {
        List<String> out = new ArrayList<>();
        for (String word : words(text)) {
            if (!STOP_WORDS.contains(word)) {
                out.add(stem(word));
            }
        }
        return out;
    }

    /**
     * Han runs as unigrams (less a few function characters) and all bigrams; other letters and digits as lower-cased
     * words, unstemmed.
     */
    static List<String> chinese(String text) {
        List<String> out = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            if (isHan(cps[i])) {
                int start = i;
                while (i < cps.length && isHan(cps[i])) {
                    i++;
                }
                for (int j = start; j < i; j++) {
                    String uni = new String(cps, j, 1);
                    if (!CHINESE_STOP_CHARACTERS.contains(uni)) {
                        out.add(uni);
                    }
                    if (j + 1 < i) {
                        out.add(new String(cps, j, 2));
                    }
                }
            } else if (Character.isLetterOrDigit(cps[i])) {
                int start = i;
                while (i < cps.length && Character.isLetterOrDigit(cps[i]) && !isHan(cps[i])) {
                    i++;
                }
                out.add(new String(cps, start, i - start).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return out;
    }

    static boolean isHan(int codePoint) {
        return Character.UnicodeScript.of(codePoint) == Character.UnicodeScript.HAN;
    }

    /**
     * The words of a question worth searching the catalogue for one at a time: Latin words that are not stop words
     * (unstemmed: the search index has its own analyser) and the bigrams of Han runs between function characters
     * (a lone character when the run has one), in order of appearance, each once.
     */
    static List<String> searchTerms(String text) {
        Set<String> out = new LinkedHashSet<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            int start = i;
            if (isHan(cps[i])) {
                // A run is cut at function characters (吗, 的 …) so no bigram straddles one.
                while (i < cps.length && isHan(cps[i]) && !CHINESE_STOP_CHARACTERS.contains(new String(cps, i, 1))) {
                    i++;
                }
                if (i == start) {
                    i++;
                    continue;
                }
                if (i - start == 1) {
                    out.add(new String(cps, start, 1));
                }
                for (int j = start; j + 1 < i; j++) {
                    out.add(new String(cps, j, 2));
                }
            } else if (Character.isLetterOrDigit(cps[i])) {
                while (i < cps.length && Character.isLetterOrDigit(cps[i]) && !isHan(cps[i])) {
                    i++;
                }
                String w = new String(cps, start, i - start).toLowerCase(Locale.ROOT);
                if (!STOP_WORDS.contains(w) && w.length() > 1) {
                    out.add(w);
                }
            } else {
                i++;
            }
        }
        return List.copyOf(out);
    }

    /** Lower-cased maximal runs of letters and digits. */
    private static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        int[] cps = text.codePoints().toArray();
        int i = 0;
        while (i < cps.length) {
            if (Character.isLetterOrDigit(cps[i])) {
                int start = i;
                while (i < cps.length && Character.isLetterOrDigit(cps[i])) {
                    i++;
                }
                out.add(new String(cps, start, i - start).toLowerCase(Locale.ROOT));
            } else {
                i++;
            }
        }
        return out;
    }

    /** A light stemmer: enough to meet inflections of the same word, never aiming at linguistic roots. */
    static String stem(String word) {
        String w = word;
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            w = w.substring(0, w.length() - 3) + "y";
        } else if (w.endsWith("sses") || w.endsWith("xes") || w.endsWith("ches") || w.endsWith("shes")) {
            w = w.substring(0, w.length() - 2);
        } else if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            w = w.substring(0, w.length() - 1);
        }
        w = strip(w, "ation");
        w = strip(w, "ing");
        w = strip(w, "ed");
        if (w.endsWith("e") && w.length() > 4) {
            w = w.substring(0, w.length() - 1);
        }
        int n = w.length();
        if (n > 3 && w.charAt(n - 1) == w.charAt(n - 2) && "aeiou".indexOf(w.charAt(n - 1)) < 0
                && Character.isLetter(w.charAt(n - 1))) {
            w = w.substring(0, n - 1);
        }
        return w;
    }

    private static String strip(String w, String suffix) {
        return w.endsWith(suffix) && w.length() - suffix.length() >= 3 ? w.substring(0, w.length() - suffix.length())
                : w;
    }
}
