package org.trustmall.app.risk;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.trustmall.ai.risk.RiskEvaluation;
import org.trustmall.ai.risk.RiskFeatures;
import org.trustmall.ai.risk.RiskModel;
import org.trustmall.ai.risk.RiskScenario;
import org.trustmall.contracts.risk.RiskDecisionContract;
import org.trustmall.ledger.crypto.Hash;

/**
 * The validator's re-execution of one decision, case by case: an honest decision is agreed with; a wrong score,
 * an altered vector and a swapped model are each named for what they are.
 */
class RiskValidatorJudgementTest {
    static RiskModel model;
    static byte[] artifact;
    static String sha;
    static final double[] X = new double[RiskFeatures.COUNT];
    static final byte[] SALT = new byte[32];
    static byte[] commitment;
    static long honestPpm;

    @BeforeAll
    static void decision() {
        model = RiskEvaluation.run(new RiskScenario(7, 3_000)).model("xgboost").model();
        artifact = model.artifact();
        sha = model.sha256();
        Arrays.fill(X, 0.5);
        X[0] = 3.0;
        Arrays.fill(SALT, (byte) 7);
        commitment = Hash.sha256(SALT, RiskFeatures.canonicalBytes(X)).bytes();
        honestPpm = Math.round(model.score(X) * RiskDecisionContract.PPM);
    }

    @Test
    void anHonestDecisionIsAgreedWith() {
        assertEquals(RiskValidator.Reason.NONE,
                RiskValidator.judge(X, SALT, commitment, sha, artifact, honestPpm).reason());
    }

    @Test
    void aRecordedScoreTheRegisteredModelDoesNotGiveIsCaughtByReExecution() {
        RiskValidator.Judgement j = RiskValidator.judge(X, SALT, commitment, sha, artifact, honestPpm - 1);
        assertEquals(RiskValidator.Reason.SCORE_MISMATCH, j.reason(), j::detail);
        assertEquals(RiskValidator.Reason.SCORE_MISMATCH,
                RiskValidator.judge(X, SALT, commitment, sha, artifact, 0).reason());
    }

    @Test
    void anAlteredVectorIsCaughtByItsCommitmentBeforeAnythingIsRun() {
        double[] altered = X.clone();
        altered[0] = 0.1;
        assertEquals(RiskValidator.Reason.COMMITMENT_MISMATCH,
                RiskValidator.judge(altered, SALT, commitment, sha, artifact, honestPpm).reason());
    }

    @Test
    void aModelOtherThanTheRegisteredOneIsCaughtByItsHash() {
        byte[] other = RiskEvaluation.run(new RiskScenario(8, 3_000)).model("xgboost").model().artifact();
        assertEquals(RiskValidator.Reason.MODEL_HASH_MISMATCH,
                RiskValidator.judge(X, SALT, commitment, sha, other, honestPpm).reason());
    }
}
