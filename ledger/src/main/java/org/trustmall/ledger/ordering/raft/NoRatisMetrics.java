package org.trustmall.ledger.ordering.raft;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.ratis.metrics.LongCounter;
import org.apache.ratis.metrics.MetricRegistries;
import org.apache.ratis.metrics.MetricRegistryInfo;
import org.apache.ratis.metrics.RatisMetricRegistry;
import org.apache.ratis.metrics.Timekeeper;
import org.apache.ratis.util.TimeDuration;

/**
 * Ratis's metrics, kept nowhere. Ratis needs an implementation of its metrics API on the class path and its own
 * (ratis-metrics-default) brings Dropwizard; the ledger reports its figures through its own commands instead.
 * Loaded by Ratis through {@code META-INF/services}; public only for that.
 */
public final class NoRatisMetrics extends MetricRegistries {

    @Override
    public void clear() {
    }

    @Override
    public RatisMetricRegistry create(MetricRegistryInfo info) {
        return new Registry(info);
    }

    @Override
    public boolean remove(MetricRegistryInfo info) {
        return false;
    }

    @Override
    public Optional<RatisMetricRegistry> get(MetricRegistryInfo info) {
        return Optional.empty();
    }

    @Override
    public Set<MetricRegistryInfo> getMetricRegistryInfos() {
        return Set.of();
    }

    @Override
    public Collection<RatisMetricRegistry> getMetricRegistries() {
        return List.of();
    }

    @Override
    public void addReporterRegistration(Consumer<RatisMetricRegistry> add, Consumer<RatisMetricRegistry> remove) {
    }

    @Override
    public void enableJmxReporter() {
    }

    @Override
    public void enableConsoleReporter(TimeDuration period) {
    }

    private record Registry(MetricRegistryInfo info) implements RatisMetricRegistry {
        private static final Timekeeper.Context STOPPED = () -> 0L;

        @Override
        public Timekeeper timer(String name) {
            return () -> STOPPED;
        }

        @Override
        public LongCounter counter(String name) {
            AtomicLong count = new AtomicLong();
            return new LongCounter() {
                @Override
                public void inc(long n) {
                    count.addAndGet(n);
                }

                @Override
                public void dec(long n) {
                    count.addAndGet(-n);
                }

                @Override
                public long getCount() {
                    return count.get();
                }
            };
        }

        @Override
        public boolean remove(String name) {
            return false;
        }

        @Override
        public <T> void gauge(String name, Supplier<Supplier<T>> gauge) {
        }

        @Override
        public MetricRegistryInfo getMetricRegistryInfo() {
            return info;
        }
    }
}
