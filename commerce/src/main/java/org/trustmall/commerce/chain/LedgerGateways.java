package org.trustmall.commerce.chain;

import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.Objects;
import org.trustmall.commerce.CommerceException;
import org.trustmall.ledger.Ledger;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.Receipt;
import org.trustmall.ledger.block.TxResult;
import org.trustmall.ledger.crypto.SigningKey;
import org.trustmall.ledger.encoding.CborMap;
import org.trustmall.ledger.execution.Membership;
import org.trustmall.ledger.identity.KeyDirectory;
import org.trustmall.ledger.tx.Transaction;

/** {@link LedgerGateway}s over an in-process {@link Ledger}, and the registration of commerce's signing role. */
public final class LedgerGateways {
    /** The signing role commerce registers for the platform organisation. */
    public static final String COMMERCE_ROLE = "commerce";

    private LedgerGateways() {
    }

    /** A gateway signing with {@code serviceKey}, timestamping transactions with the system clock. */
    public static LedgerGateway over(Ledger ledger, SigningKey serviceKey) {
        return over(ledger, serviceKey, InstantSource.system());
    }

    /**
     * A gateway signing with {@code serviceKey} and timestamping transactions with {@code clock}, which must be close
     * to the ledger's own (within its nonce window and allowed skew); tests pass the ledger's controllable clock.
     */
    public static LedgerGateway over(Ledger ledger, SigningKey serviceKey, InstantSource clock) {
        return new InProcess(ledger, serviceKey, null, clock);
    }

    /**
     * A gateway signing with {@code serviceKey}, and with the role keys in {@code keys} for
     * {@link LedgerGateway#submitAs} (arbiters' keys, created and registered on first use).
     */
    public static LedgerGateway over(Ledger ledger, SigningKey serviceKey, KeyDirectory keys, InstantSource clock) {
        return new InProcess(ledger, serviceKey, Objects.requireNonNull(keys, "keys"), clock);
    }

    /**
     * The key of signing role {@code role} ({@code keys.role(role)}, created on first use), registered with the
     * ledger's membership for the platform organisation if it is not yet (an {@code add-role} signed with the
     * organisation's key). Call once at start-up.
     */
    public static SigningKey ensureServiceRole(Ledger ledger, KeyDirectory keys, String role) {
        return ensureServiceRole(ledger, keys, role, InstantSource.system());
    }

    /**
     * As above, timestamping the registration with {@code clock}, which must be close to the ledger's own (a gateway
     * registering an arbiter's role on first use passes its clock, so tests that move the ledger's time still work).
     */
    public static SigningKey ensureServiceRole(Ledger ledger, KeyDirectory keys, String role, InstantSource clock) {
        SigningKey key = keys.role(role);
        CborMap member = CborMap.builder().put("key", key.publicKey().bytes()).build();
        try {
            ledger.query(Membership.ID, "member", member);
            return key;
        } catch (LedgerException notRegistered) {
            // The membership query fails for an unknown key: register it below.
        }
        KeyDirectory.OrganisationKey org = keys.organisation();
        CborMap args = CborMap.builder().put("role", role).put("key", key.publicKey().bytes()).build();
        Transaction tx = Transaction.sign(ledger.chainId(), Membership.ID, "add-role", args.encode(), org.key(),
                new SecureRandom().nextLong(), clock.millis());
        Receipt receipt = ledger.submitAndWait(tx);
        if (!(receipt instanceof Receipt.Committed c) || !c.result().ok()) {
            throw new CommerceException("cannot register signing role '" + role + "' with the ledger: "
                    + reason(receipt));
        }
        return key;
    }

    private static String reason(Receipt receipt) {
        return switch (receipt) {
            case Receipt.Rejected r -> r.reason();
            case Receipt.Committed c -> c.result() instanceof TxResult.Failed f ? f.reason() : "ok";
        };
    }

    private static final class InProcess implements LedgerGateway {
        private final Ledger ledger;
        private final SigningKey key;
        private final KeyDirectory keys;
        private final InstantSource clock;
        private final SecureRandom random = new SecureRandom();
        private final java.util.concurrent.ConcurrentMap<String, SigningKey> roles =
                new java.util.concurrent.ConcurrentHashMap<>();

        InProcess(Ledger ledger, SigningKey key, KeyDirectory keys, InstantSource clock) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            this.key = Objects.requireNonNull(key, "key");
            this.keys = keys;
            this.clock = Objects.requireNonNull(clock, "clock");
        }

        @Override
        public Committed submit(String contract, String method, CborMap args) {
            return submit(key, contract, method, args);
        }

        @Override
        public Committed submitAs(String role, String contract, String method, CborMap args) {
            return submit(role(role), contract, method, args);
        }

        @Override
        public byte[] roleKey(String role) {
            return role(role).publicKey().bytes();
        }

        private SigningKey role(String role) {
            if (keys == null) {
                throw new CommerceException("this ledger gateway holds no role keys; cannot sign as '" + role + "'");
            }
            return roles.computeIfAbsent(role, r -> {
                try {
                    return ensureServiceRole(ledger, keys, r, clock);
                } catch (LedgerException | IllegalArgumentException e) {
                    throw new CommerceException("cannot register signing role '" + r + "': " + e.getMessage(), e);
                }
            });
        }

        private Committed submit(SigningKey signer, String contract, String method, CborMap args) {
            Receipt receipt;
            try {
                Transaction tx = Transaction.sign(ledger.chainId(), contract, method, args.encode(), signer,
                        random.nextLong(), clock.millis());
                receipt = ledger.submitAndWait(tx);
            } catch (LedgerException | IllegalArgumentException e) {
                throw new CommerceException("ledger " + contract + "." + method + " failed: " + e.getMessage(), e);
            }
            if (receipt instanceof Receipt.Committed c && c.result() instanceof TxResult.Succeeded s) {
                return new Committed(c.transactionId().hex(), c.height(), c.logIndex(), CborMap.parse(s.value()));
            }
            throw new CommerceException("ledger " + contract + "." + method + " refused: " + reason(receipt));
        }

        @Override
        public java.util.Optional<CommittedCall> transaction(String transactionId) {
            org.trustmall.ledger.crypto.Hash id;
            try {
                id = org.trustmall.ledger.crypto.Hash.fromHex(transactionId);
            } catch (IllegalArgumentException e) {
                return java.util.Optional.empty();
            }
            return ledger.transaction(id).map(r -> new CommittedCall(transactionId, r.transaction().contract(),
                    r.transaction().method(), r.transaction().argsMap(), r.result().ok(), r.height(),
                    r.result() instanceof TxResult.Succeeded s ? CborMap.parse(s.value()) : null));
        }

        @Override
        public CborMap query(String contract, String method, CborMap args) {
            try {
                return ledger.query(contract, method, args);
            } catch (LedgerException e) {
                throw new CommerceException("ledger query " + contract + "." + method + " failed: "
                        + e.getMessage(), e);
            }
        }

        @Override
        public long blockTime() {
            return ledger.head().timestamp();
        }
    }
}
