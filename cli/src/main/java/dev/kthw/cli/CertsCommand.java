package dev.kthw.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.kthw.cli.state.ClusterState;
import dev.kthw.pki.CertInfo;
import dev.kthw.pki.PkiReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "certs", mixinStandardHelpOptions = true,
        description = "The cluster CA and every component certificate, kept in the state directory.",
        subcommands = {CertsCommand.Generate.class, CertsCommand.ListCerts.class})
public final class CertsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a subcommand is needed: generate or list");
    }

    @Command(name = "generate", mixinStandardHelpOptions = true,
            description = {
                    "Create the CA and every certificate the inventory needs; reuse what exists.",
                    "",
                    "The CA is made once and never overwritten. An existing certificate that is valid for more than "
                            + "30 days and still matches the inventory is kept byte for byte; one whose subject or SANs no "
                            + "longer match (say, a master was added) is re-issued from the same CA and reported; a missing one "
                            + "is created. Keys are PKCS#8 PEM, mode 0600, in a 0700 directory. Nothing is written when the "
                            + "inventory is invalid."})
    static final class Generate implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        InventoryOptions options;

        @Mixin
        StateOption stateOption;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var plan = options.plan();
            try (ClusterState state = ClusterState.open(plan, options.stateDir(stateOption))) {
                PkiReport report = state.ensureCertificates();
                printReport(out, report);
                out.println("state: " + state.root());
            }
            return ExitCode.OK.code();
        }
    }

    static void printReport(PrintWriter out, PkiReport report) {
        int created = 0;
        int reissued = 0;
        int unchanged = 0;
        for (PkiReport.Entry e : report.entries()) {
            switch (e.status()) {
                case CREATED -> created++;
                case REISSUED -> reissued++;
                case UNCHANGED -> unchanged++;
            }
            if (e.status() != PkiReport.Status.UNCHANGED) {
                out.println(String.format("%-9s %s%s", e.status().name().toLowerCase(Locale.ROOT), e.id(),
                        e.reason() == null || e.reason().isEmpty() ? "" : " (" + e.reason() + ")"));
            }
        }
        out.println("certificates: " + created + " created, " + reissued + " re-issued, " + unchanged + " unchanged");
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {
                    "List every certificate in the state directory: subject, SANs, serial, expiry, days left. Needs "
                            + "the inventory (-i) or the state directory (--state)."})
    static final class ListCerts implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = {"-i", "--inventory"}, paramLabel = "FILE", description = "The inventory; its .kthw/ is the state.")
        java.nio.file.Path inventory;

        @Option(names = "--state", paramLabel = "DIR", description = "The state directory (default: .kthw/ beside the inventory).")
        java.nio.file.Path state;

        @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
                description = "table (default) or json.")
        String output;

        @Option(names = {"-v", "--verbose"}, description = "Show stack traces on errors.")
        boolean verbose;

        @Override
        public Integer call() {
            if (!output.equals("table") && !output.equals("json")) {
                throw new KthwException(ExitCode.INVALID_INPUT, "--output: '" + output + "' is not a format (expected table or json)");
            }
            if (inventory == null && state == null) {
                throw new KthwException(ExitCode.INVALID_INPUT, "give the inventory (-i FILE) or the state directory (--state DIR)");
            }
            java.nio.file.Path dir = state != null ? state.toAbsolutePath().normalize()
                    : inventory.toAbsolutePath().normalize().getParent().resolve(".kthw");
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
                throw new KthwException(ExitCode.STATE, "state directory " + dir + " is not a directory");
            }
            if (!Files.isDirectory(dir)) {
                throw new KthwException(ExitCode.INVALID_INPUT, "state directory " + dir + " does not exist (run kthw certs generate first)");
            }
            if (inventory != null && state == null && !Files.isRegularFile(inventory)) {
                throw new KthwException(ExitCode.INVALID_INPUT, inventory + ": file not found");
            }
            List<CertInfo> certs = ClusterState.listCertificates(dir);
            if (certs.isEmpty()) {
                throw new KthwException(ExitCode.STATE, "no certificates in " + dir + " (run kthw certs generate first)");
            }
            PrintWriter out = spec.commandLine().getOut();
            if (output.equals("json")) {
                out.println(Json.certs(certs));
            } else {
                DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm'Z'").withZone(ZoneOffset.UTC);
                out.println(String.format("%-30s %-52s %-32s %-17s %5s  %s", "ID", "SUBJECT", "SERIAL", "NOT AFTER", "DAYS", "SANS"));
                for (CertInfo c : certs) {
                    out.println(String.format("%-30s %-52s %-32s %-17s %5d  %s", c.id(), c.subject(), c.serial(), f.format(c.notAfter()),
                            c.daysLeft(), c.sans().isEmpty() ? "-" : String.join(",", c.sans())));
                }
            }
            return ExitCode.OK.code();
        }
    }
}
