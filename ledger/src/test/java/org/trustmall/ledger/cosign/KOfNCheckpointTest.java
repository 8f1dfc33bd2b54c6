package org.trustmall.ledger.cosign;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.trustmall.ledger.block.BlockHeader;
import org.trustmall.ledger.block.Checkpoint;
import org.trustmall.ledger.cosign.CheckpointVerdict.Reason;
import org.trustmall.ledger.cosign.CheckpointVerdict.Refused;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.crypto.Signatures;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.identity.Organisation;
import org.trustmall.ledger.identity.TrustedKeys;

/**
 * k of n: a checkpoint is believed once k distinct trusted organisations signed its very header — not an untrusted
 * key, not a signature over another header, not one organisation twice. Three organisations, threshold two unless a
 * test says otherwise; a client that trusts nothing yet judges on signatures alone.
 */
class KOfNCheckpointTest {
    private static final Hash CHAIN = Hash.sha256(new byte[] {'c'});
    private static final SigningKey ALPHA = SigningKey.generate();
    private static final SigningKey BETA = SigningKey.generate();
    private static final SigningKey GAMMA = SigningKey.generate();
    private static final SigningKey OUTSIDER = SigningKey.generate();
    private static final List<Organisation> ORGS = List.of(new Organisation("alpha", ALPHA.publicKey()),
            new Organisation("beta", BETA.publicKey()), new Organisation("gamma", GAMMA.publicKey()));
    private static final Checkpoint UNSIGNED = new Checkpoint(CHAIN, header(7), List.of());
    private static final Checkpoint OTHER_HEADER = new Checkpoint(CHAIN, header(8), List.of());

    private static BlockHeader header(int seed) {
        return new BlockHeader(5, Hash.sha256(new byte[] {(byte) seed, 1}), 40, 8, Hash.sha256(new byte[] {
                (byte) seed, 2}), Hash.sha256(new byte[] {(byte) seed, 3}), Hash.sha256(new byte[] {(byte) seed, 4}),
                1_700_000_000_000L + seed);
    }

    private static TrustedKeys trust(int k) {
        return new TrustedKeys(Optional.of(CHAIN), ORGS, k);
    }

    private static CheckpointVerdict judge(Checkpoint cp, int k) {
        return new LightClient(trust(k), Signatures.fastest()).judge(cp, Optional.empty());
    }

    private static Refused refused(CheckpointVerdict v) {
        return assertInstanceOf(Refused.class, v);
    }

    /** A signature by {@code key} over another header than {@link #UNSIGNED}'s, attached to it. */
    private static Checkpoint withSignatureOverOtherHeader(Checkpoint cp, String org, SigningKey key) {
        List<Checkpoint.Signature> all = new ArrayList<>(cp.signatures());
        all.addAll(OTHER_HEADER.signedBy(org, key).signatures());
        return new Checkpoint(cp.chainId(), cp.header(), all);
    }

    @Test
    void twoValidTrustedSignaturesOfThreeAreAccepted() {
        Checkpoint cp = UNSIGNED.signedBy("alpha", ALPHA).signedBy("gamma", GAMMA);

        assertTrue(judge(cp, 2).accepted(), () -> judge(cp, 2).toString());
    }

    @Test
    void oneValidSignatureIsTooFew() {
        Refused r = refused(judge(UNSIGNED.signedBy("beta", BETA), 2));

        assertEquals(Reason.TOO_FEW_SIGNATURES, r.reason());
        assertEquals("checkpoint has 1 valid trusted signature(s), 2 required", r.detail());
        assertEquals("too few trusted signatures: checkpoint has 1 valid trusted signature(s), 2 required",
                r.describe());
    }

    @Test
    void aSignatureByAnUntrustedKeyIsNotCountedEvenUnderATrustedName() {
        Checkpoint cp = UNSIGNED.signedBy("alpha", ALPHA).signedBy("beta", OUTSIDER);

        Refused r = refused(judge(cp, 2));

        assertEquals(Reason.TOO_FEW_SIGNATURES, r.reason());
        assertTrue(r.detail().contains("1 valid trusted signature(s)"), r.detail());
        assertTrue(r.detail().contains("signature by untrusted key " + OUTSIDER.publicKey().shortId()), r.detail());
    }

