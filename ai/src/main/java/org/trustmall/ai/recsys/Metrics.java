package org.trustmall.ai.recsys;

/**
 * Full-ranking metrics over a set of cases.
 *
 * @param cases    how many cases were ranked
 * @param hr10     share of cases whose target is in the top 10
 * @param ndcg10   mean of 1/log2(rank+1) for targets in the top 10 (rank 1-based), 0 otherwise
 * @param mrr      mean reciprocal rank over the full ranking
 * @param coverage share of the catalogue that appears in at least one top-10 list
 */
public record Metrics(int cases, double hr10, double ndcg10, double mrr, double coverage) {
}
