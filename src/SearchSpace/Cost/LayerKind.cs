namespace NasLab.SearchSpace.Cost;

/// <summary>The parameterised layer types the cost model counts. Activations and pools carry no cost.</summary>
public enum LayerKind { Conv2d, BatchNorm, Linear }
