package org.trustmall.data.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Any rows of fields written with RFC 4180 quoting parse back to the same fields, with the right start lines. */
class CsvRoundTripPropertyTest {

    @Provide
    Arbitrary<List<List<String>>> rows() {
        Arbitrary<String> field = Arbitraries.strings().withChars("ab,\"\r\n xé😀").ofMaxLength(8);
        return field.list().ofMinSize(2).ofMaxSize(5).list().ofMinSize(1).ofMaxSize(8);
    }

    @Property(tries = 300)
    void fieldsWrittenWithQuotingParseBackUnchanged(@ForAll("rows") List<List<String>> rows,
                                                    @ForAll boolean crlf) throws Exception {
        StringBuilder text = new StringBuilder();
        List<Long> starts = new ArrayList<>();
        long line = 1;
        for (List<String> row : rows) {
            starts.add(line);
            List<String> cells = new ArrayList<>();
            for (String f : row) {
                boolean quote = f.isEmpty() || f.matches("(?s).*[,\"\r\n].*");
                cells.add(quote ? "\"" + f.replace("\"", "\"\"") + "\"" : f);
                line += f.chars().filter(c -> c == '\n').count();
            }
            text.append(String.join(",", cells)).append(crlf ? "\r\n" : "\n");
            line++;
        }
        DelimitedParser parser = new DelimitedParser(new StringReader(text.toString()), ',', true);
        for (int i = 0; i < rows.size(); i++) {
            DelimitedParser.Record r = parser.read();
            assertNull(r.error());
            assertEquals(rows.get(i), r.fields());
            assertEquals(starts.get(i), r.line());
        }
        assertNull(parser.read());
    }
}
