package org.trustmall.app.ledger;

import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Progress;
import org.trustmall.ledger.LedgerOptions;

/** The headline figures of {@code ledger bench}, for other benchmarks to print beside their own. */
public record LedgerBenchFigures(double committedTps, double rawVerifyPerS, double ratio, double p99CommitMs) {

    public static LedgerBenchFigures measure(DataDir data, int transactions, Progress progress) {
        LedgerBench.Result r = LedgerBench.run(data, transactions, 2, LedgerOptions.DEFAULT, progress);
        return new LedgerBenchFigures(r.committedTps(), r.rawVerifyPerS(), r.ratio(), r.p99CommitMs());
    }
}
