package org.trustmall.privacy.redaction;

import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Puts redaction into the platform's logging. TrustMall logs through {@link System.Logger}, which without another
 * provider on the class path writes to {@code java.util.logging}, whose handlers hang off the root logger; wrapping
 * their formatters in a {@link RedactingFormatter} redacts every line they write, from any class.
 *
 * <p>What this does not cover: a handler added after {@link #install()} (call it again), and libraries that log
 * through SLF4J's own simple logger (Jetty, Javalin, Hikari), which writes straight to standard error. Those log
 * about the HTTP server and the database pool, not about the people in it.
 */
public final class RedactingLogs {
    private RedactingLogs() {
    }

    /** Redacts whatever the root logger's handlers write, with the {@linkplain Redactor#standard() standard} redactor. */
    public static void install() {
        install(Logger.getLogger(""), Redactor.standard());
    }

    /**
     * Wraps the formatter of every handler of {@code logger} (a handler without one gets a {@link SimpleFormatter}).
     * Installing twice does not wrap twice.
     */
    public static void install(Logger logger, Redactor redactor) {
        for (Handler h : logger.getHandlers()) {
            Formatter f = h.getFormatter();
            if (!(f instanceof RedactingFormatter)) {
                h.setFormatter(new RedactingFormatter(f == null ? new SimpleFormatter() : f, redactor));
            }
        }
    }
}
