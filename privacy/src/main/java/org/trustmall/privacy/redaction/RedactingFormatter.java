package org.trustmall.privacy.redaction;

import java.util.Objects;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * A {@code java.util.logging} formatter that formats with the one it wraps and then redacts the result, so that a
 * log line (message, parameters, logger name and stack trace alike) never carries the personal data a
 * {@link Redactor} recognises. Thread-safe when the wrapped formatter is (the JDK's are).
 */
public final class RedactingFormatter extends Formatter {
    private final Formatter delegate;
    private final Redactor redactor;

    public RedactingFormatter(Formatter delegate, Redactor redactor) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.redactor = Objects.requireNonNull(redactor, "redactor");
    }

    public Formatter delegate() {
        return delegate;
    }

    @Override
    public String format(LogRecord record) {
        return redactor.redact(delegate.format(record));
    }

    @Override
    public String getHead(java.util.logging.Handler h) {
        return delegate.getHead(h);
    }

    @Override
    public String getTail(java.util.logging.Handler h) {
        return delegate.getTail(h);
    }

    @Override
    public String formatMessage(LogRecord record) {
        return redactor.redact(delegate.formatMessage(record));
    }
}
