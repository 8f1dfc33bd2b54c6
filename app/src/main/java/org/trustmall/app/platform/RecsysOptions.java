package org.trustmall.app.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.trustmall.ai.recsys.Catalogue;
import org.trustmall.app.cli.Errors;
import picocli.CommandLine.Option;

/**
 * How the platform trains its recommender ({@code serve}, {@code demo}, {@code recsys train}): which model families
 * compete on validation, the seed, and how often the server retrains. Shared as a picocli mixin.
 */
public final class RecsysOptions {
    @Option(names = "--recsys-models", defaultValue = "${env:TRUSTMALL_RECSYS_MODELS:-all}", split = ",",
            paramLabel = "NAME[,NAME…]", description = "Model families that compete on validation when the platform "
            + "trains, e.g. pop,markov,itemknn,mf,sasrec,content,hybrid (default: $TRUSTMALL_RECSYS_MODELS or all).")
    List<String> models;
    @Option(names = "--recsys-seed", defaultValue = "42", paramLabel = "N",
            description = "Seed of every training run (default ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--retrain-hours", defaultValue = "${env:TRUSTMALL_RETRAIN_HOURS:-24}", paramLabel = "H",
            description = "Hours between scheduled training runs while serving, 0 for none (default: "
                    + "$TRUSTMALL_RETRAIN_HOURS or 24). A run with no new interactions changes nothing.")
    int retrainHours;

    /** The families named, checked; a usage error names an unknown one. */
    public List<String> families() {
        List<String> known = Catalogue.families();
        if (models == null || models.isEmpty() || (models.size() == 1 && models.getFirst().strip().equals("all"))) {
            return known;
        }
        List<String> out = new ArrayList<>();
        for (String m : models) {
            String name = m.strip().toLowerCase(Locale.ROOT);
            if (!known.contains(name)) {
                throw new Errors.UsageException("unknown model family '" + m.strip() + "' in --recsys-models; known: "
                        + String.join(", ", known));
            }
            if (!out.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }

    public long seed() {
        return seed;
    }

    /** The interval between scheduled runs, or null for none. */
    public Duration retrainEvery() {
        if (retrainHours < 0 || retrainHours > 24 * 365) {
            throw new Errors.UsageException("option '--retrain-hours' must be 0-8760, got " + retrainHours);
        }
        return retrainHours == 0 ? null : Duration.ofHours(retrainHours);
    }
}
