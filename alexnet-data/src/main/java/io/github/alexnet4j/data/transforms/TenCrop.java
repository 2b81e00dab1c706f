package io.github.alexnet4j.data.transforms;

import java.util.List;

/**
 * The paper's test-time averaging (Section 4.1): "extracting five 224×224 patches (the four corner
 * patches and the center patch) as well as their horizontal reflections (hence ten patches in all),
 * and averaging the predictions made by the network's softmax layer on the ten patches".
 * Order: top-left, top-right, bottom-left, bottom-right, centre, then the same five mirrored.
 */
public final class TenCrop {
    public static final int VIEWS = 10;

    private TenCrop() {
    }

    public static List<View> views(int stored, int size) {
        int far = stored - size;
        View centre = CenterCrop.view(stored, size);
        List<View> five = List.of(new View(0, 0, size, false), new View(far, 0, size, false),
                new View(0, far, size, false), new View(far, far, size, false), centre);
        return java.util.stream.Stream.concat(five.stream(), five.stream().map(View::mirrored)).toList();
    }
}
