package org.trustmall.app.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Map;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.privacy.redaction.EntityType;
import org.trustmall.privacy.redaction.RedactionCorpus;
import org.trustmall.privacy.redaction.RedactionEval;
import org.trustmall.privacy.redaction.Redactor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall privacy redact-eval}: the redactor's precision and recall on a generated bilingual set. */
@Command(name = "redact-eval", mixinStandardHelpOptions = true,
        description = {"Generate a bilingual (English and Chinese) set of shop sentences with personal data and "
                + "look-alikes (order and tracking numbers, IDs with a wrong check digit, cards failing Luhn, "
                + "timestamps, prices, version strings, invalid IP addresses, brands) and report the redactor's "
                + "precision and recall per entity type, counting a finding only when its type, start and end all "
                + "match.",
                "Precision and recall are rounded down to four places, so 1.0 means no error at all."})
final class RedactEvalCommand implements Callable<Integer> {
    static final int MAX_SENTENCES = 1_000_000;

    @Spec
    CommandSpec spec;
    @Option(names = "--seed", defaultValue = "" + RedactionCorpus.DEFAULT_SEED,
            description = "Seed of the generated set (default: ${DEFAULT-VALUE}).")
    long seed;
    @Option(names = "--sentences", defaultValue = "" + RedactionCorpus.DEFAULT_SENTENCES,
            description = "Sentences to generate, 1 to " + MAX_SENTENCES + " (default: ${DEFAULT-VALUE}).")
    int sentences;
    @Option(names = "--show-errors", defaultValue = "0", paramLabel = "N",
            description = "Also list up to N misses and false alarms (default: ${DEFAULT-VALUE}).")
    int showErrors;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        if (sentences < 1 || sentences > MAX_SENTENCES) {
            throw new Errors.UsageException("--sentences must be between 1 and " + MAX_SENTENCES + ", got "
                    + sentences);
        }
        if (showErrors < 0) {
            throw new Errors.UsageException("--show-errors must be 0 or more, got " + showErrors);
        }
        RedactionEval.Report report = RedactionEval.evaluate(Redactor.standard(),
                RedactionCorpus.generate(seed, sentences));
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Json.print(out, json(report));
        } else {
            table(out, report);
        }
        return 0;
    }

    private ObjectNode json(RedactionEval.Report report) {
        ObjectNode o = Json.object();
        ObjectNode entities = o.putObject("entities");
        for (Map.Entry<EntityType, RedactionEval.Score> e : report.entities().entrySet()) {
            entities.set(e.getKey().key(), score(e.getValue()));
        }
        o.set("overall", score(report.overall()));
        o.put("seed", seed);
        o.put("sentences", report.texts());
        o.put("matching", "exact span");
        if (showErrors > 0) {
            var errors = o.putArray("errors");
            report.disagreements().stream().limit(showErrors).forEach(d -> errors.addObject()
                    .put("kind", d.missed() ? "missed" : "false_alarm")
                    .put("type", d.span().type().key())
                    .put("found", d.span().in(d.text().text()))
                    .put("text", d.text().text()));
        }
        return o;
    }

    private static ObjectNode score(RedactionEval.Score s) {
        ObjectNode o = Json.object();
        o.put("precision", down(s.precision()));
        o.put("recall", down(s.recall()));
        o.put("gold", s.gold());
        o.put("found", s.found());
        o.put("true_positives", s.truePositives());
        o.put("false_positives", s.falsePositives());
        o.put("false_negatives", s.falseNegatives());
        return o;
    }

    private void table(PrintWriter out, RedactionEval.Report report) {
        out.printf("redaction on %d generated sentences (seed %d), exact span match%n", report.texts(), seed);
        out.printf("%-10s %6s %6s %6s %5s %5s %9s %7s%n", "entity", "gold", "found", "tp", "fp", "fn", "precision",
                "recall");
        report.entities().forEach((type, s) -> row(out, type.key(), s));
        row(out, "overall", report.overall());
        report.disagreements().stream().limit(showErrors).forEach(d -> out.printf("%s %s '%s' in: %s%n",
                d.missed() ? "missed" : "false alarm", d.span().type().key(), d.span().in(d.text().text()),
                d.text().text()));
        out.flush();
    }

    private static void row(PrintWriter out, String name, RedactionEval.Score s) {
        out.printf("%-10s %6d %6d %6d %5d %5d %9s %7s%n", name, s.gold(), s.found(), s.truePositives(),
                s.falsePositives(), s.falseNegatives(), fixed(down(s.precision())), fixed(down(s.recall())));
    }

    /** Rounded down, so that a figure just short of 1 never reads as 1. */
    private static double down(double v) {
        return BigDecimal.valueOf(v).setScale(4, RoundingMode.DOWN).doubleValue();
    }

    private static String fixed(double v) {
        return String.format(java.util.Locale.ROOT, "%.4f", v);
    }
}
