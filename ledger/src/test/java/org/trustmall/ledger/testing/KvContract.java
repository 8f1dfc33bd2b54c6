package org.trustmall.ledger.testing;

import org.trustmall.ledger.contract.Contract;
import org.trustmall.ledger.contract.ContractContext;
import org.trustmall.ledger.contract.ContractFailure;
import org.trustmall.ledger.contract.StateView;
import org.trustmall.ledger.encoding.CborMap;

/**
 * A small key-value contract for the ledger's own tests (the real contracts live in a module above the ledger):
 * {@code put {key, value}}, {@code fail-after-write {key}} (writes, then fails), {@code write-many {n}}.
 */
public final class KvContract implements Contract {
    public static final String ID = "kv";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public CborMap invoke(String method, CborMap args, ContractContext ctx) {
        switch (method) {
            case "put" -> {
                ctx.put(args.text("key"), args.bytes("value"));
                return CborMap.builder().put("height", ctx.blockHeight()).build();
            }
            case "fail-after-write" -> {
                ctx.put(args.text("key"), new byte[] {1});
                throw new ContractFailure("failing on purpose after a write");
            }
            case "write-many" -> {
                long n = args.integer("n");
                for (long i = 0; i < n; i++) {
                    ctx.put("many/" + i, new byte[] {(byte) i});
                }
                return CborMap.builder().put("written", n).build();
            }
            default -> throw new ContractFailure("kv has no method '" + method + "'");
        }
    }

    @Override
    public CborMap query(String method, CborMap args, StateView state) {
        if (!method.equals("get")) {
            return Contract.super.query(method, args, state);
        }
        return state.get(args.text("key")).map(v -> CborMap.builder().put("value", v).build())
                .orElseThrow(() -> new ContractFailure("no such key"));
    }
}
