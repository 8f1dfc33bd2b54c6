package org.trustmall.app.risk;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trustmall risk …}: fraud-risk models at checkout, their generated scenarios and their evaluation. */
@Command(name = "risk", mixinStandardHelpOptions = true,
        description = "Fraud-risk scoring: generated order scenarios, gradient-boosted trees and a logistic baseline, "
                + "their evaluation, and the consortium's re-execution validator.",
        subcommands = {RiskEvalCommand.class, RiskValidatorCommand.class})
public final class RiskCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
