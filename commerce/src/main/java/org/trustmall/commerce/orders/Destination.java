package org.trustmall.commerce.orders;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.trustmall.commerce.CommerceException.InvalidInput;
import org.trustmall.commerce.TextInput;

/**
 * A checked shipping address: the country and region that stay on the order (they choose the rates), and the
 * personal fields that go to the personal-data store. Regions are kept as ISO 3166-2 codes: "BJ" for China becomes
 * "CN-BJ". Pure.
 */
record Destination(String country, String region, Map<String, String> personalFields) {

    static Destination of(OrderService.ShippingAddress a) {
        if (a == null) {
            throw new InvalidInput("address", "is required");
        }
        String country = a.country() == null ? "" : a.country().strip().toUpperCase(Locale.ROOT);
        if (!country.matches("[A-Z]{2}")) {
            throw new InvalidInput("address.country", "must be an ISO 3166-1 alpha-2 code such as CN or US");
        }
        String region = a.region() == null ? "" : a.region().strip().toUpperCase(Locale.ROOT);
        if (!region.isEmpty() && !region.startsWith(country + "-")) {
            region = country + "-" + region;
        }
        if (region.length() > 64 || !region.matches("[A-Z0-9 -]*")) {
            throw new InvalidInput("address.region", "must be a region code such as CN-BJ or US-CA");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", TextInput.line("address.name", a.name(), 1, 100));
        fields.put("line1", TextInput.line("address.line1", a.line1(), 1, 200));
        putOptional(fields, "line2", TextInput.line("address.line2", a.line2(), 0, 200));
        fields.put("city", TextInput.line("address.city", a.city(), 1, 100));
        putOptional(fields, "region", TextInput.line("address.region", a.region(), 0, 64));
        putOptional(fields, "postcode", TextInput.line("address.postcode", a.postcode(), 0, 20));
        fields.put("country", country);
        String phone = TextInput.line("address.phone", a.phone(), 0, 32);
        if (!phone.isEmpty() && !phone.matches("\\+?[0-9 ()-]{3,31}")) {
            throw new InvalidInput("address.phone", "must be digits, spaces, ( ) - and an optional leading +");
        }
        putOptional(fields, "phone", phone);
        return new Destination(country, region.isEmpty() ? null : region, fields);
    }

    private static void putOptional(Map<String, String> fields, String name, String value) {
        if (!value.isEmpty()) {
            fields.put(name, value);
        }
    }

}
