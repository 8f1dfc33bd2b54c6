package org.trustmall.data.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.trustmall.data.DataException;

/**
 * Ingests interactions (and, for RecBole, the catalogue) from one input into normalised JSON Lines: {@code
 * interactions.jsonl} ({@code {"user","item","timestamp","event","rating"?}}, in input order; RecBole sequences
 * per user in order of first appearance), {@code items.jsonl} when a catalogue was read, and {@code
 * quarantine.jsonl} ({@code {"file","row","reason","detail","raw"}}) for every malformed row, which never stops
 * the run. Files are written under temporary names and renamed into place at the end, so a failed run (an input
 * that cannot be opened, a header without the mapped columns) leaves the output folder as it was. Inputs are
 * streamed; memory grows with the distinct users and items (and, for RecBole sequences, with the sequences).
 */
public final class Ingest {
    private Ingest() {
    }

    public static IngestReport run(IngestRequest req, IngestListener listener) {
        long start = System.nanoTime();
        Path input = req.input();
        List<Path> files = req.format() == Format.RECBOLE ? RecBoleReader.files(input) : List.of(input);
        long total = 0;
        for (Path f : files) {
            total += Inputs.size(f);
        }
        try {
            Files.createDirectories(req.outDir());
        } catch (IOException e) {
            throw new DataException.Unreadable(req.outDir(), "cannot create the output folder (" + e.getMessage()
                    + ")", e);
        }
        listener.started(total);
        try (Sink sink = new Sink(req.outDir(), listener)) {
            switch (req.format()) {
                case CSV -> DelimitedReader.read(input, ',', true, req, sink);
                case TSV -> DelimitedReader.read(input, '\t', false, req, sink);
                case JSONL -> JsonLinesReader.read(input, req, sink);
                case SEQUENCE -> SequenceFileReader.read(input, req, sink);
                case RECBOLE -> RecBoleReader.read(input, req, sink);
            }
            return sink.commit(start);
        }
    }
}
