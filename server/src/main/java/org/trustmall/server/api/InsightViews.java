package org.trustmall.server.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import org.trustmall.commerce.insights.InsightsService;
import org.trustmall.privacy.dp.Epsilon;

/**
 * The JSON of merchant insights. Epsilons are exact decimal numbers (never rounded through a double), so a merchant
 * can add up what it spent and get exactly what the budget says.
 */
public final class InsightViews {
    private InsightViews() {
    }

    private static java.math.BigDecimal decimal(Epsilon e) {
        return e.toBigDecimal();
    }

    public static ObjectNode budget(InsightsService.Budget b) {
        ObjectNode o = Views.object().put("total", decimal(b.total())).put("spent", decimal(b.spent()))
                .put("remaining", decimal(b.remaining())).put("periodStart", b.periodStart().toString());
        if (b.periodEnd() == null) {
            o.putNull("periodEnd");
        } else {
            o.put("periodEnd", b.periodEnd().toString());
        }
        return o;
    }

    public static Schema budgetSchema() {
        return Schema.object().req("total", Schema.number().describe("the ε a budget period allows"))
                .req("spent", Schema.number()).req("remaining", Schema.number())
                .req("periodStart", Schema.string().with("format", "date-time"))
                .req("periodEnd", Schema.string().with("format", "date-time").nullable()
                        .describe("when the budget renews; null for a lifetime budget"));
    }

    public static ObjectNode answer(InsightsService.Answer a) {
        ObjectNode o = Views.object().put("metric", a.metric().wire()).put("from", a.from().toString())
                .put("to", a.to().toString());
        if (a.currency() != null) {
            o.put("currency", a.currency());
        }
        o.put("value", a.value()).put("sensitivity", a.sensitivity()).put("epsilon", decimal(a.epsilon()))
                .put("mechanism", "discrete-laplace");
        o.set("budget", budget(a.budget()));
        return o;
    }

    public static Schema answerSchema() {
        return Schema.object().req("metric", metrics()).req("from", Schema.string().with("format", "date"))
                .req("to", Schema.string().with("format", "date"))
                .opt("currency", Schema.string(3, 3).describe("revenue only"))
                .req("value", Schema.integer().describe("the true value plus discrete Laplace noise of scale "
                        + "sensitivity/epsilon; may be negative when the true value is small"))
                .req("sensitivity", Schema.integer().describe("how far one order (buyers: one buyer) can move the "
                        + "true value"))
                .req("epsilon", Schema.number().describe("the ε this answer spent"))
                .req("mechanism", Schema.enumOf("discrete-laplace"))
                .req("budget", budgetSchema());
    }

    public static Schema metrics() {
        return Schema.enumOf(Arrays.stream(InsightsService.Metric.values()).map(InsightsService.Metric::wire)
                .toArray(String[]::new));
    }
}
