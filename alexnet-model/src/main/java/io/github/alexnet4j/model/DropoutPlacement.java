package io.github.alexnet4j.model;

/** Which units of the fully connected part dropout removes (Section 4.2). */
public enum DropoutPlacement {
    /** The paper: the outputs of fc6 and fc7 ("the first two fully-connected layers"). */
    FC_OUTPUTS,
    /** torchvision's alexnet: the inputs of fc6 and fc7 (pool5's features and fc6's outputs). */
    FC_INPUTS
}
