package org.trustmall.data;

import java.nio.file.Path;

/** The root of the data module's failures: a whole input or output that cannot be used (rows are quarantined). */
public class DataException extends RuntimeException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A file that cannot be opened, read or written at all; the message names it. */
    public static final class Unreadable extends DataException {
        private final Path file;

        public Unreadable(Path file, String what, Throwable cause) {
            super(file + ": " + what, cause);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }
}
