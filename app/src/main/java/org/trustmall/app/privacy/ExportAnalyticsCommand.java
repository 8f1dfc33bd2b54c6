package org.trustmall.app.privacy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Json;
import org.trustmall.app.platform.Platform;
import org.trustmall.commerce.insights.AnalyticsExport;
import org.trustmall.app.platform.PlatformOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code trustmall privacy export-analytics}: the pseudonymised purchases for analytics and model training. */
@Command(name = "export-analytics", mixinStandardHelpOptions = true,
        description = "Write every paid order line as JSON Lines (buyer pseudonym, product, quantity, unit price, "
                + "currency, day) for analytics and model training. Buyers appear only as stable HMAC pseudonyms "
                + "under the secret keys/commerce/analytics-pseudonym.key, and only buyers whose consent allows "
                + "analytics. The file is replaced atomically and made readable by its owner only.")
public final class ExportAnalyticsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The JSON Lines file to write.")
    Path out;
    @Mixin
    PlatformOptions platformOptions;
    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        DataDir data = platformOptions.existing("export");
        AnalyticsExport.Summary s;
        try (Platform platform = platformOptions.open(data)) {
            s = platform.commerce().insights().exportAnalytics(out);
        }
        PrintWriter w = spec.commandLine().getOut();
        if (json) {
            ObjectNode o = Json.object();
            o.put("file", s.file().toString()).put("lines", s.lines()).put("buyers", s.buyers())
                    .put("buyersLeftOut", s.buyersLeftOut());
            Json.print(w, o);
        } else {
            w.println("exported " + s.lines() + " order lines of " + s.buyers() + " buyers to " + s.file()
                    + (s.buyersLeftOut() == 0 ? "" : " (" + s.buyersLeftOut()
                    + " buyers left out: no consent to analytics)"));
        }
        return 0;
    }
}
