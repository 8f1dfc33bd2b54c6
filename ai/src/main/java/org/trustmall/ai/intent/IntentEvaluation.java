package org.trustmall.ai.intent;

import java.util.List;

/**
 * How a classifier does on labelled utterances. An in-scope utterance counts as correct only when it is accepted and
 * given its intent (a rejected one is an error); an out-of-scope utterance counts as caught only when rejected.
 *
 * @param inScope            in-scope utterances evaluated
 * @param inScopeCorrect     of those, accepted with the right intent
 * @param inScopeRejected    of those, rejected as out of scope
 * @param outOfScope         out-of-scope utterances evaluated
 * @param outOfScopeRejected of those, rejected
 */
public record IntentEvaluation(int inScope, int inScopeCorrect, int inScopeRejected, int outOfScope,
                               int outOfScopeRejected) {

    public static IntentEvaluation evaluate(IntentClassifier classifier, List<IntentExample> inScope,
                                            List<String> outOfScope) {
        List<IntentPrediction> known = classifier.classifyAll(inScope.stream().map(IntentExample::text).toList());
        int correct = 0;
        int rejected = 0;
        for (int i = 0; i < known.size(); i++) {
            IntentPrediction p = known.get(i);
            rejected += p.rejected() ? 1 : 0;
            correct += !p.rejected() && p.best().equals(inScope.get(i).label()) ? 1 : 0;
        }
        int caught = 0;
        for (IntentPrediction p : classifier.classifyAll(outOfScope)) {
            caught += p.rejected() ? 1 : 0;
        }
        return new IntentEvaluation(inScope.size(), correct, rejected, outOfScope.size(), caught);
    }

    /** Share of in-scope utterances accepted with their intent (NaN without any). */
    public double inScopeAccuracy() {
        return inScope == 0 ? Double.NaN : (double) inScopeCorrect / inScope;
    }

    /** Share of out-of-scope utterances rejected (NaN without any). */
    public double outOfScopeRecall() {
        return outOfScope == 0 ? Double.NaN : (double) outOfScopeRejected / outOfScope;
    }

    /** Share of all utterances handled right: in-scope ones accepted with their intent, out-of-scope ones rejected. */
    public double accuracy() {
        int all = inScope + outOfScope;
        return all == 0 ? Double.NaN : (double) (inScopeCorrect + outOfScopeRejected) / all;
    }
}
