package org.trustmall.privacy.redaction;

import java.util.List;

/**
 * Finds candidates of one kind of personal data. Implementations are stateless and safe to share between threads;
 * candidates may overlap each other and those of other recognisers, which the {@link Redactor} settles.
 */
interface Recogniser {
    /** Adds every candidate found in {@code text} to {@code out}. */
    void find(String text, List<Span> out);

    /**
     * Characters that glue a number to the token before or after it: a number preceded by a letter, a digit or an
     * underscore (as in {@code SF1234567890}), or by a separator that itself follows one ({@code ORD-138…},
     * {@code 3.138…}), is part of something else. ASCII classes only: Chinese text writes numbers right against
     * Han characters ({@code 手机13812345678}), and those are real boundaries.
     */
    String BEFORE = "(?<![\\p{Alnum}_])(?<![\\p{Alnum}_][.\\-])";

    /** {@link #BEFORE} for a number that starts with a digit, checking the cheap thing first. */
    String DIGIT_BEFORE = "(?=\\d)" + BEFORE;

    /** The mirror of {@link #BEFORE}: no letter, digit or underscore after, nor a separator that leads to one. */
    String AFTER = "(?![\\p{Alnum}_])(?![.\\-]\\p{Alnum})";
}
