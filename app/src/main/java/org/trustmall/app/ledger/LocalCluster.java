package org.trustmall.app.ledger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.trustmall.app.TrustMall;
import org.trustmall.contracts.Contracts;
import org.trustmall.ledger.LedgerException;
import org.trustmall.ledger.execution.ChainParameters;
import org.trustmall.ledger.ordering.raft.ClusterSetup;
import org.trustmall.ledger.ordering.raft.RaftConfig;

/**
 * A Raft ledger cluster on loopback ports whose nodes are child processes ({@code ledger node --config}) of this
 * JVM, run with the same Java binary and class path. Each node's output goes to {@code DIR/ID.log}, which is followed
 * for the node's "ready", "leader" and "stopped" lines.
 *
 * <p>No node outlives this process: a shutdown hook kills whatever still runs, and each node is told this process's
 * id ({@code --parent}) so that it stops by itself should this process be killed with SIGKILL.
 *
 * <p>Thread-safe for the watchers; start, kill and stop are called from one controlling thread.
 */
final class LocalCluster implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("node (\\S+): ready at height (\\d+).*");
    private static final Pattern LEADER = Pattern.compile("node (\\S+): leader (\\S+)");
    private static final Pattern STOPPED = Pattern.compile("node (\\S+): stopped at height (\\d+)");

    /** A leader line: when it was read, from which node, naming whom (null: no leader known). */
    record LeaderEvent(long nanos, String observer, String leader) {
    }

    private static final class Node {
        final Process process;
        volatile boolean ready;
        volatile String leader;
        volatile long stoppedAtHeight = -1;
        final Thread watcher;

        Node(Process process, Thread watcher) {
            this.process = process;
            this.watcher = watcher;
        }
    }

    private final Path dir;
    private final List<String> ids;
    private final Map<String, Path> configs = new LinkedHashMap<>();
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<LeaderEvent> leaderEvents = new CopyOnWriteArrayList<>();
    private final String group;
    private final Map<String, String> peers;
    private final Thread hook;

    private LocalCluster(Path dir, List<String> ids, List<Path> configs) {
        this.dir = dir;
        this.ids = List.copyOf(ids);
        for (int i = 0; i < ids.size(); i++) {
            this.configs.put(ids.get(i), configs.get(i));
        }
        RaftConfig first = RaftConfig.load(configs.get(0));
        this.group = first.group();
        this.peers = first.peers();
        this.hook = Thread.ofPlatform().name("ledger-chaos-cleanup").unstarted(this::killAll);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Lays out a new cluster of {@code ids} in {@code dir} (which must be empty) on free loopback ports. */
    static LocalCluster create(Path dir, List<String> ids) {
        List<String> addresses = new ArrayList<>();
        for (int port : freePorts(ids.size())) {
            addresses.add("127.0.0.1:" + port);
        }
        ClusterSetup.Layout layout = ClusterSetup.create(dir, ids, addresses, ChainParameters.DEFAULT,
                Contracts.runtime());
        return new LocalCluster(dir, ids, layout.configs());
    }

    List<String> ids() {
        return ids;
    }

    Path config(String id) {
        return configs.get(id);
    }

    String group() {
        return group;
    }

    Map<String, String> peers() {
        return peers;
    }

    /** Starts (or restarts) node {@code id}; its "ready" line comes later (see {@link #ready}). */
    synchronized void start(String id) {
        Node old = nodes.get(id);
        if (old != null && old.process.isAlive()) {
            throw new IllegalStateException("node " + id + " runs already");
        }
        List<String> command = List.of(javaBinary(), "-cp", System.getProperty("java.class.path"),
                TrustMall.class.getName(), "ledger", "node", "--config", configs.get(id).toString(), "--parent",
                String.valueOf(ProcessHandle.current().pid()));
        Path log = dir.resolve(id + ".log");
        Process p;
        long from;
        try {
            Files.writeString(log, "---- starting " + String.join(" ", command) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            from = Files.size(log);
            // To a file, read as it grows: reading a pipe loses the lines a process writes as it exits (the JDK
            // closes the pipe under the reader), and the "stopped" line is one of those.
            p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        } catch (IOException e) {
            throw new LedgerException("cannot start node " + id + ": " + e.getMessage(), e);
        }
        Node[] holder = new Node[1];
        Thread watcher = Thread.ofPlatform().daemon(true).name("ledger-chaos-watch-" + id).unstarted(() ->
                watch(id, holder[0], log, from));
        holder[0] = new Node(p, watcher);
        nodes.put(id, holder[0]);
        watcher.start();
    }

    /** Follows the node's log from {@code from} until the node has exited and its last line is read. */
    private void watch(String id, Node node, Path log, long from) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        try (RandomAccessFile in = new RandomAccessFile(log.toFile(), "r")) {
            long position = from;
            while (true) {
                boolean exited = !node.process.isAlive();
                in.seek(position);
                int n;
                while ((n = in.read(buffer)) > 0) {
                    position += n;
                    for (int i = 0; i < n; i++) {
                        if (buffer[i] == '\n') {
                            handle(id, node, line.toString(StandardCharsets.UTF_8));
                            line.reset();
                        } else {
                            line.write(buffer[i]);
                        }
                    }
                }
                if (exited) {
                    return;
                }
                Thread.sleep(10);
            }
        } catch (IOException e) {
            // The log went away (the run's directory was deleted): nothing more to watch.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(String id, Node node, String line) {
        long now = System.nanoTime();
        Matcher m;
        if ((m = LEADER.matcher(line)).matches() && m.group(1).equals(id)) {
            String leader = m.group(2).equals("unknown") ? null : m.group(2);
            node.leader = leader;
            leaderEvents.add(new LeaderEvent(now, id, leader));
        } else if ((m = READY.matcher(line)).matches() && m.group(1).equals(id)) {
            node.ready = true;
        } else if ((m = STOPPED.matcher(line)).matches() && m.group(1).equals(id)) {
            node.stoppedAtHeight = Long.parseLong(m.group(2));
        }
    }

    boolean running(String id) {
        Node n = nodes.get(id);
        return n != null && n.process.isAlive();
    }

    /** Whether node {@code id} runs and has printed its "ready" line since it was last started. */
    boolean ready(String id) {
        Node n = nodes.get(id);
        return n != null && n.ready && n.process.isAlive();
    }

    /**
     * The leader that a majority of all the cluster's nodes, each running, name in their latest leader line, if it
     * runs itself.
     */
    Optional<String> leader() {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (String id : ids) {
            Node n = nodes.get(id);
            if (n != null && n.process.isAlive() && n.ready && n.leader != null) {
                votes.merge(n.leader, 1, Integer::sum);
            }
        }
        return votes.entrySet().stream().filter(e -> e.getValue() > ids.size() / 2 && running(e.getKey()))
                .map(Map.Entry::getKey).findFirst();
    }

    /** The first leader line read after {@code sinceNanos} that names a leader other than {@code notLeader}. */
    Optional<LeaderEvent> leaderElectedAfter(long sinceNanos, String notLeader) {
        return leaderEvents.stream().filter(e -> e.nanos() >= sinceNanos && e.leader() != null
                && !e.leader().equals(notLeader)).findFirst();
    }

    /**
     * Kills node {@code id} with SIGKILL ({@link Process#destroyForcibly()} on Linux) and returns its exit status
     * (137 = 128 + SIGKILL).
     */
    int kill(String id) throws InterruptedException {
        Node n = nodes.get(id);
        n.process.destroyForcibly();
        if (!n.process.waitFor(60, TimeUnit.SECONDS)) {
            throw new LedgerException("node " + id + " (pid " + n.process.pid() + ") did not die on SIGKILL");
        }
        n.watcher.join(TimeUnit.SECONDS.toMillis(5));
        return n.process.exitValue();
    }

    /**
     * Stops every running node with SIGTERM, so that each closes its ledger, and waits; returns each node's height as
     * its "stopped" line gave it (-1 when it printed none). A node that does not stop within the deadline is killed.
     */
    Map<String, Long> stopAll() throws InterruptedException {
        for (Node n : nodes.values()) {
            n.process.destroy();
        }
        Map<String, Long> heights = new LinkedHashMap<>();
        Set<String> stuck = new HashSet<>();
        for (Map.Entry<String, Node> e : nodes.entrySet()) {
            Node n = e.getValue();
            if (!n.process.waitFor(60, TimeUnit.SECONDS)) {
                stuck.add(e.getKey());
                n.process.destroyForcibly();
                n.process.waitFor(30, TimeUnit.SECONDS);
            }
            n.watcher.join(TimeUnit.SECONDS.toMillis(5));
            heights.put(e.getKey(), n.stoppedAtHeight);
        }
        if (!stuck.isEmpty()) {
            throw new LedgerException("nodes " + stuck + " did not stop within 60 s of SIGTERM and were killed; see "
                    + dir + "/<node>.log");
        }
        return heights;
    }

    private void killAll() {
        List<Process> alive = new ArrayList<>();
        synchronized (this) {
            for (Node n : nodes.values()) {
                if (n.process.isAlive()) {
                    n.process.destroyForcibly();
                    alive.add(n.process);
                }
            }
        }
        for (Process p : alive) {
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Kills whatever still runs (SIGKILL) and waits for it; the normal end is {@link #stopAll()} first. */
    @Override
    public void close() {
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /** Distinct loopback ports that were free a moment ago (a node that cannot bind one fails to start). */
    private static List<Integer> freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            List<Integer> ports = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0);
                held.add(s);
                ports.add(s.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new LedgerException("cannot find " + n + " free loopback ports: " + e.getMessage(), e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // Closing a probe socket cannot lose anything.
                }
            }
        }
    }
}
