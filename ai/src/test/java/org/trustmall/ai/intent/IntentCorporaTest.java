package org.trustmall.ai.intent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.trustmall.ai.AiException;

/** The CLINC150 and CSV readers on real files, and the errors they give for broken ones. */
class IntentCorporaTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    private static final String CLINC = """
            {"oos_val": [["how tall is everest", "oos"]],
             "val": [["where is my card", "card_status"]],
             "train": [["when does my card arrive", "card_status"], ["set an alarm", "alarm"]],
             "oos_test": [["who is the president", "oos"], ["play jazz", "oos"]],
             "test": [["card status please", "card_status"]],
             "oos_train": [["what is pi", "oos"]],
             "extra": {"ignored": [1, 2]}}
            """;

    @Test
    void clincSplitsKeepOutOfScopeUtterancesApart() throws IOException {
        IntentCorpus c = IntentCorpora.clinc(write("data_full.json", CLINC));
        assertEquals(List.of(new IntentExample("when does my card arrive", "card_status"),
                new IntentExample("set an alarm", "alarm")), c.train());
        assertEquals(List.of("what is pi"), c.trainOutOfScope());
        assertEquals(1, c.validation().size());
        assertEquals(List.of("how tall is everest"), c.validationOutOfScope());
        assertEquals(List.of("who is the president", "play jazz"), c.testOutOfScope());
    }

    @Test
    void aMissingClincKeyIsNamedWithTheFile() throws IOException {
        Path file = write("partial.json", "{\"train\": [], \"val\": [], \"test\": []}");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> IntentCorpora.clinc(file));
        assertEquals(file, e.file());
        assertTrue(e.getMessage().contains("missing key 'oos_train'"), e.getMessage());
    }

    @Test
    void aMalformedClincItemIsNamedWithItsLine() throws IOException {
        Path file = write("bad.json", "{\"train\": [\n[\"ok\", \"a\"],\n[\"no intent\"]\n]}");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> IntentCorpora.clinc(file));
        assertEquals(3, e.row());
        assertTrue(e.getMessage().contains("item 2 of 'train'"), e.getMessage());
    }

    @Test
    void brokenJsonAndMissingFilesAreNamed() throws IOException {
        Path file = write("broken.json", "{\"train\": [\n[\"a\", \"b\"\n");
        AiException.BadData e = assertThrows(AiException.BadData.class, () -> IntentCorpora.clinc(file));
        assertTrue(e.getMessage().startsWith(file.toString()) && e.getMessage().contains("not valid JSON"),
                e.getMessage());
        Path absent = dir.resolve("absent.json");
        assertTrue(assertThrows(AiException.BadData.class, () -> IntentCorpora.clinc(absent)).getMessage()
                .contains("no such file"));
    }

    @Test
    void csvFieldsMayBeQuotedWithCommasQuotesAndLineBreaks() throws IOException {
        Path file = write("train.csv", "id,utterance,intent\r\n"
                + "1,\"where is it, my order\",order_status\r\n"
                + "2,\"she said \"\"refund\"\"\nplease\",refund\r\n"
                + "\n"
                + "3,what is the weather,oos\n");
        IntentCorpora.Labelled rows = IntentCorpora.csv(file, "utterance", "intent", "oos");
        assertEquals(List.of(new IntentExample("where is it, my order", "order_status"),
                new IntentExample("she said \"refund\"\nplease", "refund")), rows.inScope());
        assertEquals(List.of("what is the weather"), rows.outOfScope());
    }

    @Test
    void aCsvRowWithTheWrongNumberOfFieldsIsNamedByRow() throws IOException {
        Path file = write("rows.csv", "text,label\n\"a\nb\",x\nfine,y\nbroken\n");
        AiException.BadData e = assertThrows(AiException.BadData.class,
                () -> IntentCorpora.csv(file, "text", "label", null));
        assertEquals(5, e.row()); // the quoted line break makes "fine,y" row 4
        assertTrue(e.getMessage().contains("expected 2 fields"), e.getMessage());
    }

    @Test
    void csvErrorsNameTheColumnTheEmptyLabelAndTheOpenQuote() throws IOException {
        Path noColumn = write("cols.csv", "text,label\na,b\n");
        assertTrue(assertThrows(AiException.BadData.class, () -> IntentCorpora.csv(noColumn, "utterance", "label",
                null)).getMessage().contains("no column 'utterance' (--text-col)"));
        Path emptyLabel = write("empty.csv", "text,label\na,b\nc,\n");
        AiException.BadData e = assertThrows(AiException.BadData.class,
                () -> IntentCorpora.csv(emptyLabel, "text", "label", null));
        assertEquals(3, e.row());
        assertTrue(e.getMessage().contains("empty label"), e.getMessage());
        Path open = write("open.csv", "text,label\na,b\n\"never closed,c\n");
        assertEquals(3, assertThrows(AiException.BadData.class, () -> IntentCorpora.csv(open, "text", "label",
                null)).row());
    }
}
