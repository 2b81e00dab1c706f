package io.github.alexnet4j.data;

import io.github.alexnet4j.data.layouts.Cifar10;
import io.github.alexnet4j.data.batches.ImageSource;
import io.github.alexnet4j.data.layouts.ClassFolders;
import io.github.alexnet4j.data.layouts.ImageNet;
import io.github.alexnet4j.data.layouts.LabelledFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DatasetLayoutTest {

    @TempDir
    Path dir;

    @Test
    void cifarClassFoldersMapToSortedNames() {
        LabelledFiles train = ClassFolders.scan(TestDatasets.cifarTrain());
        assertEquals(List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"),
                train.classNames());
        assertEquals(50_000, train.size());
        int cat = train.files().indexOf(TestDatasets.cifarTrain().resolve("cat").resolve("0000.jpg"));
        assertEquals(3, train.labels()[cat]);
        assertEquals(10, train.perClassLimit(1).size());
    }

    @Test
    void imagenetSamplesUseTheStandardClassIndex() {
        LabelledFiles s = ImageNet.wnidPrefixedFolder(TestDatasets.imagenetSamples());
        assertEquals(1000, s.classNames().size());
        assertEquals("n01440764", s.classNames().get(0), "tench is class 0");
        assertEquals("n15075141", s.classNames().get(999), "toilet tissue is class 999");
        int goldfish = s.files().indexOf(TestDatasets.imagenetSamples().resolve("n01443537_goldfish.JPEG"));
        assertEquals(1, s.labels()[goldfish]);
    }

    @Test
    void validationGroundTruthFormatsAreParsed() throws Exception {
        List<String> classes = List.of("n01440764", "n01443537", "n01484850");
        Path val = Files.createDirectory(dir.resolve("val"));
        for (int i = 1; i <= 3; i++) {
            TestImages.write(TestImages.halves(8, 8), "jpg", val.resolve(String.format("ILSVRC2012_val_%08d.JPEG", i)));
        }
        Path loc = Files.writeString(dir.resolve("LOC_val_solution.csv"), "ImageId,PredictionString\n"
                + "ILSVRC2012_val_00000001,n01484850 1 2 3 4\n"
                + "ILSVRC2012_val_00000002,n01440764 5 6 7 8 n01440764 1 1 2 2\n"
                + "ILSVRC2012_val_00000003,n01443537 0 0 1 1\n");
        LabelledFiles a = ImageNet.validationFromLocCsv(val, loc, classes);
        assertArrayEquals(new int[]{2, 0, 1}, a.labels());

        Path list = Files.writeString(dir.resolve("val.txt"),
                "ILSVRC2012_val_00000001.JPEG 2\nILSVRC2012_val_00000002.JPEG 0\nILSVRC2012_val_00000003.JPEG 1\n");
        assertArrayEquals(new int[]{2, 0, 1}, ImageNet.validationFromIndexList(val, list, classes).labels());

        // devkit: IDs index the devkit's own synset order, which is not the sorted order
        Path synsets = Files.writeString(dir.resolve("devkit_synsets.txt"), "n01484850\nn01440764\nn01443537\n");
        Path gt = Files.writeString(dir.resolve("ILSVRC2012_validation_ground_truth.txt"), "1\n2\n3\n");
        assertArrayEquals(new int[]{2, 0, 1}, ImageNet.validationFromDevkit(val, gt, synsets, classes).labels());

        Path badList = Files.writeString(dir.resolve("bad.txt"), "ILSVRC2012_val_00000001.JPEG 7\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ImageNet.validationFromIndexList(val, badList, classes));
        assertTrue(e.getMessage().contains("line 1") && e.getMessage().contains("outside 0..2"), e.getMessage());
    }

    @Test
    void synsetWordsGiveHumanNames() throws Exception {
        Path f = Files.writeString(dir.resolve("synset_words.txt"), "n01440764 tench, Tinca tinca\nn01443537 goldfish\n");
        assertEquals("tench, Tinca tinca", ImageNet.synsetWords(f).get("n01440764"));
    }

    @Test
    void unusableDatasetsFailFastWithAClearMessage() throws Exception {
        assertMessage(dir.resolve("nope"), "does not exist", "ALEXNET_DATA");
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertMessage(empty, "No class folders");
        Path one = Files.createDirectories(dir.resolve("one/cat"));
        TestImages.write(TestImages.halves(8, 8), "png", one.resolve("a.png"));
        assertMessage(dir.resolve("one"), "Only one class");
        Files.createDirectories(dir.resolve("one/dog"));
        Files.writeString(dir.resolve("one/dog/README.txt"), "no images here");
        assertMessage(dir.resolve("one"), "one/dog has no image files");
    }

    private static void assertMessage(Path root, String... parts) {
        DatasetException e = assertThrows(DatasetException.class, () -> ClassFolders.scan(root));
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should contain '" + p + "'");
    }

    @Test
    void cifarBinaryRecordsAreReadChannelPlaneByPlane() throws Exception {
        byte[] rec = new byte[2 * Cifar10.RECORD];
        rec[0] = 3;                         // cat
        rec[1] = (byte) 200;                // R of pixel 0
        rec[1 + 1024] = (byte) 100;         // G of pixel 0
        rec[1 + 2048] = (byte) 50;          // B of pixel 0
        rec[Cifar10.RECORD] = 9;            // truck
        Path f = Files.write(dir.resolve("data_batch_1.bin"), rec);
        ImageSource s = Cifar10.readBinary(List.of(f));
        assertEquals(2, s.size());
        assertEquals(3, s.label(0));
        assertEquals(9, s.label(1));
        byte[] px = s.prepared(0);
        assertEquals(50, px[0] & 0xFF, "B");
        assertEquals(100, px[1] & 0xFF, "G");
        assertEquals(200, px[2] & 0xFF, "R");
        Path cut = Files.write(dir.resolve("data_batch_2.bin"), java.util.Arrays.copyOf(rec, 3000));
        DatasetException e = assertThrows(DatasetException.class, () -> Cifar10.readBinary(List.of(cut)));
        assertTrue(e.getMessage().contains("not a multiple of 3073"), e.getMessage());
    }

    @Test
    void downloadChecksumMismatchIsReported() throws Exception {
        Path fake = Files.writeString(dir.resolve("cifar-10-binary.tar.gz"), "not the archive");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> Cifar10.verify(fake, Cifar10.MD5));
        assertTrue(e.getMessage().contains("expected " + Cifar10.MD5), e.getMessage());
    }
}
