package org.trustmall.app.assistant;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trustmall assistant …}: the customer-service assistant's models and their evaluation. */
@Command(name = "assistant", mixinStandardHelpOptions = true,
        description = "The customer-service assistant: intent detection with out-of-scope rejection and its "
                + "evaluation.",
        subcommands = {EvalIntentsCommand.class})
public final class AssistantCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
