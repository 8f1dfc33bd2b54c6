package org.trustmall.contracts.review;

import org.trustmall.ledger.contract.Caller;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.encoding.CborMap;

/**
 * One review's header: the model behind {@link ReviewContract}, pure and immutable. It says who published the review
 * and for which purchase, how many versions and moderation entries it has, and whether it is visible; the versions
 * and entries themselves are separate, never rewritten state entries. Each transition returns the next header or
 * throws {@link ContractFailure} saying why not; none reads anything but its arguments.
 *
 * @param author      the author's keyed commitment (32 bytes), never the person
 * @param publishedBy the signer that published it, {@code org/role}: its controller
 * @param versions    how many versions exist (1 after publishing); version n is 1-based
 * @param moderations how many moderation entries exist
 */
record ReviewRecord(String review, String order, String product, byte[] author, String publishedBy,
                    long publishedAt, long versions, boolean visible, long moderations) {

    static ReviewRecord publish(String review, String order, String product, byte[] author, Caller publisher,
                                long now) {
        return new ReviewRecord(review, order, product, author.clone(), publisher.organisation() + "/"
                + publisher.role(), now, 1, true, 0);
    }

    /**
     * Whether {@code caller} may edit or moderate: the very organisation and role that published the review, or that
     * organisation's own key (which can register and revoke the role anyway).
     */
    boolean controlledBy(Caller caller) {
        return publishedBy.equals(caller.organisation() + "/" + caller.role())
                || (caller.isOrganisation() && publisherOrganisation().equals(caller.organisation()));
    }

    String publisherOrganisation() {
        // Roles never contain '/', so the last one separates the organisation from the role.
        return publishedBy.substring(0, publishedBy.lastIndexOf('/'));
    }

    /**
     * The header after version {@code version} is appended. The caller names the version it creates, so that an edit
     * prepared against version n (whose content commitment covers n + 1) cannot silently become version n + 2 after
     * a concurrent edit.
     */
    ReviewRecord edited(long version) {
        if (version != versions + 1) {
            throw new ContractFailure("field 'version': review '" + review + "' has " + versions
                    + " version(s); the next is " + (versions + 1) + ", not " + version);
        }
        if (versions >= ReviewContract.MAX_VERSIONS) {
            throw new ContractFailure("review '" + review + "' already has " + ReviewContract.MAX_VERSIONS
                    + " versions, the most one may have");
        }
        return new ReviewRecord(review, order, product, author, publishedBy, publishedAt, version, visible,
                moderations);
    }

    /** The header after a moderation entry that makes the review {@code visible} (or hidden). */
    ReviewRecord moderated(boolean makeVisible) {
        if (visible == makeVisible) {
            throw new ContractFailure("field 'visible': review '" + review + "' is already "
                    + (visible ? "visible" : "hidden"));
        }
        if (moderations >= ReviewContract.MAX_MODERATIONS) {
            throw new ContractFailure("review '" + review + "' already has " + ReviewContract.MAX_MODERATIONS
                    + " moderation entries, the most one may have");
        }
        return new ReviewRecord(review, order, product, author, publishedBy, publishedAt, versions, makeVisible,
                moderations + 1);
    }

    CborMap toCbor() {
        return CborMap.builder()
                .put("review", review)
                .put("order", order)
                .put("product", product)
                .put("author", author)
                .put("published_by", publishedBy)
                .put("published_at", publishedAt)
                .put("versions", versions)
                .put("visible", visible)
                .put("moderations", moderations)
                .build();
    }

    static ReviewRecord fromCbor(CborMap m) {
        return new ReviewRecord(m.text("review"), m.text("order"), m.text("product"), m.bytes("author"),
                m.text("published_by"), m.integer("published_at"), m.integer("versions"), m.bool("visible"),
                m.integer("moderations"));
    }
}
