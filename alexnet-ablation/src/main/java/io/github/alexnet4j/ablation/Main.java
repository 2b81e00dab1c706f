package io.github.alexnet4j.ablation;

import io.github.alexnet4j.train.AlexNetCli;

/** The {@code alexnet} command with every subcommand, including {@code ablate}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return AlexNetCli.execute(java.util.Map.of("ablate", new AblateCommand()), args);
    }
}