    @Test
    void aSignatureOverAnotherHeaderIsNotCounted() {
        Checkpoint cp = withSignatureOverOtherHeader(UNSIGNED.signedBy("alpha", ALPHA), "beta", BETA);

        Refused r = refused(judge(cp, 2));

        assertEquals(Reason.TOO_FEW_SIGNATURES, r.reason());
        assertTrue(r.detail().contains("invalid signature by beta"), r.detail());
    }

    @Test
    void oneOrganisationSigningTwiceCountsOnce() {
        Checkpoint cp = UNSIGNED.signedBy("alpha", ALPHA).signedBy("alpha", ALPHA);

        assertEquals("checkpoint has 1 valid trusted signature(s), 2 required", refused(judge(cp, 2)).detail());
    }

    @Test
    void theThresholdIsTheClientsToChoose() {
        Checkpoint two = UNSIGNED.signedBy("alpha", ALPHA).signedBy("beta", BETA);
        TrustedKeys twoOfThree = trust(2);

        assertTrue(judge(two, 1).accepted());
        assertTrue(judge(two, 2).accepted());
        assertEquals("checkpoint has 2 valid trusted signature(s), 3 required", refused(judge(two, 3)).detail());
        assertEquals(3, twoOfThree.withThreshold(3).threshold());
        assertEquals(twoOfThree.organisations(), twoOfThree.withThreshold(1).organisations());
        assertThrows(IllegalArgumentException.class, () -> twoOfThree.withThreshold(0));
        assertThrows(IllegalArgumentException.class, () -> twoOfThree.withThreshold(4));
    }

    @Test
    void aCheckpointOfAnotherChainIsRefusedWhoeverSignedIt() {
        Checkpoint other = new Checkpoint(Hash.sha256(new byte[] {'x'}), header(7), List.of())
                .signedBy("alpha", ALPHA).signedBy("beta", BETA).signedBy("gamma", GAMMA);

        Refused r = refused(judge(other, 1));

        assertEquals(Reason.OTHER_CHAIN, r.reason());
        assertTrue(r.detail().contains("not the trusted chain " + CHAIN.hex()), r.detail());
    }

    // ---- the algebra: accepted iff the distinct trusted valid signers reach k ----

    /** The signatures a subset is drawn from, and the organisation each validly counts for (null: none). */
    private static final List<Checkpoint.Signature> POOL = new ArrayList<>();
    private static final List<String> COUNTS_FOR = new ArrayList<>();

    static {
        add(UNSIGNED.signedBy("alpha", ALPHA), "alpha");
        add(UNSIGNED.signedBy("beta", BETA), "beta");
        add(UNSIGNED.signedBy("gamma", GAMMA), "gamma");
        add(UNSIGNED.signedBy("outsider", OUTSIDER), null);
        add(UNSIGNED.signedBy("alpha", OUTSIDER), null);
        add(OTHER_HEADER.signedBy("beta", BETA), null);
        add(OTHER_HEADER.signedBy("gamma", GAMMA), null);
        add(new Checkpoint(Hash.sha256(new byte[] {'x'}), header(7), List.of()).signedBy("alpha", ALPHA), null);
    }

    private static void add(Checkpoint signed, String countsFor) {
        POOL.add(signed.signatures().getLast());
        COUNTS_FOR.add(countsFor);
    }

    @Provide
    Arbitrary<List<Integer>> picks() {
        return Arbitraries.integers().between(0, 7).list().ofMaxSize(10);
    }

    @Property(tries = 300)
    void anySetOfSignaturesIsAcceptedExactlyWhenItsDistinctTrustedValidSignersReachK(
            @ForAll("picks") List<Integer> picks, @ForAll @IntRange(min = 1, max = 3) int k) {
        List<Checkpoint.Signature> chosen = new ArrayList<>();
        Set<String> signers = new HashSet<>();
        for (int i : picks) {
            chosen.add(POOL.get(i));
            if (COUNTS_FOR.get(i) != null) {
                signers.add(COUNTS_FOR.get(i));
            }
        }
        Checkpoint cp = new Checkpoint(CHAIN, UNSIGNED.header(), chosen);

        CheckpointVerdict v = judge(cp, k);

        assertEquals(signers.size() >= k, v.accepted(), () -> picks + " k=" + k + ": " + v);
        if (!v.accepted()) {
            assertEquals(Reason.TOO_FEW_SIGNATURES, refused(v).reason());
        }
    }
}
