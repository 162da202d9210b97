namespace NasLab.LatencyOracle.Graph;

/// <summary>The <c>mode</c> attribute of ONNX Pad.</summary>
public enum PadMode
{
    Constant,
    Reflect,
    Edge,
}
