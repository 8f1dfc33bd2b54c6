package org.trustmall.app.privacy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import org.trustmall.app.TrustMall;
import org.trustmall.app.cli.Json;
import org.trustmall.privacy.redaction.Redactor;
import org.trustmall.privacy.redaction.Span;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall privacy redact}: redacts standard input, one item per line, so anyone can try it on their data. */
@Command(name = "redact", mixinStandardHelpOptions = true,
        description = {"Redact personal data from standard input (UTF-8, one item per line): emails, phone numbers, "
                + "PRC resident IDs, bank cards, IP addresses, and best effort person names and postal addresses, "
                + "in English and Chinese. Prints each line with [EMAIL], [PHONE], [ID_CARD], [BANK_CARD], [IP], "
                + "[NAME] and [ADDRESS] in place of what was found.",
                "With --json: one document listing, per line, the redacted text and the spans found (type, start and "
                        + "end as Unicode code point offsets into the line, end exclusive, and the text found)."})
final class RedactCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--json", description = "Print JSON: the spans found with their entity types.")
    boolean json;

    @Override
    public Integer call() {
        Redactor redactor = Redactor.standard();
        PrintWriter out = spec.commandLine().getOut();
        ObjectNode doc = Json.object();
        ArrayNode items = doc.putArray("items");
        int lineNo = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                ((TrustMall) spec.root().userObject()).in(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                List<Span> spans = redactor.find(line);
                if (json) {
                    items.add(item(lineNo, line, spans, redactor.redact(line)));
                } else {
                    out.println(redactor.redact(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (json) {
            Json.print(out, doc);
        }
        out.flush();
        return 0;
    }

    private static ObjectNode item(int lineNo, String line, List<Span> spans, String redacted) {
        ObjectNode item = Json.object();
        item.put("line", lineNo);
        item.put("redacted", redacted);
        ArrayNode found = item.putArray("spans");
        for (Span s : spans) {
            found.addObject()
                    .put("type", s.type().key())
                    .put("start", line.codePointCount(0, s.start()))
                    .put("end", line.codePointCount(0, s.end()))
                    .put("text", s.in(line));
        }
        return item;
    }
}
