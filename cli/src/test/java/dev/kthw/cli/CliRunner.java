package dev.kthw.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/** Runs kthw in-process with captured output, as a user would see it. */
public final class CliRunner {
    public record Result(int exitCode, String out, String err) {
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    private CliRunner() {
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int rc = Main.run(new PrintWriter(out), new PrintWriter(err), args);
        return new Result(rc, out.toString(), err.toString());
    }
}
