package io.github.alexnet4j.model;

/**
 * Which network a config describes: the paper's AlexNet ({@link AlexNetGraph}, every field of
 * {@link AlexNetConfig} applies), or the small CIFAR-10 network of the paper's Figure 1
 * ({@link FourLayerNet}: only the input, classes, nonlinearity, seed and implementation apply).
 */
public enum Architecture {
    ALEXNET,
    /**
     * "A four-layer convolutional neural network" (Figure 1): three 5×5 convolutions (32, 32, 64 kernels)
     * and one fully connected layer, from the cuda-convnet configurations the paper's authors published
     * ({@code layers-80sec.cfg}).
     */
    FOUR_LAYER
}
