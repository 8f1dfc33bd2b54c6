package org.trustmall.ledger.merkle;

import java.util.ArrayList;
import java.util.List;

import org.trustmall.ledger.crypto.Hash;

/**
 * RFC 9162's recursive definitions of MTH (§2.1.1), PATH (§2.1.3.1) and PROOF (§2.1.4.1), written as literally as
 * possible and as slowly as that makes them, to check {@link MerkleLog} against.
 */
record RfcMerkleTree(List<Hash> leaves) {

    RfcMerkleTree {
        leaves = List.copyOf(leaves);
    }

    static RfcMerkleTree ofLeafData(List<byte[]> data) {
        return new RfcMerkleTree(data.stream().map(MerkleHashes::leafHash).toList());
    }

    Hash mth(int size) {
        return mth(leaves.subList(0, size));
    }

    List<Hash> path(int m, int size) {
        return path(m, leaves.subList(0, size));
    }

    List<Hash> proof(int m, int size) {
        return subproof(m, leaves.subList(0, size), true);
    }

    private static Hash mth(List<Hash> d) {
        int n = d.size();
        if (n == 0) {
            return MerkleHashes.emptyRoot();
        }
        if (n == 1) {
            return d.get(0);
        }
        int k = largestPowerOfTwoBelow(n);
        return MerkleHashes.nodeHash(mth(d.subList(0, k)), mth(d.subList(k, n)));
    }

    private static List<Hash> path(int m, List<Hash> d) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (n <= 1) {
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            result.addAll(path(m, d.subList(0, k)));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(path(m - k, d.subList(k, n)));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    private static List<Hash> subproof(int m, List<Hash> d, boolean b) {
        int n = d.size();
        List<Hash> result = new ArrayList<>();
        if (m == n) {
            if (!b) {
                result.add(mth(d));
            }
            return result;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            result.addAll(subproof(m, d.subList(0, k), b));
            result.add(mth(d.subList(k, n)));
        } else {
            result.addAll(subproof(m - k, d.subList(k, n), false));
            result.add(mth(d.subList(0, k)));
        }
        return result;
    }

    private static int largestPowerOfTwoBelow(int n) {
        return Integer.highestOneBit(n - 1);
    }
}
