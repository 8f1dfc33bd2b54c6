package org.trustmall.app.privacy;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code trustmall privacy …}: personal data protection. */
@Command(name = "privacy", mixinStandardHelpOptions = true,
        description = "Personal data protection: redaction of text that leaves the platform, and the pseudonymised "
                + "analytics export.",
        subcommands = {RedactCommand.class, RedactEvalCommand.class, ExportAnalyticsCommand.class})
public final class PrivacyCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
