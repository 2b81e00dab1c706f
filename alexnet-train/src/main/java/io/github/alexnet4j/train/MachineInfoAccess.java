package io.github.alexnet4j.train;

/** Provenance (command, commit, date, machine) as markdown, for other modules' reports. */
public final class MachineInfoAccess {
    private MachineInfoAccess() {
    }

    public static String markdown(String command) {
        return MachineInfo.markdown(MachineInfo.describe(command));
    }
}
