package org.trustmall.app.recsys;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trustmall recsys …}: recommender evaluation and serving benchmarks. */
@Command(name = "recsys", mixinStandardHelpOptions = true,
        description = "Recommenders: training on the platform's own data, evaluation with model selection on "
                + "validation, and the serving benchmark.",
        subcommands = {TrainCommand.class, EvalCommand.class, ServingBenchCommand.class,
            EncoderBenchCommand.class})
public final class RecsysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
