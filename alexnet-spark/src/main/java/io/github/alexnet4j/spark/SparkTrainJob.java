package io.github.alexnet4j.spark;

import io.github.alexnet4j.cli.AlexNetCli;

import java.util.ArrayList;
import java.util.List;

/**
 * The class to hand to spark-submit: `alexnet train` with {@code --spark submit} unless another
 * {@code --spark} is given, so the master comes from spark-submit's own --master.
 * <pre>
 * spark-submit --class io.github.alexnet4j.spark.SparkTrainJob ... alexnet-spark-all.jar --config configs/paper-imagenet.yaml --data /shared/imagenet
 * </pre>
 */
public final class SparkTrainJob {
    private SparkTrainJob() {
    }

    public static void main(String[] args) {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(List.of(args));
        if (a.stream().noneMatch(s -> s.equals("--spark") || s.startsWith("--spark="))) a.addAll(List.of("--spark", "submit"));
        System.exit(AlexNetCli.execute(a.toArray(String[]::new)));
    }
}
