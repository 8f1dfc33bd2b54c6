package org.trustmall.ai;

import java.nio.file.Path;

/** The root of the {@code ai} module's exceptions: something a person must fix, said so they can. */
public class AiException extends RuntimeException {
    public AiException(String message) {
        super(message);
    }

    public AiException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A data file that cannot be used: names the file, the row (1-based line, 0 when not about one) and why. */
    public static final class BadData extends AiException {
        private final Path file;
        private final long row;

        public BadData(Path file, long row, String reason) {
            super(file + (row > 0 ? ", row " + row : "") + ": " + reason);
            this.file = file;
            this.row = row;
        }

        public Path file() {
            return file;
        }

        public long row() {
            return row;
        }
    }

    /** A model artifact that is not the one registered for it, or cannot be read. */
    public static final class ArtifactRejected extends AiException {
        public ArtifactRejected(String message) {
            super(message);
        }
    }
}
