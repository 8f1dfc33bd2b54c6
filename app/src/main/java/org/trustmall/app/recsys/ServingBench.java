package org.trustmall.app.recsys;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.SplittableRandom;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.ai.recsys.Popularity;
import org.trustmall.ai.recsys.Recommender;
import org.trustmall.ai.recsys.TrainingListener;
import org.trustmall.ai.recsys.TrainingSet;
import org.trustmall.ai.serving.Ranker;
import org.trustmall.app.cli.Progress;

/**
 * The serving benchmark: a model trained on a synthetic catalogue, then single-threaded top-10 requests through a
 * {@link Ranker} (history items and 2% of the catalogue, "out of stock", excluded), each timed on its own after a
 * warm-up. In-process: no HTTP, no item-id mapping.
 */
final class ServingBench {
    /** Items of a synthetic topic: users mostly stay within one, so the models find structure as in real data. */
    private static final int TOPIC = 100;
    static final int TOP_N = 10;

    private ServingBench() {
    }

    /**
     * The figures; latencies are wall-clock, and the {@code cpu} ones count only the time the requesting thread was
     * on a core, which tells the model's cost apart from a busy machine's scheduling delays.
     */
    record Result(int items, int users, long interactions, String model, String candidate, double trainSeconds,
                  int warmup, int requests, double p50Ms, double p99Ms, double meanMs, double maxMs, double cpuP50Ms,
                  double cpuP99Ms) {
    }

    /**
     * Sequences of {@code users} users over {@code items} items, seeded: each user has 3 to 50 items (mean about 8),
     * four in five from one topic of 100 consecutive items (skewed to the topic's head), the rest from the whole
     * catalogue (skewed to its head), so popularity is long-tailed as in shops.
     */
    static TrainingSet synthetic(int items, int users, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int topics = (items + TOPIC - 1) / TOPIC;
        List<int[]> sequences = new ArrayList<>(users);
        for (int u = 0; u < users; u++) {
            int length = 3;
            while (length < 50 && random.nextDouble() < 0.83) {
                length++;
            }
            int topic = random.nextInt(topics);
            int[] s = new int[length];
            for (int t = 0; t < length; t++) {
                double x = random.nextDouble();
                s[t] = random.nextDouble() < 0.8
                        ? Math.min(items - 1, topic * TOPIC + (int) (TOPIC * x * x))
                        : (int) (items * x * x * x);
            }
            sequences.add(s);
        }
        return new TrainingSet(items, sequences, null);
    }

    static Result run(int items, int users, int requests, int warmup, Catalogue.Candidate candidate, long seed,
                      Progress progress) {
        TrainingSet data = synthetic(items, users, seed);
        Recommender model = candidate.build().apply(seed);
        progress.begin("train " + candidate.family(), 100);
        long t0 = System.nanoTime();
        model.fit(data, new TrainingListener() {
            @Override
            public void progressed(String name, long done, long total) {
                progress.update(total > 0 ? 100 * Math.min(done, total) / total : 0);
            }
        });
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        progress.end();
        Popularity pop = new Popularity();
        pop.fit(data, TrainingListener.NONE);
        Ranker ranker = new Ranker(model, pop, items);

        SplittableRandom random = new SplittableRandom(seed + 1);
        BitSet outOfStock = new BitSet(items);
        for (int i = 0; i < items / 50; i++) {
            outOfStock.set(random.nextInt(items));
        }
        long checksum = 0;
        progress.begin("requests", warmup + requests);
        for (int r = 0; r < warmup; r++) {
            checksum += ranker.recommend(history(data, random), TOP_N, outOfStock::get).getFirst().item();
            progress.update(r + 1);
        }
        long[] nanos = new long[requests];
        long[] cpuNanos = new long[requests];
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        boolean cpu = threads.isCurrentThreadCpuTimeSupported();
        for (int r = 0; r < requests; r++) {
            int[] history = history(data, random);
            long cpuStart = cpu ? threads.getCurrentThreadCpuTime() : 0;
            long start = System.nanoTime();
            List<Ranker.Scored> top = ranker.recommend(history, TOP_N, outOfStock::get);
            nanos[r] = System.nanoTime() - start;
            cpuNanos[r] = cpu ? threads.getCurrentThreadCpuTime() - cpuStart : 0;
            checksum += top.getFirst().item();
            progress.update(warmup + r + 1);
        }
        progress.end();
        if (checksum == Long.MIN_VALUE) {
            throw new AssertionError(); // keeps the requests' results alive for the JIT; never true
        }
        Arrays.sort(nanos);
        Arrays.sort(cpuNanos);
        double sum = 0;
        for (long n : nanos) {
            sum += n;
        }
        return new Result(items, users, data.interactionCount(), candidate.family(), candidate.label(),
                trainSeconds, warmup, requests, percentile(nanos, 0.50), percentile(nanos, 0.99),
                sum / requests / 1e6, nanos[requests - 1] / 1e6, percentile(cpuNanos, 0.50),
                percentile(cpuNanos, 0.99));
    }

    private static int[] history(TrainingSet data, SplittableRandom random) {
        return data.sequences().get(random.nextInt(data.sequences().size()));
    }

    /** The nearest-rank percentile of sorted latencies, in milliseconds. */
    static double percentile(long[] sortedNanos, double p) {
        int rank = (int) Math.ceil(p * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }
}
