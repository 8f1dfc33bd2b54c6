package org.trustmall.app.cli;

import java.io.UncheckedIOException;
import org.trustmall.ledger.LedgerException;
import picocli.CommandLine;

/**
 * Turns a failed command into one readable line on stderr and a non-zero exit, never a stack trace: a person
 * needs what went wrong and where, not our call stack. Set {@code TRUSTMALL_DEBUG=1} to see the trace.
 */
public final class Errors implements CommandLine.IExecutionExceptionHandler {
    public static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        String message = switch (e) {
            case UsageException u -> u.getMessage();
            case LedgerException l -> l.getMessage();
            case org.trustmall.commerce.CommerceException c -> c.getMessage();
            case org.trustmall.data.DataException d -> d.getMessage();
            case org.trustmall.ai.AiException a -> a.getMessage();
            case IllegalArgumentException i -> i.getMessage();
            case UncheckedIOException io -> "I/O error: " + io.getCause().getMessage();
            default -> "unexpected error (" + e.getClass().getSimpleName() + "): " + e.getMessage();
        };
        cl.getErr().println("trustmall " + cl.getCommandName() + ": error: " + message);
        if ("1".equals(System.getenv("TRUSTMALL_DEBUG"))) {
            e.printStackTrace(cl.getErr());
        }
        cl.getErr().flush();
        return e instanceof UsageException ? CommandLine.ExitCode.USAGE : FAILED;
    }

    /** A flag or argument that is wrong in a way picocli cannot see; the message names the option. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
