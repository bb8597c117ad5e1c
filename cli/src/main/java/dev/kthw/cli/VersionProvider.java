package dev.kthw.cli;

import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven recorded in the jar's manifest. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = KthwCommand.class.getPackage().getImplementationVersion();
        return new String[] {"kthw " + (v == null ? "(development build)" : v)};
    }
}
