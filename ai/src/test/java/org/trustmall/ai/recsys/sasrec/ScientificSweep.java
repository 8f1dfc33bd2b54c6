package org.trustmall.ai.recsys.sasrec;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.trustmall.ai.recsys.Evaluator;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.RecommenderFormats;
import org.trustmall.ai.recsys.SplitData;
import org.trustmall.ai.recsys.SplitLoader;
import org.trustmall.ai.recsys.TrainingListener;

/**
 * Trains one configuration on a RecBole folder with per-epoch validation and prints JSON lines: how configurations
 * were compared (on validation only). Args: dir hidden blocks heads maxLength dropout lr batch
 * epochs seed [fixed: no validation between epochs] [test: also print test metrics] [hash: the artifact's SHA-256]
 * [members=K: an ensemble of K networks].
 */
public final class ScientificSweep {
    private ScientificSweep() {
    }

    public static void main(String[] args) {
        SplitData data = SplitLoader.recBole(Path.of(args[0]));
        SasRecConfig c = new SasRecConfig(Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                Integer.parseInt(args[3]), Integer.parseInt(args[4]), Float.parseFloat(args[5]),
                Float.parseFloat(args[6]), Integer.parseInt(args[7]), Integer.parseInt(args[8]), 1);
        long seed = Long.parseLong(args[9]);
        List<String> flags = List.of(args).subList(10, args.length);
        for (String f : flags) {
            if (f.startsWith("members=")) {
                c = c.withMembers(Integer.parseInt(f.substring("members=".length())));
            }
        }
        boolean test = flags.contains("test");
        try (SasRec model = new SasRec(c, seed)) {
            long t0 = System.nanoTime();
            long[] last = {t0};
            model.fit(data.training(), flags.contains("fixed") ? List.of() : data.valid(), 0,
                    new TrainingListener() {
                @Override
                public void note(String m, String message) {
                    long now = System.nanoTime();
                    System.out.printf(Locale.ROOT, "%s (%.1fs)%n", message, (now - last[0]) / 1e9);
                    last[0] = now;
                }
            });
            double secs = (System.nanoTime() - t0) / 1e9;
            List<Metrics> h = model.validationHistory().getFirst();
            int bestEpoch = 0;
            for (int i = 0; i < h.size(); i++) {
                if (h.get(i).ndcg10() > h.get(bestEpoch).ndcg10()) {
                    bestEpoch = i;
                }
            }
            Metrics v = Evaluator.evaluate(model, data.itemCount(), data.valid());
            String out = String.format(Locale.ROOT, "{\"config\":\"%s\",\"seed\":%d,\"seconds\":%.1f,"
                    + "\"best_epoch\":%d,\"valid\":%s", c, seed, secs, bestEpoch + 1, json(v));
            if (flags.contains("hash")) {
                try {
                    byte[] digest = MessageDigest.getInstance("SHA-256").digest(RecommenderFormats.toBytes(model));
                    out += ",\"sha256\":\"" + HexFormat.of().formatHex(digest) + "\"";
                } catch (NoSuchAlgorithmException e) {
                    throw new IllegalStateException(e);
                }
            }
            if (test) {
                out += ",\"test\":" + json(Evaluator.evaluate(model, data.itemCount(), data.test()));
            }
            System.out.println(out + "}");
        }
    }

    static String json(Metrics m) {
        return String.format(Locale.ROOT, "{\"ndcg10\":%.4f,\"hr10\":%.4f,\"mrr\":%.4f,\"coverage\":%.4f}",
                m.ndcg10(), m.hr10(), m.mrr(), m.coverage());
    }
}
