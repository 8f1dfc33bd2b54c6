package org.trustmall.privacy.redaction;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.logging.StreamHandler;
import org.junit.jupiter.api.Test;

class RedactingLogsTest {

    @Test
    void aLogRecordWithAnEmailAndAPhoneComesOutRedacted() throws Exception {
        Logger root = Logger.getLogger("");
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        StreamHandler handler = new StreamHandler(sink, new SimpleFormatter());
        handler.setEncoding(StandardCharsets.UTF_8.name());
        root.addHandler(handler);
        try {
            RedactingLogs.install();
            // Through System.Logger, as the platform logs: it reaches the root logger's handlers.
            System.getLogger("org.trustmall.test.redaction").log(System.Logger.Level.WARNING,
                    "password reset for {0}, phone {1}", "zhang.wei@example.com", "13812345678");
            handler.flush();
            String line = sink.toString(StandardCharsets.UTF_8);

            assertTrue(line.contains("password reset for [EMAIL], phone [PHONE]"), line);
            assertFalse(line.contains("zhang.wei@example.com") || line.contains("13812345678"), line);
            assertTrue(line.contains("WARNING"), line);
        } finally {
            root.removeHandler(handler);
        }
    }

    @Test
    void installingTwiceWrapsOnceAndStackTracesAreRedactedToo() {
        Logger logger = Logger.getLogger("org.trustmall.test.redaction.twice");
        logger.setUseParentHandlers(false);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Handler handler = new StreamHandler(sink, new SimpleFormatter());
        logger.addHandler(handler);
        try {
            RedactingLogs.install(logger, Redactor.standard());
            var first = handler.getFormatter();
            RedactingLogs.install(logger, Redactor.standard());
            assertSame(first, handler.getFormatter());

            logger.log(Level.SEVERE, "lookup failed", new IllegalStateException("no account for 11010519491231002X"));
            handler.flush();
            String out = sink.toString(StandardCharsets.UTF_8);
            assertTrue(out.contains("no account for [ID_CARD]"), out);
            assertFalse(out.contains("11010519491231002X"), out);
        } finally {
            logger.removeHandler(handler);
        }
    }
}
