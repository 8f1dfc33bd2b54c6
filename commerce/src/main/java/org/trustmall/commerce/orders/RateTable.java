package org.trustmall.commerce.orders;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.trustmall.commerce.CommerceException;
import org.trustmall.commerce.money.Money;

/**
 * Shipping fees and tax by destination. A row applies to a country (ISO 3166-1 alpha-2, or {@code *} for the rest of
 * the world) and optionally one region of it (ISO 3166-2, e.g. {@code CN-BJ}; empty for the whole country), in one
 * currency. An order's shipping is {@code shippingFlat + shippingPerItem × items}; its tax is
 * {@code taxBasisPoints} of the goods' subtotal (1300 = 13 %), rounded half-up to the minor unit. The most specific
 * row wins: the region's, then the country's, then the world's — always in the order's currency.
 *
 * <p>As a file ({@link #load}): CSV with the header {@code country,region,currency,shipping_flat,shipping_per_item,
 * tax_bp}, amounts in minor units; blank lines and lines starting with {@code #} are ignored; an empty region or
 * {@code *} means the whole country.
 */
public record RateTable(List<Rate> rates) {
    static final String HEADER = "country,region,currency,shipping_flat,shipping_per_item,tax_bp";

    /** One row; {@code region} is empty for a whole country, {@code country} is {@code *} for the world. */
    public record Rate(String country, String region, String currency, long shippingFlat, long shippingPerItem,
                       int taxBasisPoints) {
        public Rate {
            Objects.requireNonNull(country, "country");
            region = region == null ? "" : region;
            Money.zero(currency);
            if (!country.equals("*") && !country.matches("[A-Z]{2}")) {
                throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code or *: " + country);
            }
            if (!region.isEmpty() && (country.equals("*") || !region.startsWith(country + "-"))) {
                throw new IllegalArgumentException("region " + region + " must start with its country " + country
                        + "-");
            }
            if (shippingFlat < 0 || shippingPerItem < 0 || shippingFlat > 100_000_000
                    || shippingPerItem > 100_000_000) {
                throw new IllegalArgumentException("shipping fees must be 0-100000000 minor units");
            }
            if (taxBasisPoints < 0 || taxBasisPoints > 10_000) {
                throw new IllegalArgumentException("tax must be 0-10000 basis points");
            }
        }

        /** Shipping for {@code items} items, in this rate's currency. */
        public Money shipping(long items) {
            return Money.of(shippingFlat, currency).plus(Money.of(shippingPerItem, currency).times(items));
        }
    }

    public RateTable {
        rates = List.copyOf(rates);
        Set<String> seen = new HashSet<>();
        for (Rate r : rates) {
            if (!seen.add(r.country() + "|" + r.region() + "|" + r.currency())) {
                throw new IllegalArgumentException("two rates for " + r.country() + " " + r.region() + " in "
                        + r.currency());
            }
        }
    }

    /**
     * Mainland China (Beijing, Shanghai, Guangdong and the rest, 13 % VAT) in CNY; the United States (California
     * with 7.25 % sales tax, elsewhere none) in USD; the rest of the world in CNY and USD without tax.
     */
    public static RateTable defaults() {
        return new RateTable(List.of(
                new Rate("CN", "", "CNY", 800, 200, 1300),
                new Rate("CN", "CN-BJ", "CNY", 600, 100, 1300),
                new Rate("CN", "CN-SH", "CNY", 600, 100, 1300),
                new Rate("CN", "CN-GD", "CNY", 700, 150, 1300),
                new Rate("US", "", "USD", 599, 199, 0),
                new Rate("US", "US-CA", "USD", 699, 199, 725),
                new Rate("*", "", "CNY", 12_000, 2_000, 0),
                new Rate("*", "", "USD", 1_999, 499, 0)));
    }

    /** The rate for a destination in {@code currency}: the region's, else the country's, else the world's. */
    public Optional<Rate> find(String country, String region, String currency) {
        String r = region == null ? "" : region;
        for (String[] key : new String[][] {{country, r}, {country, ""}, {"*", ""}}) {
            for (Rate rate : rates) {
                if (rate.country().equals(key[0]) && rate.region().equals(key[1])
                        && rate.currency().equals(currency)) {
                    return Optional.of(rate);
                }
            }
        }
        return Optional.empty();
    }

    /** Reads a rate file; an error names the file, the row and the column. */
    public static RateTable load(Path file) {
        try {
            return parse(file.getFileName().toString(), Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new CommerceException("cannot read rates from " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses rate-file lines; {@code source} names them in errors. */
    public static RateTable parse(String source, List<String> lines) {
        List<Rate> rates = new ArrayList<>();
        boolean header = false;
        String[] columns = HEADER.split(",");
        for (int i = 0; i < lines.size(); i++) {
            int row = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.replace(" ", "").equalsIgnoreCase(HEADER)) {
                    throw new CommerceException.InvalidInput(source + " row " + row,
                            "the first row must be the header " + HEADER);
                }
                header = true;
                continue;
            }
            String[] cells = line.split(",", -1);
            if (cells.length != columns.length) {
                throw new CommerceException.InvalidInput(source + " row " + row, "expected " + columns.length
                        + " columns (" + HEADER + "), found " + cells.length);
            }
            for (int c = 0; c < cells.length; c++) {
                cells[c] = cells[c].strip();
            }
            String country = cells[0].toUpperCase(java.util.Locale.ROOT);
            String region = cells[1].equals("*") ? "" : cells[1].toUpperCase(java.util.Locale.ROOT);
            try {
                rates.add(new Rate(country, region, cells[2], number(source, row, columns[3], cells[3]),
                        number(source, row, columns[4], cells[4]),
                        Math.toIntExact(number(source, row, columns[5], cells[5]))));
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new CommerceException.InvalidInput(source + " row " + row, e.getMessage());
            }
        }
        if (!header) {
            throw new CommerceException.InvalidInput(source, "no header row " + HEADER);
        }
        return new RateTable(rates);
    }

    private static long number(String source, int row, String column, String cell) {
        try {
            return Long.parseLong(cell);
        } catch (NumberFormatException e) {
            throw new CommerceException.InvalidInput(source + " row " + row + " " + column,
                    "must be a whole number of minor units or basis points, not '" + cell + "'");
        }
    }
}
