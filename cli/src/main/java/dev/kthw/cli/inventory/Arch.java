package dev.kthw.cli.inventory;

/** CPU architecture of a host, as Kubernetes release artifacts name it. */
public enum Arch {
    ARM64("arm64", "aarch64"), AMD64("amd64", "x86_64");

    private final String goArch;
    private final String unameMachine;

    Arch(String goArch, String unameMachine) {
        this.goArch = goArch;
        this.unameMachine = unameMachine;
    }

    public String goArch() {
        return goArch;
    }

    /** What {@code uname -m} prints on such a host. */
    public String unameMachine() {
        return unameMachine;
    }

    public static Arch parse(String s) {
        for (Arch a : values()) {
            if (a.goArch.equals(s)) {
                return a;
            }
        }
        throw new IllegalArgumentException("'" + s + "' is not a supported architecture (expected arm64 or amd64)");
    }
}
