package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IP addresses. IPv4: four decimal octets 0–255 without leading zeros, not part of a longer dotted run (so
 * {@code 1.2.3.4.5}, a version or OID, and {@code 999.1.1.1} are not addresses). IPv6: a run of hex digits, colons
 * and dots that parses as RFC 4291 text (eight groups, or fewer with one {@code ::}, optionally ending in an IPv4
 * address) and has a digit in it, so that neither a clock time {@code 12:30:45} nor a word like {@code add::face}
 * counts.
 */
final class IpRecogniser implements Recogniser {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern IPV4 = Pattern.compile(
            "(?<![\\p{Alnum}_.])(?:" + OCTET + "\\.){3}" + OCTET + "(?![\\p{Alnum}_])(?!\\.\\d)");
    private static final Pattern IPV4_WHOLE = Pattern.compile("(?:" + OCTET + "\\.){3}" + OCTET);

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = IPV4.matcher(text);
        while (m.find()) {
            out.add(new Span(EntityType.IP, m.start(), m.end()));
        }
        findIpv6(text, out);
    }

    private static void findIpv6(String text, List<Span> out) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isV6Char(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < n && isV6Char(text.charAt(i))) {
                i++;
            }
            int end = i;
            // "addr:2001:db8::1": a lone colon before the address belongs to the text, not to it.
            if (text.charAt(start) == ':' && start + 1 < end && text.charAt(start + 1) != ':') {
                start++;
            }
            // A sentence may end right after the address.
            while (end > start && text.charAt(end - 1) == '.') {
                end--;
            }
            boolean gluedBefore = start > 0 && isWordChar(text.charAt(start - 1));
            boolean gluedAfter = i < n && isWordChar(text.charAt(i));
            if (!gluedBefore && !gluedAfter && end - start >= 3 && isIpv6(text.substring(start, end))) {
                out.add(new Span(EntityType.IP, start, end));
            }
        }
    }

    static boolean isIpv6(String s) {
        if (s.length() > 45 || s.indexOf(':') < 0 || s.chars().noneMatch(c -> c >= '0' && c <= '9')) {
            return false;
        }
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        int groups;
        if (gap < 0) {
            groups = countGroups(s, true);
            return groups == 8;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int h = head.isEmpty() ? 0 : countGroups(head, false);
        int t = tail.isEmpty() ? 0 : countGroups(tail, true);
        return h >= 0 && t >= 0 && h + t <= 7 && h + t >= 1;
    }

    /** Groups of 1–4 hex digits separated by single colons (the last may be an IPv4 address, worth two); -1 if bad. */
    private static int countGroups(String s, boolean ipv4Allowed) {
        String[] parts = s.split(":", -1);
        int count = 0;
        for (int k = 0; k < parts.length; k++) {
            String p = parts[k];
            if (ipv4Allowed && k == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!IPV4_WHOLE.matcher(p).matches()) {
                    return -1;
                }
                count += 2;
            } else if (p.length() >= 1 && p.length() <= 4 && p.chars().allMatch(IpRecogniser::isHex)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isV6Char(char c) {
        return isHex(c) || c == ':' || c == '.';
    }

    private static boolean isHex(int c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWordChar(char c) {
        return (c < 128 && Character.isLetterOrDigit(c)) || c == '_';
    }
}
