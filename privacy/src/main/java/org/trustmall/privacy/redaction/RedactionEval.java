package org.trustmall.privacy.redaction;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Measures a {@link Redactor} against labelled texts: per entity type, a finding counts only when its type, start and
 * end all equal a gold span's (a span one character short is both a miss and a false alarm).
 */
public final class RedactionEval {
    private RedactionEval() {
    }

    /** Counts for one entity type (or all of them). */
    public record Score(int truePositives, int falsePositives, int falseNegatives) {
        public int gold() {
            return truePositives + falseNegatives;
        }

        public int found() {
            return truePositives + falsePositives;
        }

        /** Share of findings that are right; 1 when nothing was found. */
        public double precision() {
            return found() == 0 ? 1.0 : (double) truePositives / found();
        }

        /** Share of gold spans found; 1 when there were none. */
        public double recall() {
            return gold() == 0 ? 1.0 : (double) truePositives / gold();
        }

        Score plus(Score o) {
            return new Score(truePositives + o.truePositives, falsePositives + o.falsePositives,
                    falseNegatives + o.falseNegatives);
        }
    }

    /** A finding that was wrong ({@code missed} false) or a gold span that was not found ({@code missed} true). */
    public record Disagreement(LabelledText text, Span span, boolean missed) {
    }

    /** Every entity type's score (all types present, in priority order), the sum, and what went wrong. */
    public record Report(int texts, Map<EntityType, Score> entities, Score overall, List<Disagreement> disagreements) {
        public Report {
            entities = java.util.Collections.unmodifiableMap(new EnumMap<>(entities));
            disagreements = List.copyOf(disagreements);
        }
    }

    public static Report evaluate(Redactor redactor, List<LabelledText> texts) {
        Map<EntityType, int[]> counts = new EnumMap<>(EntityType.class);
        for (EntityType t : EntityType.values()) {
            counts.put(t, new int[3]);
        }
        List<Disagreement> wrong = new ArrayList<>();
        for (LabelledText t : texts) {
            Set<Span> gold = new HashSet<>(t.gold());
            Set<Span> found = new HashSet<>(redactor.find(t.text()));
            for (Span s : found) {
                if (gold.contains(s)) {
                    counts.get(s.type())[0]++;
                } else {
                    counts.get(s.type())[1]++;
                    wrong.add(new Disagreement(t, s, false));
                }
            }
            for (Span s : gold) {
                if (!found.contains(s)) {
                    counts.get(s.type())[2]++;
                    wrong.add(new Disagreement(t, s, true));
                }
            }
        }
        Map<EntityType, Score> scores = new EnumMap<>(EntityType.class);
        Score overall = new Score(0, 0, 0);
        for (EntityType type : EntityType.values()) {
            int[] c = counts.get(type);
            Score s = new Score(c[0], c[1], c[2]);
            scores.put(type, s);
            overall = overall.plus(s);
        }
        return new Report(texts.size(), scores, overall, wrong);
    }
}
