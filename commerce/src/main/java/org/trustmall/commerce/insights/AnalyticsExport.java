package org.trustmall.commerce.insights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.db.Sql;
import org.trustmall.privacy.pseudonym.Pseudonyms;

/**
 * The purchases of the platform as JSON Lines for analytics and model training, one order line per line:
 * {@code {"buyer": "<pseudonym>", "product": 12, "quantity": 2, "unitPrice": 39900, "currency": "CNY", "day":
 * "2026-11-29"}}, in order of placement. The buyer is the stable pseudonym of {@code account:<id>} for purpose
 * {@value #PURPOSE} under the export's own secret ({@code keys/commerce/analytics-pseudonym.key}), so one buyer's
 * purchases join up within and across exports while nobody without that secret can tell whose they are. No order
 * ids, addresses, names or times finer than a day. Buyers whose {@link ConsentCheck} refuses {@value #PURPOSE} are
 * left out entirely.
 *
 * <p>The file appears whole or not at all: it is written beside the target, synced, then moved into place. It is
 * created with mode 0600 where the file system has POSIX permissions — pseudonymised data is still personal data.
 * Thread-safe.
 */
public final class AnalyticsExport {
    public static final String PURPOSE = "analytics";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Jdbi jdbi;
    private final Pseudonyms pseudonyms;
    private final ConsentCheck consent;

    public AnalyticsExport(Jdbi jdbi, Pseudonyms pseudonyms, ConsentCheck consent) {
        this.jdbi = Objects.requireNonNull(jdbi, "jdbi");
        this.pseudonyms = Objects.requireNonNull(pseudonyms, "pseudonyms");
        this.consent = Objects.requireNonNull(consent, "consent");
    }

    /** What an export wrote: order lines, buyers included, buyers left out for want of consent. */
    public record Summary(Path file, long lines, int buyers, int buyersLeftOut) {
    }

    /** Writes the export to {@code file}, replacing any file there. */
    public Summary writeTo(Path file) {
        Path target = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        if (Files.isDirectory(target)) {
            throw new CommerceException.InvalidInput("out", target + " is a directory; name a file");
        }
        Path dir = target.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new CommerceException.InvalidInput("out", "the directory of " + target + " does not exist");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", privateFile(dir));
            Summary summary;
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                 BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(ch),
                         StandardCharsets.UTF_8))) {
                summary = write(out, target);
                out.flush();
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            return summary;
        } catch (IOException e) {
            throw new CommerceException(target + ": cannot write the analytics export: " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // The failure being reported matters more than a leftover temporary file.
                }
            }
        }
    }

    private record Line(long buyer, String currency, java.time.Instant placed, long product, int quantity,
                        long unitPrice) {
    }

    private Summary write(BufferedWriter out, Path target) throws IOException {
        Map<Long, Boolean> allowed = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        Set<Long> included = new HashSet<>();
        long[] lines = {0};
        try {
            jdbi.useHandle(h -> h.createQuery("SELECT o.buyer_id, o.currency, o.created_at, l.product_id, l.quantity, "
                            + "l.unit_price_minor FROM orders o JOIN order_lines l ON l.order_id = o.id "
                            + "WHERE o.state IN (" + SqlInsightsService.SOLD_STATES + ") ORDER BY o.id, l.line_no")
                    .setFetchSize(1000)
                    .map((rs, ctx) -> new Line(rs.getLong("buyer_id"), rs.getString("currency"),
                            Sql.instant(rs, "created_at"), rs.getLong("product_id"), rs.getInt("quantity"),
                            rs.getLong("unit_price_minor")))
                    .forEach(l -> {
                        if (!allowed.computeIfAbsent(l.buyer(), b -> consent.allows(b, PURPOSE))) {
                            return;
                        }
                        included.add(l.buyer());
                        ObjectNode line = JSON.createObjectNode()
                                .put("buyer", names.computeIfAbsent(l.buyer(),
                                        b -> pseudonyms.pseudonym(PURPOSE, "account:" + b)))
                                .put("product", l.product())
                                .put("quantity", l.quantity())
                                .put("unitPrice", l.unitPrice())
                                .put("currency", l.currency())
                                .put("day", l.placed().atZone(ZoneOffset.UTC).toLocalDate().toString());
                        try {
                            out.write(JSON.writeValueAsString(line));
                            out.write('\n');
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        lines[0]++;
                    }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        int leftOut = (int) allowed.values().stream().filter(a -> !a).count();
        return new Summary(target, lines[0], included.size(), leftOut);
    }

    private static FileAttribute<?>[] privateFile(Path dir) {
        return dir.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(
                        "rw-------"))}
                : new FileAttribute<?>[0];
    }
}
