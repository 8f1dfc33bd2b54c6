package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Person names, best effort: a name is recognised by what stands around it, never by itself.
 * <ul>
 *   <li>English: one or two capitalised words after a title ({@code Mr}, {@code Dr.} …) or a strong cue
 *       ({@code my name is}, {@code Name:}, {@code Dear}, {@code Regards,} …); a common given name after a weak cue
 *       ({@code call}, {@code ask for}, {@code I'm} …); and a common given name followed by a capitalised word
 *       ({@code Emily Chen}). The title or cue is not part of the name.</li>
 *   <li>Chinese: a common surname (one or two characters) and one or two more characters after a cue
 *       ({@code 我叫}, {@code 姓名}, {@code 收件人}, {@code 联系人} …), stopping at particles and words such as
 *       {@code 电话}; and a surname, with or without a given name, before {@code 先生}, {@code 女士} or {@code 小姐}.</li>
 * </ul>
 * Names without a cue, names from outside the lists and lower-case names are missed; capitalised pairs such as
 * {@code Jack Daniels} are found although they may name a product.
 */
final class NameRecogniser implements Recogniser {
    /** A capitalised word: Smith, O'Brien, McDonald, Smith-Jones, José. */
    private static final String WORD = "\\p{Lu}(?:'\\p{Lu})?\\p{Ll}+(?:\\p{Lu}\\p{Ll}+)?(?:-\\p{Lu}\\p{Ll}+)?(?![\\p{L}\\p{N}])";
    private static final String NOT_AFTER_LETTER = "(?<![\\p{L}\\p{N}'])";

    private static final Pattern STRONG_CUE = Pattern.compile(NOT_AFTER_LETTER
            + "(?:(?:Mr|Mrs|Ms|Miss|Mx|Dr|Prof)\\.?|[Mm]y name is|[Mm]y name's|[Nn]ame is|[Nn]ame ?[:：]|Dear|Attn[:.]?"
            + "|[Rr]ecipient ?:|[Cc]ardholder ?:|[Cc]ontact(?: person)? ?:|[Ss]igned ?:?|[Ss]incerely,|[Rr]egards,)"
            + "[ \\t]{1,3}(" + WORD + ")(?:[ ](" + WORD + "))?");
    private static final Pattern WEAK_CUE = Pattern.compile(NOT_AFTER_LETTER
            + "(?:I'm|I am|[Tt]his is|[Aa]sk for|[Cc]all|[Tt]ell|[Cc]ontact|[Mm]eet|[Ww]ith|[Ff]rom|[Bb]y|[Tt]o|[Ff]or|[Hh]i|"
            + "[Hh]ello|[Tt]hanks,?|[Tt]hank you,?)[ \\t]{1,3}(" + WORD + ")");
    private static final Pattern PAIR = Pattern.compile(NOT_AFTER_LETTER + "(" + WORD + ")[ ](" + WORD + ")");

    private static final Pattern ZH_CUE = Pattern.compile(
            "(?:我叫|我的名字是|名字叫|名叫|姓名|收件人|收货人|联系人|寄件人|持卡人|申请人|客户|买家)[:：]?[ ]?");
    private static final Pattern ZH_SUFFIX = Pattern.compile("先生|女士|小姐");

    @Override
    public void find(String text, List<Span> out) {
        english(text, out);
        chinese(text, out);
    }

    private static void english(String text, List<Span> out) {
        Matcher m = STRONG_CUE.matcher(text);
        int from = 0;
        while (from < text.length() && m.find(from)) {
            addName(m, 1, 2, out);
            // The first word may itself be a title ("Dear Mr Smith"): look again from there.
            from = m.start(1);
        }
        m = WEAK_CUE.matcher(text);
        while (m.find()) {
            if (Lexicon.GIVEN_NAMES.contains(m.group(1))) {
                out.add(new Span(EntityType.NAME, m.start(1), m.end(1)));
            }
        }
        m = PAIR.matcher(text);
        from = 0;
        while (from < text.length() && m.find(from)) {
            if (Lexicon.GIVEN_NAMES.contains(m.group(1)) && isNameWord(m.group(2))) {
                out.add(new Span(EntityType.NAME, m.start(1), m.end(2)));
            }
            from = m.start(2);
        }
    }

    private static void addName(Matcher m, int first, int second, List<Span> out) {
        if (!isNameWord(m.group(first))) {
            return;
        }
        int end = m.group(second) != null && isNameWord(m.group(second)) ? m.end(second) : m.end(first);
        out.add(new Span(EntityType.NAME, m.start(first), end));
    }

    private static boolean isNameWord(String w) {
        return !Lexicon.NOT_NAMES.contains(w) && !Lexicon.TITLES.contains(w);
    }

    private static void chinese(String text, List<Span> out) {
        Matcher m = ZH_CUE.matcher(text);
        while (m.find()) {
            int end = chineseNameAt(text, m.end());
            if (end > 0) {
                out.add(new Span(EntityType.NAME, m.end(), end));
            }
        }
        m = ZH_SUFFIX.matcher(text);
        while (m.find()) {
            int start = chineseNameBefore(text, m.start());
            if (start >= 0) {
                out.add(new Span(EntityType.NAME, start, m.start()));
            }
        }
    }

    /** The end of a surname and one or two given characters starting at {@code p}, or -1. */
    static int chineseNameAt(String text, int p) {
        int n = text.length();
        int q;
        if (p + 2 <= n && Lexicon.DOUBLE_SURNAMES.contains(text.substring(p, p + 2))) {
            q = p + 2;
        } else if (p < n && Lexicon.SURNAMES.contains(text.charAt(p))) {
            q = p + 1;
        } else {
            return -1;
        }
        int given = 0;
        while (given < 2 && q < n && isGivenChar(text, q)) {
            q++;
            given++;
        }
        return given == 0 ? -1 : q;
    }

    /**
     * The start of the name before a form of address at {@code k}: the surname alone ({@code 王先生}), else a
     * surname and one or two given characters ({@code 张伟先生}, {@code 李小红女士}); -1 when there is none.
     */
    static int chineseNameBefore(String text, int k) {
        for (int given = 0; given <= 2; given++) {
            if (given > 0 && (k - given < 0 || !isGivenChar(text, k - given))) {
                return -1;
            }
            int surnameEnd = k - given;
            if (surnameEnd >= 2 && Lexicon.DOUBLE_SURNAMES.contains(text.substring(surnameEnd - 2, surnameEnd))) {
                return surnameEnd - 2;
            }
            if (surnameEnd >= 1 && Lexicon.SURNAMES.contains(text.charAt(surnameEnd - 1))) {
                return surnameEnd - 1;
            }
        }
        return -1;
    }

    private static boolean isGivenChar(String text, int i) {
        char c = text.charAt(i);
        if (!EmailRecogniser.isHan(c) || Lexicon.ZH_STOP_CHARS.contains(c)) {
            return false;
        }
        for (String w : Lexicon.ZH_STOP_WORDS) {
            if (text.startsWith(w, i)) {
                return false;
            }
        }
        return true;
    }
}
