package org.trustmall.commerce.payments;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.trustmall.commerce.money.Money;

/**
 * An in-process card processor for the demo and tests, with the well-known test numbers: 4242 4242 4242 4242 and
 * 5555 5555 5555 4444 are approved, 4000 0000 0000 0002 is declined ({@code card_declined}), 4000 0000 0000 9995
 * has {@code insufficient_funds}, a number failing the Luhn check is {@code invalid_number}; any other well-formed
 * number is approved. Spaces and dashes in numbers are ignored.
 *
 * <p>Idempotent by key: a second charge or refund with a key returns the first result and moves no money. Refunds
 * apply only to approved payments, in their currency, and never add up to more than was charged. Records live in
 * memory, and with {@link #journaled} also in an append-only journal file that a restart replays, so a refund of a
 * payment made before a restart works as it would with a real provider. The journal holds payment ids, amounts and
 * idempotency keys, never a card number. Thread-safe: every operation is atomic.
 */
public final class SimulatedPaymentProvider implements PaymentProvider {
    private final Map<String, Result> byKey = new HashMap<>();
    private final Map<String, Payment> payments = new HashMap<>();
    private final java.nio.file.Path journal;
    private long sequence;

    /** Records in memory only (tests). */
    public SimulatedPaymentProvider() {
        this.journal = null;
    }

    private SimulatedPaymentProvider(java.nio.file.Path journal) {
        this.journal = journal;
    }

    /**
     * A provider whose records are also appended to {@code file} (created if absent) and replayed from it now. A
     * torn last line, from a crash while writing it, is ignored: that operation never returned to its caller.
     */
    public static SimulatedPaymentProvider journaled(java.nio.file.Path file) {
        SimulatedPaymentProvider p = new SimulatedPaymentProvider(file);
        try {
            if (java.nio.file.Files.exists(file)) {
                String all = java.nio.file.Files.readString(file);
                int end = all.lastIndexOf('\n');
                if (end >= 0) {
                    for (String line : all.substring(0, end).split("\n")) {
                        p.replay(line.split("\t", -1));
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot read the payment journal " + file + ": "
                    + e.getMessage(), e);
        }
        return p;
    }

    private void replay(String[] f) {
        Result result = f[2].equals("A") ? new Approved(f[3]) : new Declined(f[3], f[4]);
        byKey.put(f[1], result);
        if (result instanceof Approved a) {
            sequence = Math.max(sequence, Long.parseLong(a.paymentId().substring(a.paymentId().indexOf('_') + 1)));
            switch (f[0]) {
                case "C" -> payments.put(a.paymentId(), new Payment(Money.of(Long.parseLong(f[4]), f[5])));
                case "R" -> payments.get(f[4]).refunded += Long.parseLong(f[5]);
                default -> { } // payouts move no card money
            }
        }
    }

    /** Appends one operation (synchronously, durably) before its result is returned. */
    private void record(String... fields) {
        if (journal == null) {
            return;
        }
        try {
            java.nio.file.Files.createDirectories(journal.toAbsolutePath().getParent());
            java.nio.file.Files.writeString(journal, String.join("\t", fields) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND,
                    java.nio.file.StandardOpenOption.DSYNC);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot write the payment journal " + journal + ": "
                    + e.getMessage(), e);
        }
    }

    private static String[] outcome(Result r) {
        return r instanceof Approved a ? new String[] {"A", a.paymentId()}
                : new String[] {"D", ((Declined) r).code(), ((Declined) r).reason()};
    }

    private static final class Payment {
        final Money amount;
        long refunded;

        Payment(Money amount) {
            this.amount = amount;
        }
    }

    @Override
    public synchronized Result charge(String cardNumber, Money amount, String idempotencyKey) {
        Objects.requireNonNull(amount, "amount");
        String key = "charge:" + Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Result earlier = byKey.get(key);
        if (earlier != null) {
            return earlier;
        }
        Result result = decide(cardNumber, amount);
        String[] o = outcome(result);
        record(result instanceof Approved ? new String[] {"C", key, o[0], o[1], String.valueOf(amount.minor()),
                amount.currency()} : new String[] {"C", key, o[0], o[1], o[2]});
        if (result instanceof Approved a) {
            payments.put(a.paymentId(), new Payment(amount));
        }
        byKey.put(key, result);
        return result;
    }

    private Result decide(String cardNumber, Money amount) {
        if (amount.minor() <= 0) {
            return new Declined("invalid_amount", "the amount must be positive");
        }
        String digits = cardNumber == null ? "" : cardNumber.replaceAll("[ -]", "");
        if (!digits.matches("[0-9]{12,19}") || !luhn(digits)) {
            return new Declined("invalid_number", "the card number is not valid");
        }
        return switch (digits) {
            case "4000000000000002" -> new Declined("card_declined", "the card was declined");
            case "4000000000009995" -> new Declined("insufficient_funds", "the card has insufficient funds");
            default -> new Approved("pay_" + (++sequence));
        };
    }

    @Override
    public synchronized Result refund(String paymentId, Money amount, String idempotencyKey) {
        Objects.requireNonNull(amount, "amount");
        String key = "refund:" + Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Result earlier = byKey.get(key);
        if (earlier != null) {
            return earlier;
        }
        Payment p = payments.get(paymentId);
        Result result;
        if (p == null) {
            result = new Declined("unknown_payment", "no approved payment " + paymentId);
        } else if (!p.amount.currency().equals(amount.currency())) {
            result = new Declined("currency_mismatch", "the payment was in " + p.amount.currency());
        } else if (amount.minor() <= 0) {
            result = new Declined("invalid_amount", "the amount must be positive");
        } else if (amount.minor() > p.amount.minor() - p.refunded) {
            result = new Declined("exceeds_charge", "only " + (p.amount.minor() - p.refunded) + " "
                    + amount.currency() + " of the payment is left to refund");
        } else {
            result = new Approved("re_" + (sequence + 1));
        }
        String[] o = outcome(result);
        record(result instanceof Approved ? new String[] {"R", key, o[0], o[1], paymentId,
                String.valueOf(amount.minor())} : new String[] {"R", key, o[0], o[1], o[2]});
        if (result instanceof Approved) {
            sequence++;
            p.refunded += amount.minor();
        }
        byKey.put(key, result);
        return result;
    }

    /** Beneficiary {@value #CLOSED_ACCOUNT} stands for an account the bank refuses, to exercise failed payouts. */
    public static final String CLOSED_ACCOUNT = "closed-account";

    @Override
    public synchronized Result payout(String beneficiary, Money amount, String idempotencyKey) {
        Objects.requireNonNull(amount, "amount");
        String key = "payout:" + Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Result earlier = byKey.get(key);
        if (earlier != null) {
            return earlier;
        }
        Result result;
        if (amount.minor() <= 0) {
            result = new Declined("invalid_amount", "the amount must be positive");
        } else if (beneficiary == null || beneficiary.isBlank()) {
            result = new Declined("no_account", "no payout account");
        } else if (beneficiary.equals(CLOSED_ACCOUNT)) {
            result = new Declined("account_closed", "the payout account is closed");
        } else {
            result = new Approved("po_" + (sequence + 1));
        }
        String[] o = outcome(result);
        record(result instanceof Approved ? new String[] {"P", key, o[0], o[1]}
                : new String[] {"P", key, o[0], o[1], o[2]});
        if (result instanceof Approved) {
            sequence++;
        }
        byKey.put(key, result);
        return result;
    }

    /** The Luhn (mod 10) check digit test. */
    static boolean luhn(String digits) {
        int sum = 0;
        boolean twice = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return sum % 10 == 0;
    }
}
