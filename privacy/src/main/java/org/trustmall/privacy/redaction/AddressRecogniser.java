package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Postal addresses, best effort.
 * <ul>
 *   <li>Chinese: a run of components — place names ending in 省, 市, 区, 县, 镇, 路, 街, 大道, 巷, 小区, 大厦 … and
 *       numbers ending in 号, 栋, 单元, 室 … — that names a street or estate <em>and</em> a number
 *       ({@code 北京市朝阳区建国路88号}). A region alone ({@code 广东省深圳市}) is not a personal address; {@code 地铁5号线}
 *       has no street. Chinese has no spaces, so the words before the address ({@code 寄到}, {@code 我住在}) are cut off
 *       at a known province or city name or after the last word such as 在, 到, 的 that ends them.</li>
 *   <li>English: a house number, one to four capitalised words and a street type ({@code 221B Baker Street},
 *       {@code 1600 Amphitheatre Parkway}), optionally a compass suffix, a flat or suite, and after a comma a city
 *       from a short list, or any city followed by a state code and ZIP code.</li>
 * </ul>
 */
final class AddressRecogniser implements Recogniser {
    private static final String ZH_PLACE_MARK = "(?:特别行政区|自治区|自治州|省|市|区|县|旗|镇|乡|街道|大道|大街|路|街|巷|胡同|弄|村"
            + "|小区|花园|公寓|大厦|广场|苑)";
    private static final String ZH_NUMBER = "\\d{1,5}(?:-\\d{1,5})?(?:号楼|号院|号|栋|幢|座|单元|楼|层|室)";
    private static final Pattern ZH_NUMBER_ANYWHERE = Pattern.compile(ZH_NUMBER);
    /** The first characters of the marks: one class test lets the lazy name part skip what cannot end it. */
    private static final String ZH_MARK_START = "(?=[特自省市区县旗镇乡街大路巷胡弄村小花公广苑])";
    private static final Pattern ZH_RUN = Pattern.compile(
            "(?:\\p{IsHan}{1,10}?" + ZH_MARK_START + ZH_PLACE_MARK + "|" + ZH_NUMBER + "|[A-Z]座){1,24}+");
    private static final Pattern ZH_COMPONENT = Pattern.compile(
            "\\p{IsHan}{1,10}?" + ZH_MARK_START + "(" + ZH_PLACE_MARK + ")|" + ZH_NUMBER + "|[A-Z]座");
    private static final Pattern ADMINISTRATIVE = Pattern.compile("(?:特别行政区|自治区|自治州|省|市|区|县|旗|镇|乡)$");
    private static final Pattern ESTATE = Pattern.compile("(?:小区|花园|公寓|大厦|广场|苑)$");
    /** Words after which an address starts, at the end of the text before it. */
    private static final String ZH_LEAD_IN = "在到的是住至往于为址";

    private static final String STREET_TYPE = "(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court"
            + "|Ct|Way|Place|Pl|Terrace|Close|Crescent|Square|Sq|Highway|Hwy|Parkway|Pkwy)";
    private static final Pattern EN = Pattern.compile(
            "(?<![\\p{Alnum}.,])\\d{1,5}[A-Za-z]?(?:[ ](?:\\p{Lu}\\p{Ll}+|\\d{1,3}(?:st|nd|rd|th))){1,4}?[ ]"
                    + STREET_TYPE + "(?![\\p{L}\\p{N}])"
                    + "(?:[ ](?:NW|NE|SW|SE|N|S|E|W)(?![\\p{L}\\p{N}]))?"
                    + "(?:,[ ]?(?:Apt|Apartment|Suite|Unit|Flat|Room)\\.?[ ]?#?[0-9A-Za-z]{1,5}(?![\\p{L}\\p{N}]))?"
                    + "(?<city>,[ ]?\\p{Lu}\\p{Ll}+(?:[ ]\\p{Lu}\\p{Ll}+){0,2}"
                    + "(?<zip>,?[ ][A-Z]{2}[ ]\\d{5}(?:-\\d{4})?(?!\\d))?)?");

    @Override
    public void find(String text, List<Span> out) {
        chinese(text, out);
        english(text, out);
    }

    private static void chinese(String text, List<Span> out) {
        // Every Chinese address has a house number: text without one (nearly all text) needs no closer look.
        if (!ZH_NUMBER_ANYWHERE.matcher(text).find()) {
            return;
        }
        Matcher run = ZH_RUN.matcher(text);
        while (run.find()) {
            int start = run.start();
            int end = run.end();
            boolean street = false;
            boolean number = false;
                Matcher c = ZH_COMPONENT.matcher(text).region(start, end);
            while (c.find()) {
                if (c.group(1) == null) {
                    number = true;
                } else if (!number) {
                    street |= !isAdministrative(c.group());
                } else if (!isEstate(c.group())) {
                    // After the house number only an estate or building may follow (88号阳光花园3栋); a street or
                    // district is the next sentence (88号附近的超市).
                    end = c.start();
                    break;
                }
            }
            if (street && number) {
                Matcher first = ZH_COMPONENT.matcher(text).region(start, end);
                int firstEnd = first.find() ? first.end() : end;
                out.add(new Span(EntityType.ADDRESS, trimLeadIn(text, start, firstEnd), end));
            }
        }
    }

    /**
     * Whether a place component names a region rather than a street or estate. Judged on the component's text, not
     * the mark the lazy match stopped at: 小区 is taken as 小 + 区, and is an estate.
     */
    private static boolean isAdministrative(String component) {
        return !isEstate(component) && ADMINISTRATIVE.matcher(component).find();
    }

    private static boolean isEstate(String component) {
        return ESTATE.matcher(component).find();
    }

    /**
     * Cuts the words before the address off, looking only in its first component (where they are glued on): up to
     * a known place name, else after the last lead-in word.
     */
    private static int trimLeadIn(String text, int start, int limit) {
        for (int i = start; i < limit; i++) {
            for (int len = 2; len <= 3 && i + len <= limit; len++) {
                if (Lexicon.PLACES.contains(text.substring(i, i + len))) {
                    return i;
                }
            }
        }
        int cut = start;
        for (int i = start; i < limit; i++) {
            if (ZH_LEAD_IN.indexOf(text.charAt(i)) >= 0) {
                cut = i + 1;
            }
        }
        return cut < limit ? cut : start;
    }

    private static void english(String text, List<Span> out) {
        Matcher m = EN.matcher(text);
        while (m.find()) {
            int end = m.end();
            if (m.group("city") != null && m.group("zip") == null) {
                String city = m.group("city").replaceFirst("^,[ ]?", "");
                if (!Lexicon.CITIES.contains(city)) {
                    end = m.start("city");
                }
            }
            out.add(new Span(EntityType.ADDRESS, m.start(), end));
        }
    }
}
