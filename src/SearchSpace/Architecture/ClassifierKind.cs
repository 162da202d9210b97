namespace NasLab.SearchSpace.Architecture;

/// <summary>
/// The final classifier. Both have weights + bias and the same cost; <see cref="Conv1x1"/> exists because
/// Keras MobileNetV1 (and the seed's CIFAR model) classify with a 1x1 conv on the pooled 1x1 map.
/// </summary>
public enum ClassifierKind { Linear, Conv1x1 }
