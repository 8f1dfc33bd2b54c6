package org.trustmall.app.recsys;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import org.trustmall.ai.recsys.Metrics;
import org.trustmall.ai.recsys.ModelSelection;
import org.trustmall.ai.recsys.SplitData;

/**
 * The HTML report of {@code recsys eval}: one self-contained page (inline CSS and SVG, no scripts, nothing fetched)
 * with the figures table, bar charts of test NDCG@10 and HR@10 and of training time per family, and every candidate
 * tried on validation.
 */
final class EvalReport {
    private static final String[] COLOURS = {"#3366cc", "#dc7633", "#2e9e6b"};

    private EvalReport() {
    }

    static String html(Path data, SplitData split, long seed, ModelSelection.Outcome outcome) {
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>recsys eval: ").append(esc(data.getFileName() == null ? data.toString()
                        : data.getFileName().toString())).append("</title>\n<style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}td,th{padding:.3em .8em;text-align:right;")
                .append("border-bottom:1px solid #ddd}th:first-child,td:first-child{text-align:left}")
                .append("tr.selected{font-weight:bold;background:#eef4ff}svg{display:block;margin:1em 0}")
                .append("small{color:#666}</style></head><body>\n");
        h.append("<h1>Recommender evaluation</h1>\n<p>Data <code>").append(esc(data.toString()))
                .append("</code>: ").append(split.itemCount()).append(" items, ").append(split.train().size())
                .append(" users, ").append(split.valid().size()).append(" validation and ").append(split.test().size())
                .append(" test cases; seed ").append(seed).append(". Full ranking over all items, history items ")
                .append("excluded. Each family's candidate is chosen on validation NDCG@10; test figures are for ")
                .append("that candidate.</p>\n");
        ModelSelection.Family s = outcome.selectedFamily();
        h.append("<p>Selected on validation: <b>").append(esc(s.name())).append("</b> (")
                .append(esc(s.chosen().candidate().label())).append("), test NDCG@10 ")
                .append(fmt(s.test().ndcg10())).append(".</p>\n");

        h.append("<table><tr><th>model</th><th>candidate</th><th>valid ndcg@10</th><th>hr@10</th><th>ndcg@10</th>")
                .append("<th>mrr</th><th>coverage</th><th>train seconds</th></tr>\n");
        for (ModelSelection.Family f : outcome.families()) {
            Metrics t = f.test();
            h.append(f.name().equals(outcome.selected()) ? "<tr class=\"selected\">" : "<tr>")
                    .append("<td>").append(esc(f.name())).append("</td><td>")
                    .append(esc(f.chosen().candidate().label())).append("</td><td>").append(fmt(f.valid().ndcg10()))
                    .append("</td><td>").append(fmt(t.hr10())).append("</td><td>").append(fmt(t.ndcg10()))
                    .append("</td><td>").append(fmt(t.mrr())).append("</td><td>").append(fmt(t.coverage()))
                    .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", f.chosen().trainSeconds()))
                    .append("</td></tr>\n");
        }
        h.append("</table>\n");

        List<String> names = outcome.families().stream().map(ModelSelection.Family::name).toList();
        h.append("<h2>Test NDCG@10 and HR@10</h2>\n");
        h.append(bars(names, List.of("ndcg@10", "hr@10"), List.of(
                outcome.families().stream().mapToDouble(f -> f.test().ndcg10()).toArray(),
                outcome.families().stream().mapToDouble(f -> f.test().hr10()).toArray()), "%.4f"));
        h.append("<h2>Validation NDCG@10 (what selection uses)</h2>\n");
        h.append(bars(names, List.of("valid ndcg@10"), List.of(
                outcome.families().stream().mapToDouble(f -> f.valid().ndcg10()).toArray()), "%.4f"));
        h.append("<h2>Training seconds</h2>\n");
        h.append(bars(names, List.of("seconds"), List.of(
                outcome.families().stream().mapToDouble(f -> f.chosen().trainSeconds()).toArray()), "%.2f"));

        h.append("<h2>Candidates tried</h2>\n<table><tr><th>model</th><th>candidate</th><th>valid ndcg@10</th>")
                .append("<th>valid hr@10</th><th>train seconds</th><th>parameters</th></tr>\n");
        for (ModelSelection.Family f : outcome.families()) {
            for (ModelSelection.Tried t : f.tried()) {
                h.append(t == f.chosen() ? "<tr class=\"selected\">" : "<tr>").append("<td>").append(esc(f.name()))
                        .append("</td><td>").append(esc(t.candidate().label())).append("</td><td>")
                        .append(fmt(t.valid().ndcg10())).append("</td><td>").append(fmt(t.valid().hr10()))
                        .append("</td><td>").append(String.format(Locale.ROOT, "%.2f", t.trainSeconds()))
                        .append("</td><td><small>").append(esc(new TreeMap<>(t.parameters()).toString()))
                        .append("</small></td></tr>\n");
            }
        }
        h.append("</table>\n<p><small>Bold rows: the selected family, and each family's chosen candidate.</small></p>")
                .append("\n</body></html>\n");
        return h.toString();
    }

    /** A horizontal grouped bar chart: one group per label, one bar per series, value written at the bar's end. */
    static String bars(List<String> labels, List<String> series, List<double[]> values, String format) {
        int labelWidth = 110;
        int plotWidth = 420;
        int bar = 14;
        int gap = 10;
        int legend = series.size() > 1 ? 24 : 0;
        int group = series.size() * bar + gap;
        int height = legend + labels.size() * group + gap;
        double max = 0;
        for (double[] v : values) {
            for (double x : v) {
                max = Math.max(max, x);
            }
        }
        double scale = max > 0 ? plotWidth / max : 0;
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "role=\"img\" font-size=\"12\" font-family=\"sans-serif\">", labelWidth + plotWidth + 80, height));
        List<String> parts = new ArrayList<>();
        if (legend > 0) {
            for (int k = 0; k < series.size(); k++) {
                int x = labelWidth + k * 120;
                parts.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"4\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"14\">%s</text>", x, COLOURS[k % COLOURS.length], x + 16,
                        esc(series.get(k))));
            }
        }
        for (int i = 0; i < labels.size(); i++) {
            int y0 = legend + i * group + gap / 2;
            parts.add(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
                    labelWidth - 8, y0 + series.size() * bar / 2 + 4, esc(labels.get(i))));
            for (int k = 0; k < series.size(); k++) {
                double v = values.get(k)[i];
                double w = Math.max(v * scale, v > 0 ? 1 : 0);
                int y = y0 + k * bar;
                parts.add(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%d\" "
                        + "fill=\"%s\"><title>%s %s: %s</title></rect><text x=\"%.1f\" y=\"%d\">%s</text>",
                        labelWidth, y, w, bar - 2, COLOURS[k % COLOURS.length], esc(labels.get(i)),
                        esc(series.get(k)), String.format(Locale.ROOT, format, v), labelWidth + w + 4, y + bar - 4,
                        String.format(Locale.ROOT, format, v)));
            }
        }
        parts.forEach(s::append);
        s.append("</svg>\n");
        return s.toString();
    }

    private static String fmt(double x) {
        return String.format(Locale.ROOT, "%.4f", x);
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
