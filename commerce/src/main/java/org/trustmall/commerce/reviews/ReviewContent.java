package org.trustmall.commerce.reviews;

import java.util.HexFormat;
import org.trustmall.ledger.crypto.Hash;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The commitment to one version of a review, which the ledger's {@code review} contract records: the one definition
 * used both when a review is written and when it is verified, so that the two cannot drift apart.
 *
 * <p>For an outside verifier: the commitment is SHA-256 over the deterministic CBOR encoding (RFC 8949 §4.2.1:
 * shortest-form integers and lengths, definite lengths, map keys sorted by their encoded bytes) of the map
 * <pre>
 *   {"scheme": "trustmall-review/1", "product": productId, "version": n, "rating": 1-5,
 *    "title": title (only when there is one), "text": text}
 * </pre>
 * where productId, n and rating are unsigned integers and the texts are UTF-8 strings exactly as the API shows them.
 * With those six keys the sorted order is text, title, rating, scheme, product, version (shorter keys first). The
 * author's display name is deliberately left out: it may be anonymised later without breaking the proof. The
 * version number is in, so two versions never share a commitment even when their words do.
 */
public final class ReviewContent {
    public static final String SCHEME = "trustmall-review/1";

    private ReviewContent() {
    }

    /** The canonical encoding that is hashed. */
    public static byte[] encoding(long productId, int version, ReviewService.Content content) {
        CborMap.Builder b = CborMap.builder()
                .put("scheme", SCHEME)
                .put("product", productId)
                .put("version", (long) version)
                .put("rating", (long) content.rating())
                .put("text", content.text());
        if (content.title() != null) {
            b.put("title", content.title());
        }
        return b.build().encode();
    }

    /** The 32-byte commitment. */
    public static byte[] commitment(long productId, int version, ReviewService.Content content) {
        return Hash.sha256(encoding(productId, version, content)).bytes();
    }

    /** The commitment in lower-case hex, as the API shows it. */
    public static String hex(long productId, int version, ReviewService.Content content) {
        return HexFormat.of().formatHex(commitment(productId, version, content));
    }
}
