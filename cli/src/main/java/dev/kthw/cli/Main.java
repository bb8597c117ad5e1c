package dev.kthw.cli;

import java.io.PrintWriter;

import dev.kthw.cli.inventory.InventoryException;
import dev.kthw.cli.inventory.Problem;
import picocli.CommandLine;

/** Entry point: builds the picocli command line with kthw's error handling and exit codes. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs kthw with the given writers; used by tests so that all output is captured. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = commandLine();
        cl.setOut(out);
        cl.setErr(err);
        int rc = cl.execute(args);
        out.flush();
        err.flush();
        return rc;
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new KthwCommand());
        cl.setUsageHelpAutoWidth(true); // wrap at the terminal's width (80 when not a terminal)
        setVersionProvider(cl); // -V works on every subcommand, not only on kthw itself
        cl.setExitCodeExceptionMapper(Main::exitCodeOf);
        cl.setExecutionExceptionHandler(Main::handle);
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("error: " + ex.getMessage());
            err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for more information.");
            return ExitCode.INVALID_INPUT.code();
        });
        return cl;
    }

    private static void setVersionProvider(CommandLine cl) {
        cl.getCommandSpec().versionProvider(new VersionProvider());
        cl.getSubcommands().values().forEach(Main::setVersionProvider);
    }

    private static int exitCodeOf(Throwable t) {
        if (t instanceof KthwException k) {
            return k.exitCode().code();
        }
        if (t instanceof InventoryException) {
            return ExitCode.INVALID_INPUT.code();
        }
        return ExitCode.FAILED.code();
    }

    private static int handle(Exception ex, CommandLine cl, CommandLine.ParseResult parseResult) {
        PrintWriter err = cl.getErr();
        boolean verbose = parseResult != null && isVerbose(parseResult);
        if (ex instanceof InventoryException ie) {
            for (Problem p : ie.problems()) {
                err.println(p);
            }
        } else if (ex instanceof KthwException) {
            err.println("error: " + ex.getMessage());
        } else if (ex instanceof java.io.UncheckedIOException) {
            err.println("error: " + ex.getMessage());
        } else {
            err.println("error: internal error: " + ex + (verbose ? "" : " (run with --verbose for details)"));
        }
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(ex);
    }

    private static boolean isVerbose(CommandLine.ParseResult pr) {
        for (CommandLine.ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
