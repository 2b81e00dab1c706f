package io.github.alexnet4j.train;

import io.github.alexnet4j.train.report.MachineInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** One trainer per run folder, and provenance read from the project, wherever the command runs. */
class RunFolderTest {

    @TempDir
    Path dir;

    @Test
    void aSecondTrainerOnTheSameFolderRefuses() throws Exception {
        RunConfig cfg = RunConfig.load(SettingsValidationTest.CIFAR, List.of());
        try (RunLock held = RunLock.acquire(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> new Trainer(cfg, dir, new Trainer.Options(false, "test")).run(true));
            assertTrue(e.getMessage().contains("being trained by another process") && e.getMessage().contains("run.lock"),
                    e.getMessage());
        }
    }

    @Test
    void theCommitIsTheProjectsNotTheWorkingDirectorys() {
        String home = System.getProperty("alexnet.home");
        try {
            System.setProperty("alexnet.home", Path.of(SettingsValidationTest.CIFAR.toString()).getParent().getParent().toString());
            assertTrue(MachineInfo.describe("x").get("commit").matches("[0-9a-f]{40}.*"), "the project is a git checkout");
            System.setProperty("alexnet.home", dir.toString());
            assertEquals("unknown", MachineInfo.describe("x").get("commit"), "a folder that is no checkout has no commit");
        } finally {
            if (home != null) System.setProperty("alexnet.home", home); else System.clearProperty("alexnet.home");
        }
    }

    @Test
    void theLaunchersBuildCommitWinsOverTheWorkingTreesHead() {
        String home = System.getProperty("alexnet.home");
        try {
            System.setProperty("alexnet.home", Path.of(SettingsValidationTest.CIFAR.toString()).getParent().getParent().toString());
            String head = MachineInfo.describe("x").get("commit");
            System.setProperty(MachineInfo.COMMIT_PROPERTY, "0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)");
            assertEquals("0123456789abcdef0123456789abcdef01234567 (with uncommitted changes)", MachineInfo.describe("x").get("commit"),
                    "a long run names the commit its jars were built from, whatever HEAD has moved to since");
            System.setProperty(MachineInfo.COMMIT_PROPERTY, " ");
            assertEquals(head, MachineInfo.describe("x").get("commit"), "no build commit (no git when it was built): HEAD, as before");
        } finally {
            System.clearProperty(MachineInfo.COMMIT_PROPERTY);
            if (home != null) System.setProperty("alexnet.home", home); else System.clearProperty("alexnet.home");
        }
    }
}
