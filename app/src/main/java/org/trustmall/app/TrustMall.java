package org.trustmall.app;

import java.io.PrintWriter;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.bench.BenchCommand;
import org.trustmall.app.demo.DemoCommand;
import org.trustmall.app.ledger.LedgerCommand;
import org.trustmall.app.platform.AdminCommand;
import org.trustmall.app.platform.ServeCommand;
import org.trustmall.app.privacy.PrivacyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code trustmall} command line: the one entry point of the application. */
@Command(name = "trustmall", mixinStandardHelpOptions = true, versionProvider = TrustMall.Version.class,
        description = "TrustMall: an e-commerce platform where AI models and a verifiable multi-party ledger "
                + "work together.",
        subcommands = {DemoCommand.class, ServeCommand.class, AdminCommand.class, LedgerCommand.class,
                BenchCommand.class, PrivacyCommand.class, CommandLine.HelpCommand.class})
public final class TrustMall implements Runnable {

    /**
     * Lucene notes at start-up that it runs without the incubating Vector API; that is expected, not a problem. Held
     * in a field because java.util.logging keeps loggers only weakly, and a collected logger forgets its level.
     */
    private static final java.util.logging.Logger LUCENE_VECTORIZATION =
            java.util.logging.Logger.getLogger("org.apache.lucene.internal.vectorization");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        LUCENE_VECTORIZATION.setLevel(java.util.logging.Level.SEVERE);
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests too). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new TrustMall());
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
