package org.trustmall.data.ingest;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.trustmall.data.DataException;

/** Opens input files as UTF-8 text, streamed, counting bytes for progress; undecodable bytes become U+FFFD. */
final class Inputs {
    private Inputs() {
    }

    static BufferedReader open(Path file, Sink sink) {
        try {
            if (Files.isDirectory(file)) {
                throw new DataException.Unreadable(file, "is a folder, not a file", null);
            }
            InputStream in = new Counting(Files.newInputStream(file), sink);
            var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE);
            return new BufferedReader(new InputStreamReader(in, decoder), 1 << 16);
        } catch (NoSuchFileException e) {
            throw new DataException.Unreadable(file, "no such file", e);
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot open (" + e.getMessage() + ")", e);
        }
    }

    /** What to do with one non-blank line of a file, given its 1-based physical line number. */
    @FunctionalInterface
    interface LineHandler {
        void line(long number, String text);
    }

    /** Streams the file's non-blank lines to {@code handler}, each counted as a row read. */
    static void eachLine(Path file, Sink sink, LineHandler handler) {
        try (BufferedReader in = open(file, sink)) {
            long line = 0;
            for (String text; (text = in.readLine()) != null; ) {
                line++;
                if (text.isBlank()) {
                    continue;
                }
                sink.rowRead();
                handler.line(line, text);
            }
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    static DataException readFailure(Path file, IOException e) {
        return new DataException.Unreadable(file, "cannot read (" + e.getMessage() + ")", e);
    }

    static long size(Path file) {
        try {
            return Files.size(file);
        } catch (NoSuchFileException e) {
            throw new DataException.Unreadable(file, "no such file", e);
        } catch (IOException e) {
            throw new DataException.Unreadable(file, "cannot open (" + e.getMessage() + ")", e);
        }
    }

    private static final class Counting extends FilterInputStream {
        private final Sink sink;

        Counting(InputStream in, Sink sink) {
            super(in);
            this.sink = sink;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                sink.bytes(n);
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                sink.bytes(1);
            }
            return c;
        }
    }
}
