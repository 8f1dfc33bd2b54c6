package org.trustmall.app.recsys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.ledger.proof.LedgerJson;
import picocli.CommandLine;

class EncoderBenchCommandTest {
    @TempDir
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    /** The command on its own (its place under {@code trustmall recsys} is wired where the group is defined). */
    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = new CommandLine(new EncoderBenchCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        cl.setExecutionExceptionHandler(new Errors());
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void benchOfAFewTitlesPrintsBothRatesAndTheirRatio() throws IOException {
        Path titles = tmp.resolve("titles.txt");
        Files.write(titles, List.of("Nitrile gloves, medium", "", "AA alkaline batteries, 24 pack",
                "Compound microscope with LED light", "Borosilicate glass beaker 250 ml", "Kapton tape"));
        Run r = run("--input", titles.toString(), "--texts", "4", "--batch", "2", "--rounds", "2", "--json");
        assertEquals(0, r.exit(), r::toString);
        JsonNode o = LedgerJson.parse(r.out());
        assertEquals(4, o.get("texts").asInt(), "the first four non-blank lines");
        assertEquals(2, o.get("batches").asInt());
        assertEquals(2, o.get("encoder_round_seconds").size());
        double enc = o.get("encoder_texts_per_s").asDouble();
        double raw = o.get("raw_texts_per_s").asDouble();
        assertTrue(enc > 0 && raw > 0, r::toString);
        assertEquals(enc / raw, o.get("ratio").asDouble(), 0.01 * enc / raw + 0.001);
        assertTrue(o.get("mean_tokens").asDouble() > 3, "[CLS] and [SEP] around a few words");
    }

    @Test
    void anUnreadableInputIsNamedInTheError() {
        Run r = run("--input", tmp.resolve("missing.txt").toString());
        assertEquals(CommandLine.ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(r.err().contains("missing.txt") && r.err().contains("cannot read"), r::toString);
        assertTrue(!r.err().contains("\tat "), r::toString);
    }

    @Test
    void optionsOutOfRangeAreRefused() {
        Run r = run("--batch", "0");
        assertEquals(CommandLine.ExitCode.USAGE, r.exit(), r::toString);
        assertTrue(r.err().contains("--batch 1-1024"), r::toString);
    }
}
