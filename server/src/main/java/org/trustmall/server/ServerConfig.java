package org.trustmall.server;

import java.time.Duration;

/**
 * How the HTTP server runs.
 *
 * @param host            interface to listen on (loopback by default)
 * @param port            0 picks a free port
 * @param maxBodyBytes    larger request bodies are refused with 413
 * @param escrowSweep     how often delivered orders whose confirmation window passed are completed, and decided
 *                        disputes whose verdict was not yet carried out are settled
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Duration escrowSweep) {
    public static final long DEFAULT_MAX_BODY_BYTES = 64 * 1024;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535");
        }
        if (maxBodyBytes < 1024) {
            throw new IllegalArgumentException("maxBodyBytes must be at least 1024");
        }
    }

    public static ServerConfig loopback(int port) {
        return new ServerConfig("127.0.0.1", port, DEFAULT_MAX_BODY_BYTES, Duration.ofMinutes(1));
    }
}
