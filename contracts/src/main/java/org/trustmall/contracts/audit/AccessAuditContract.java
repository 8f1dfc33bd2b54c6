package org.trustmall.contracts.audit;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.trustmall.contracts.internal.Args;
import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * The access log of personal data: every read of a person's decrypted data — by which account or service, for which
 * purpose, which fields — appended per person, never changed. Entries arrive in batches (one transaction for many
 * reads) so auditing costs little. The person appears only as their 32-byte keyed commitment.
 *
 * <p>Method: {@code record {entries: [{subject: bytes(32), accessor: 1-100 chars, purpose: 1-64 chars,
 * fields: [1-64 chars…] (≤ 32), at: ms}]}} (1-{@value #MAX_BATCH} entries) → {recorded: count}. Each stored entry also
 * keeps the block height and the transaction id, so its proof can be fetched. Query: {@code list {subject, from?: n ≥ 1,
 * limit?: 1-500}} → {count, entries: [{n, accessor, purpose, fields, at, height, transaction}]}.
 *
 * <p>Also the erasure receipt: {@code erased {subject}} records, once, that the person's keys were destroyed (query
 * {@code erasure {subject}} → {erased_at, height, transaction}); from then on nobody can compute the commitment, so
 * the receipt names no one.
 *
 * <p>State: {@code a/<subject hex>} → the count; {@code a/<subject hex>/<n>} → entry n; {@code e/<subject hex>} →
 * the erasure receipt. Stateless and thread-safe.
 */
public final class AccessAuditContract implements Contract {
    public static final String ID = "access-audit";
    public static final String RECORD = "record";
    public static final String ERASED = "erased";
    public static final String LIST = "list";
    public static final String ERASURE = "erasure";
    public static final int MAX_BATCH = 500;
    public static final int SUBJECT_BYTES = 32;

    private static final List<String> RECORD_FIELDS = List.of("entries");
    private static final List<String> ENTRY_FIELDS = List.of("subject", "accessor", "purpose", "fields", "at");
    private static final List<String> LIST_FIELDS = List.of("subject", "from", "limit");

    /** One read of a person's data, as the platform reports it. */
    public record Entry(byte[] subject, String accessor, String purpose, List<String> fields, long at) {
    }

    @Override
    public String id() {
        return ID;
    }

    /** Arguments of a {@code record} call. */
    public static byte[] recordArgs(List<Entry> entries) {
        List<Object> list = new ArrayList<>();
        for (Entry e : entries) {
            list.add(CborMap.builder().put("subject", e.subject()).put("accessor", e.accessor())
                    .put("purpose", e.purpose()).put("fields", List.copyOf(e.fields())).put("at", e.at()).build());
        }
        return CborMap.builder().put("entries", list).build().encode();
    }

    /** Arguments of an {@code erased} call (the erasure receipt) and of the {@code erasure} query. */
    public static CborMap subjectArgs(byte[] subject) {
        return CborMap.builder().put("subject", subject).build();
    }

    /** Arguments of the {@code list} query. */
    public static CborMap listArgs(byte[] subject, long from, int limit) {
        return CborMap.builder().put("subject", subject).put("from", from).put("limit", (long) limit).build();
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        if (method.equals(ERASED)) {
            Args.allowOnly(args, method, List.of("subject"));
            String key = "e/" + base(args.bytes("subject")).substring(2);
            if (ctx.contains(key)) {
                throw new ContractFailure("this person's erasure was already recorded");
            }
            CborMap receipt = CborMap.builder().put("erased_at", ctx.blockTimestamp()).put("height", ctx.blockHeight())
                    .put("transaction", ctx.transactionId().hex()).build();
            ctx.put(key, receipt.encode());
            return receipt;
        }
        if (!method.equals(RECORD)) {
            throw new ContractFailure("access-audit has no method '" + method + "'");
        }
        Args.allowOnly(args, method, RECORD_FIELDS);
        List<CborMap> entries = args.maps("entries");
        if (entries.isEmpty() || entries.size() > MAX_BATCH) {
            throw new ContractFailure("field 'entries': 1-" + MAX_BATCH + " entries, got " + entries.size());
        }
        String tx = ctx.transactionId().hex();
        for (CborMap e : entries) {
            Args.allowOnly(e, "an entry", ENTRY_FIELDS);
            String base = base(e.bytes("subject"));
            String accessor = Args.text(e, "accessor", 1, 100);
            String purpose = Args.text(e, "purpose", 1, 64);
            List<Object> fields = e.list("fields");
            if (fields.size() > 32) {
                throw new ContractFailure("field 'fields': at most 32 field names");
            }
            List<Object> names = new ArrayList<>();
            for (Object f : fields) {
                if (!(f instanceof String s) || s.isEmpty() || s.length() > 64) {
                    throw new ContractFailure("field 'fields': names of 1-64 characters");
                }
                names.add(s);
            }
            long at = e.integer("at");
            long n = count(ctx, base) + 1;
            ctx.put(base + "/" + n, CborMap.builder().put("n", n).put("accessor", accessor).put("purpose", purpose)
                    .put("fields", names).put("at", at).put("height", ctx.blockHeight()).put("transaction", tx)
                    .build().encode());
            ctx.put(base, CborMap.builder().put("count", n).build().encode());
        }
        return CborMap.builder().put("recorded", (long) entries.size()).build();
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        if (method.equals(ERASURE)) {
            Args.allowOnly(args, method, List.of("subject"));
            String key = "e/" + base(args.bytes("subject")).substring(2);
            return state.get(key).map(CborMap::parse)
                    .orElseThrow(() -> new ContractFailure("no erasure is recorded for this subject"));
        }
        if (!method.equals(LIST)) {
            return Contract.super.query(method, args, state);
        }
        Args.allowOnly(args, method, LIST_FIELDS);
        String base = base(args.bytes("subject"));
        long from = args.optionalInteger("from").orElse(1);
        long limit = args.optionalInteger("limit").orElse(100);
        if (from < 1 || limit < 1 || limit > 500) {
            throw new ContractFailure("field 'from'/'limit': from ≥ 1, limit 1-500");
        }
        long count = count(state, base);
        List<Object> out = new ArrayList<>();
        for (long n = from; n <= count && n < from + limit; n++) {
            long at = n;
            out.add(state.get(base + "/" + n).map(CborMap::parse)
                    .orElseThrow(() -> new ContractFailure("access entry " + at + " is missing")));
        }
        return CborMap.builder().put("count", count).put("entries", out).build();
    }

    private static String base(byte[] subject) {
        if (subject.length != SUBJECT_BYTES) {
            throw new ContractFailure("field 'subject': a person's commitment has " + SUBJECT_BYTES + " bytes, got "
                    + subject.length);
        }
        return "a/" + HexFormat.of().formatHex(subject);
    }

    private static long count(StateView state, String base) {
        return state.get(base).map(CborMap::parse).map(m -> m.integer("count")).orElse(0L);
    }
}
