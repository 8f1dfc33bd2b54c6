package org.trustmall.privacy.redaction;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PRC resident ID numbers: eighteen characters written together or as 6-8-4 groups, accepted only when
 * {@link ResidentIds#isValid} (region, birth date, MOD 11-2 check digit). An order number with a date in it fails
 * the check digit ten times out of eleven and the region code nearly always.
 */
final class IdCardRecogniser implements Recogniser {
    private static final Pattern ID = Pattern.compile(
            DIGIT_BEFORE + "(?:\\d{17}[\\dXx]|\\d{6} \\d{8} \\d{3}[\\dXx])" + AFTER);

    @Override
    public void find(String text, List<Span> out) {
        Matcher m = ID.matcher(text);
        while (m.find()) {
            if (ResidentIds.isValid(m.group().replace(" ", ""))) {
                out.add(new Span(EntityType.ID_CARD, m.start(), m.end()));
            }
        }
    }
}
