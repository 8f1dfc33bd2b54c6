package org.trustmall.server.ops;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * Request counters and latency histograms per route and status, plus a few gauges, written in the Prometheus text
 * exposition format (version 0.0.4). Route labels are the route templates ({@code /api/v1/orders/{id}}), never raw
 * paths, so the number of series stays bounded and no id or personal data reaches the metrics. Thread-safe.
 */
public final class Metrics {
    private static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private record Key(String method, String route, int status) {
    }

    private static final class Histogram {
        final LongAdder[] counts = new LongAdder[BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < counts.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < BUCKETS.length; i++) {
                if (seconds <= BUCKETS[i]) {
                    counts[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<Key, Histogram> requests = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();
    private final Map<String, String> gaugeHelp = new ConcurrentHashMap<>();

    public void observe(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(new Key(method, route, status), k -> new Histogram()).observe(seconds);
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        gauges.put(name, value);
        gaugeHelp.put(name, help);
    }

    public String scrape() {
        StringBuilder sb = new StringBuilder();
        sb.append("# HELP trustmall_http_requests_total HTTP requests by route template, method and status.\n");
        sb.append("# TYPE trustmall_http_requests_total counter\n");
        Map<Key, Histogram> sorted = new TreeMap<>((a, b) -> (a.route + a.method + a.status)
                .compareTo(b.route + b.method + b.status));
        sorted.putAll(requests);
        sorted.forEach((k, h) -> sb.append("trustmall_http_requests_total").append(labels(k, null)).append(' ')
                .append(h.count.sum()).append('\n'));
        sb.append("# HELP trustmall_http_request_duration_seconds Time to answer HTTP requests.\n");
        sb.append("# TYPE trustmall_http_request_duration_seconds histogram\n");
        sorted.forEach((k, h) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                sb.append("trustmall_http_request_duration_seconds_bucket").append(labels(k, fmt(BUCKETS[i])))
                        .append(' ').append(h.counts[i].sum()).append('\n');
            }
            sb.append("trustmall_http_request_duration_seconds_bucket").append(labels(k, "+Inf")).append(' ')
                    .append(h.count.sum()).append('\n');
            sb.append("trustmall_http_request_duration_seconds_sum").append(labels(k, null)).append(' ')
                    .append(fmt(h.sum.sum())).append('\n');
            sb.append("trustmall_http_request_duration_seconds_count").append(labels(k, null)).append(' ')
                    .append(h.count.sum()).append('\n');
        });
        new TreeMap<>(gauges).forEach((name, value) -> {
            sb.append("# HELP ").append(name).append(' ').append(gaugeHelp.get(name)).append('\n');
            sb.append("# TYPE ").append(name).append(" gauge\n");
            sb.append(name).append(' ').append(fmt(value.getAsDouble())).append('\n');
        });
        return sb.toString();
    }

    private static String labels(Key k, String le) {
        return "{method=\"" + k.method + "\",route=\"" + escape(k.route) + "\",status=\"" + k.status + "\""
                + (le == null ? "" : ",le=\"" + le + "\"") + "}";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String fmt(double v) {
        if (v == Math.rint(v) && !Double.isInfinite(v)) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
