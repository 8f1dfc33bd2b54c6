package org.trustmall.app.platform;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.trustmall.app.cli.DataDir;
import org.trustmall.app.cli.Errors;
import org.trustmall.app.cli.Json;
import org.trustmall.commerce.settlement.PayoutService;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.trustmall.commerce.Role;
import org.trustmall.commerce.accounts.AccountService;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code trustmall admin …}: operator tasks that must not be reachable over HTTP. */
@Command(name = "admin", mixinStandardHelpOptions = true, description = "Operator tasks.",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.Reconcile.class})
public final class AdminCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true,
            description = "Create an account of any role (self-registration creates only buyers and merchants). "
                    + "The password is read from the environment variable named by --password-env, never from the "
                    + "command line.")
    static final class CreateUser implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PlatformOptions platformOptions;
        @Option(names = "--email", required = true, description = "Login email.")
        String email;
        @Option(names = "--role", defaultValue = "admin", description = "admin, arbiter, agent (customer service), "
                + "merchant or buyer (default: ${DEFAULT-VALUE}).")
        String role;
        @Option(names = "--display-name", defaultValue = "Administrator", description = "Public display name.")
        String displayName;
        @Option(names = "--password-env", defaultValue = "TRUSTMALL_NEW_PASSWORD",
                description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
        String passwordEnv;

        @Override
        public Integer call() {
            String password = System.getenv(passwordEnv);
            if (password == null || password.isEmpty()) {
                throw new Errors.UsageException("set the password in the environment variable " + passwordEnv
                        + " (it is never taken on the command line)");
            }
            Role r = Role.parse("--role", role);
            try (Platform platform = platformOptions.open(DataDir.of(platformOptions.dataDir()))) {
                AccountService.Account a = platform.commerce().accounts().createUser(
                        new AccountService.Registration(email, password, r, displayName));
                PrintWriter out = spec.commandLine().getOut();
                out.println("created " + a.role().wire() + " account " + a.id() + " (" + a.displayName() + ")");
            }
            return 0;
        }
    }

    @Command(name = "reconcile", mixinStandardHelpOptions = true,
            description = "Check every refund, merchant statement entry, payout and escrowed order in the database "
                    + "against the ledger. Exit status 0 when they agree, 1 with the list of differences otherwise.")
    static final class Reconcile implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        PlatformOptions platformOptions;
        @Option(names = "--json", description = "Print JSON.")
        boolean json;

        @Override
        public Integer call() {
            DataDir data = platformOptions.existing("reconcile");
            PayoutService.Report r;
            try (Platform platform = platformOptions.open(data)) {
                r = platform.commerce().payouts().reconcile();
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode o = Json.object();
                o.put("reconciled", r.reconciled()).put("orders", r.orders()).put("merchants", r.merchants())
                        .put("entries", r.entries()).put("payouts", r.payouts());
                ArrayNode diffs = o.putArray("differences");
                r.differences().forEach(d -> diffs.addObject().put("subject", d.subject()).put("difference", d.what()));
                Json.print(out, o);
            } else {
                out.println((r.reconciled() ? "reconciled" : "DIFFERENCES FOUND") + ": " + r.orders()
                        + " escrowed orders, " + r.merchants() + " merchant balances, " + r.entries()
                        + " refunds and statement entries, " + r.payouts() + (r.payouts() == 1 ? " payout" : " payouts") + " checked against the ledger");
                r.differences().forEach(d -> out.println("  " + d.subject() + ": " + d.what()));
            }
            return r.reconciled() ? 0 : 1;
        }
    }
}
