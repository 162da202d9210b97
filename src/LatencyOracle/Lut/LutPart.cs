namespace NasLab.LatencyOracle.Lut;

/// <summary>
/// One independently measured piece of a block network (stem, one block repeat, head): the table
/// key that identifies its computation, and how to export it as a standalone ONNX model.
/// </summary>
public sealed record LutPart(string Key, string LayerPrefix, Func<byte[]> Export);
