namespace NasLab.LatencyOracle.Graph;

/// <summary>A named value (tensor) in a graph under construction: an input, initializer or node output.</summary>
public readonly record struct OnnxValue(string Name)
{
    public override string ToString() => Name;
}
