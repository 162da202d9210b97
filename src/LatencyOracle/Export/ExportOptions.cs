namespace NasLab.LatencyOracle.Export;

/// <summary>
/// How an architecture is written to ONNX. The spatial size is the architecture's
/// <c>InputResolution</c> (change it with <c>net with { InputResolution = r }</c>).
/// </summary>
/// <param name="InputName">Graph input, float32 [N, 3, H, W].</param>
/// <param name="OutputName">Graph output, float32 [N, classes].</param>
/// <param name="DynamicBatch">Make N the symbolic "batch" dimension instead of <paramref name="BatchSize"/>.</param>
/// <param name="BatchSize">Fixed N when the batch is not dynamic.</param>
public sealed record ExportOptions(string InputName = "input", string OutputName = "logits", bool DynamicBatch = false, int BatchSize = 1)
{
    public static ExportOptions Default { get; } = new();

    public ExportOptions Validated()
    {
        if (string.IsNullOrWhiteSpace(InputName) || string.IsNullOrWhiteSpace(OutputName))
            throw new ArgumentException("Export input and output names must be non-empty.");
        if (InputName == OutputName)
            throw new ArgumentException($"Export input and output names must differ (both '{InputName}').");
        if (BatchSize < 1)
            throw new ArgumentException($"Export batch size must be >= 1, got {BatchSize}.");
        return this;
    }
}
