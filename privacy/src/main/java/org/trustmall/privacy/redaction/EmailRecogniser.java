package org.trustmall.privacy.redaction;

import java.util.List;

/**
 * Email addresses, found from each {@code @} outwards rather than by one regular expression, so the work is linear
 * in the text whatever it holds. The local part is ASCII ({@code a-z0-9._%+-}) or internationalised (RFC 6531:
 * {@code josé@…}, {@code 张伟@…}); the domain is two or more labels, ASCII or internationalised
 * ({@code 例子.中国}), ending in a top-level domain of letters.
 *
 * <p>Chinese text puts no space between words, so a local part or a domain label never mixes Han with other
 * characters: in {@code 邮箱zhang@example.com谢谢} the address is {@code zhang@example.com}. The cost is that an
 * all-Han local part directly after Han text ({@code 联系张伟@例子.中国}) takes the words before it along.
 */
final class EmailRecogniser implements Recogniser {
    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;

    @Override
    public void find(String text, List<Span> out) {
        int from = 0;
        int at;
        while ((at = text.indexOf('@', from)) >= 0) {
            from = at + 1;
            int start = localStart(text, at);
            int end = domainEnd(text, at + 1);
            if (start < at && end > at + 1) {
                out.add(new Span(EntityType.EMAIL, start, end));
                from = end;
            }
        }
    }

    /** Where the local part before {@code at} begins ({@code at} itself when there is none). */
    private static int localStart(String text, int at) {
        if (at == 0) {
            return at;
        }
        boolean han = isHan(text.charAt(at - 1));
        int i = at;
        while (i > 0 && at - i < MAX_LOCAL && isLocalChar(text.charAt(i - 1), han)) {
            i--;
        }
        // A leading dot is punctuation before the address; a trailing one, or two in a row, is no address.
        while (i < at && text.charAt(i) == '.') {
            i++;
        }
        if (i == at || text.charAt(at - 1) == '.' || text.substring(i, at).contains("..")) {
            return at;
        }
        return i;
    }

    private static boolean isLocalChar(char c, boolean han) {
        if (han) {
            return isHan(c);
        }
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
        }
        return Character.isLetterOrDigit(c) && !isHan(c);
    }

    /** Where the domain after the {@code @} at {@code from - 1} ends, or -1 when there is none. */
    private static int domainEnd(String text, int from) {
        int n = text.length();
        int i = from;
        int labels = 0;
        int lastLabelStart = -1;
        int end = -1;
        int tldEnd = -1;
        while (i < n && i - from < MAX_DOMAIN) {
            char first = text.charAt(i);
            if (!isLabelChar(first, isHan(first))) {
                break;
            }
            boolean han = isHan(first);
            int s = i;
            while (i < n && (isLabelChar(text.charAt(i), han) || text.charAt(i) == '-')) {
                i++;
            }
            if (text.charAt(i - 1) == '-') {
                break;
            }
            labels++;
            lastLabelStart = s;
            end = i;
            if (labels >= 2 && isTopLevel(text, s, i)) {
                tldEnd = i;
            }
            if (i + 1 < n && text.charAt(i) == '.' && isLabelChar(text.charAt(i + 1), isHan(text.charAt(i + 1)))) {
                i++;
            } else {
                break;
            }
        }
        return lastLabelStart < 0 || end < 0 ? -1 : tldEnd;
    }

    private static boolean isTopLevel(String text, int s, int e) {
        if (isHan(text.charAt(s))) {
            return true;
        }
        if (e - s < 2) {
            return false;
        }
        for (int k = s; k < e; k++) {
            if (!Character.isLetter(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLabelChar(char c, boolean han) {
        if (han) {
            return isHan(c);
        }
        if (c < 128) {
            return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        }
        return Character.isLetterOrDigit(c) && !isHan(c);
    }

    static boolean isHan(char c) {
        return Character.UnicodeScript.of(c) == Character.UnicodeScript.HAN;
    }
}
