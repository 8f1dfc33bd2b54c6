package org.trustmall.app;

import java.io.InputStream;
import java.io.PrintWriter;
import org.trustmall.app.assistant.AssistantCommand;
import org.trustmall.app.bench.BenchCommand;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.data.DataCommand;
import org.trustmall.app.demo.DemoCommand;
import org.trustmall.app.ledger.LedgerCommand;
import org.trustmall.app.platform.AdminCommand;
import org.trustmall.app.platform.ServeCommand;
import org.trustmall.app.privacy.PrivacyCommand;
import org.trustmall.app.recsys.RecsysCommand;
import org.trustmall.app.risk.RiskCommand;
import org.trustmall.privacy.redaction.RedactingLogs;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trustmall} command line: the one entry point of the application. */
@Command(name = "trustmall", mixinStandardHelpOptions = true, versionProvider = TrustMall.Version.class,
        description = "TrustMall: an e-commerce platform where AI models and a verifiable multi-party ledger "
                + "work together.",
        subcommands = {DemoCommand.class, ServeCommand.class, AdminCommand.class, LedgerCommand.class,
                BenchCommand.class, PrivacyCommand.class, DataCommand.class, RecsysCommand.class,
                AssistantCommand.class, RiskCommand.class, CommandLine.HelpCommand.class})
public final class TrustMall implements Runnable {

    /**
     * Lucene notes at start-up that it runs without the incubating Vector API; that is expected, not a problem. Held
     * in a field because java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final InputStream in;

    /** A command line reading standard input. */
    public TrustMall() {
        this(System.in);
    }

    /** A command line reading {@code in} where a command takes input (such as {@code privacy redact}). */
    public TrustMall(InputStream in) {
        this.in = in;
    }

    /** What commands read as their standard input. */
    public InputStream in() {
        return in;
    }

    public static void main(String[] args) {
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        // No personal data in logs: whatever the platform logs through System.Logger is redacted on the way out.
        RedactingLogs.install();
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests too). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return run(System.in, out, err, args);
    }

    /** As {@link #run(PrintWriter, PrintWriter, String...)}, with {@code in} as standard input. */
    public static int run(InputStream in, PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TrustMall(in));
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler(new Errors());
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest (or "development" when run from classes). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = TrustMall.class.getPackage().getImplementationVersion();
            return new String[] {"trustmall " + (v == null ? "development" : v)
                    + " (Java " + Runtime.version() + ")"};
        }
    }
}
