package org.trustmall.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

class CommandLineHelpTest {

    static Stream<List<String>> everyCommand() {
        List<List<String>> out = new ArrayList<>();
        collect(new CommandLine(new TrustMall()), new ArrayList<>(), out);
        return out.stream();
    }

    private static void collect(CommandLine cl, List<String> path, List<List<String>> out) {
        out.add(List.copyOf(path));
        cl.getSubcommands().forEach((name, sub) -> {
            if (!name.equals("help")) {
                List<String> p = new ArrayList<>(path);
                p.add(name);
                collect(sub, p, out);
            }
        });
    }

    @ParameterizedTest(name = "trustmall {0} --help")
    @MethodSource("everyCommand")
    void everyCommandExplainsItselfWithHelp(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--help");
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.out().startsWith("Usage: trustmall"), r::toString);
    }

    @ParameterizedTest(name = "trustmall {0} with an unknown option")
    @MethodSource("everyCommand")
    void anUnknownOptionIsAUsageErrorWithoutAStackTrace(List<String> command) {
        List<String> args = new ArrayList<>(command);
        args.add("--no-such-option");
        Cli r = Cli.run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), r::toString);
        // picocli names the first problem it meets: the unknown option, or a required option that is missing.
        assertTrue(r.err().contains("Unknown option: '--no-such-option'")
                || r.err().startsWith("Missing required option"), r::toString);
        assertTrue(r.err().contains("Usage: trustmall") || r.err().contains("Possible solutions"), r::toString);
        assertTrue(!r.err().contains("\tat "), r::toString);
    }
}
