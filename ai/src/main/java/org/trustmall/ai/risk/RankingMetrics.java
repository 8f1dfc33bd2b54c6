package org.trustmall.ai.risk;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Ranking metrics for a scorer against binary labels. Ties are handled as groups (all orders with one score are
 * flagged or not together), so the figures do not depend on the order of the rows.
 */
public final class RankingMetrics {
    private RankingMetrics() {
    }

    /**
     * Average precision (the area under the precision-recall curve, step-wise): Σ over distinct thresholds of the
     * recall gained times the precision there. NaN when there are no positives.
     */
    public static double averagePrecision(double[] scores, int[] labels) {
        Integer[] order = descending(scores);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        if (positives == 0) {
            return Double.NaN;
        }
        double ap = 0;
        long tp = 0;
        long seen = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long groupTp = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                groupTp += labels[order[j]];
                j++;
            }
            tp += groupTp;
            seen += j - i;
            ap += (double) groupTp / positives * tp / seen;
            i = j;
        }
        return ap;
    }

    /** ROC AUC: the probability that a random positive outranks a random negative, ties counting half. */
    public static double rocAuc(double[] scores, int[] labels) {
        Integer[] order = descending(scores);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        double wins = 0;
        long negativesAbove = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            long groupPos = 0;
            long groupNeg = 0;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] == 1) {
                    groupPos++;
                } else {
                    groupNeg++;
                }
                j++;
            }
            // Positives here beat the negatives below them; i.e. lose to those above and tie with the group's.
            wins += groupPos * (negatives - negativesAbove - groupNeg) + 0.5 * groupPos * groupNeg;
            negativesAbove += groupNeg;
            i = j;
        }
        return wins / ((double) positives * negatives);
    }

    /**
     * The highest recall reachable with a threshold whose false-positive rate is at most {@code maxFpr}
     * (0.01 for "recall at 1 % FPR"). NaN when there are no positives or no negatives.
     */
    public static double recallAtFpr(double[] scores, int[] labels, double maxFpr) {
        Integer[] order = descending(scores);
        long positives = Arrays.stream(labels).filter(l -> l == 1).count();
        long negatives = labels.length - positives;
        if (positives == 0 || negatives == 0) {
            return Double.NaN;
        }
        long tp = 0;
        long fp = 0;
        double best = 0;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] == 1) {
                    tp++;
                } else {
                    fp++;
                }
                j++;
            }
            if ((double) fp / negatives > maxFpr) {
                break;
            }
            best = (double) tp / positives;
            i = j;
        }
        return best;
    }

    /**
     * The lowest score a threshold can flag at while keeping the false-positive rate at most {@code maxFpr}: flagging
     * every order scoring at least this reaches {@link #recallAtFpr}. Positive infinity when no threshold qualifies.
     */
    public static double thresholdAtFpr(double[] scores, int[] labels, double maxFpr) {
        Integer[] order = descending(scores);
        long negatives = Arrays.stream(labels).filter(l -> l != 1).count();
        long fp = 0;
        double threshold = Double.POSITIVE_INFINITY;
        int i = 0;
        while (i < order.length) {
            int j = i;
            while (j < order.length && scores[order[j]] == scores[order[i]]) {
                if (labels[order[j]] != 1) {
                    fp++;
                }
                j++;
            }
            if (negatives > 0 && (double) fp / negatives > maxFpr) {
                break;
            }
            threshold = scores[order[i]];
            i = j;
        }
        return threshold;
    }

    private static Integer[] descending(double[] scores) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> scores[k]).reversed());
        return order;
    }
}
