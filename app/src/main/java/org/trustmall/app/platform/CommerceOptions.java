package org.trustmall.app.platform;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.trustmall.app.cli.Errors;
import org.trustmall.commerce.CommerceConfig;
import picocli.CommandLine.Option;

/**
 * The commerce rules an operator sets when running the platform ({@code serve}, {@code demo}), each from a flag or
 * its environment variable. Shared as a picocli mixin.
 */
public final class CommerceOptions {
    @Option(names = "--escrow-timeout-days", defaultValue = "${env:TRUSTMALL_ESCROW_TIMEOUT_DAYS:-14}",
            description = "Days a buyer has after delivery to confirm or dispute before escrow is released to the "
                    + "merchant, 1-400 (default: $TRUSTMALL_ESCROW_TIMEOUT_DAYS or 14).")
    int escrowTimeoutDays;
    @Option(names = "--return-window-days", defaultValue = "${env:TRUSTMALL_RETURN_WINDOW_DAYS:-30}",
            description = "Days after delivery in which a buyer may ask to return goods, 1-365 (default: "
                    + "$TRUSTMALL_RETURN_WINDOW_DAYS or 30).")
    int returnWindowDays;
    @Option(names = "--dispute-panel", defaultValue = "${env:TRUSTMALL_DISPUTE_PANEL:-3}",
            description = "Arbiters appointed to each dispute, 1-15 (default: $TRUSTMALL_DISPUTE_PANEL or 3).")
    int disputePanel;
    @Option(names = "--dispute-threshold", defaultValue = "${env:TRUSTMALL_DISPUTE_THRESHOLD:-2/3}",
            description = "Share of the panel, num/den, whose votes for one outcome decide a dispute: C = V/N must "
                    + "reach it (default: $TRUSTMALL_DISPUTE_THRESHOLD or 2/3).")
    String disputeThreshold;
    @Option(names = "--risk-hold-threshold", defaultValue = "${env:TRUSTMALL_RISK_HOLD_THRESHOLD:-0.8}",
            description = "Fraud score (0-1] at or above which a paid order's escrow is held until an admin reviews "
                    + "it (default: $TRUSTMALL_RISK_HOLD_THRESHOLD or 0.8).")
    double riskHoldThreshold;

    /** The options applied to a configuration; a value out of range is a usage error naming the option. */
    public UnaryOperator<CommerceConfig> apply() {
        if (escrowTimeoutDays < 1 || escrowTimeoutDays > 400) {
            throw new Errors.UsageException("option '--escrow-timeout-days' must be 1-400, got " + escrowTimeoutDays);
        }
        if (returnWindowDays < 1 || returnWindowDays > 365) {
            throw new Errors.UsageException("option '--return-window-days' must be 1-365, got " + returnWindowDays);
        }
        if (disputePanel < 1 || disputePanel > 15) {
            throw new Errors.UsageException("option '--dispute-panel' must be 1-15, got " + disputePanel);
        }
        if (!(riskHoldThreshold > 0 && riskHoldThreshold <= 1)) {
            throw new Errors.UsageException("option '--risk-hold-threshold' must be above 0 and at most 1, got "
                    + riskHoldThreshold);
        }
        CommerceConfig.Threshold threshold = threshold(disputeThreshold);
        return c -> c.withEscrowTimeout(Duration.ofDays(escrowTimeoutDays))
                .withReturnWindow(Duration.ofDays(returnWindowDays)).withDisputePanel(disputePanel, threshold)
                .withRisk(c.risk().withHoldThreshold(riskHoldThreshold));
    }

    static CommerceConfig.Threshold threshold(String text) {
        String t = text == null ? "" : text.strip();
        int slash = t.indexOf('/');
        try {
            if (slash > 0) {
                return new CommerceConfig.Threshold(Integer.parseInt(t.substring(0, slash).strip()),
                        Integer.parseInt(t.substring(slash + 1).strip()));
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            // reported below
        }
        throw new Errors.UsageException("option '--dispute-threshold' must be num/den with 1 <= num <= den <= 100, "
                + "such as 2/3; got '" + text + "'");
    }
}
