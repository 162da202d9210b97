namespace NasLab.Controller.Policy;

/// <summary>
/// Shape of the LSTM controller. Defaults follow ENAS: 100 hidden units, one layer, logits divided by
/// temperature 5.0 then squashed to c * tanh(.) with c = 2.5 (which keeps the policy from collapsing
/// early: no choice can get more than e^(2c) times the odds of another), weights U(-0.1, 0.1).
/// Set <see cref="Temperature"/> / <see cref="TanhConstant"/> to null to switch either off.
/// </summary>
public sealed record ControllerOptions
{
    public int HiddenSize { get; init; } = 100;
    public int Layers { get; init; } = 1;
    public double? Temperature { get; init; } = 5.0;
    public double? TanhConstant { get; init; } = 2.5;

    /// <summary>Every parameter starts uniform in [-InitRange, InitRange] (ENAS uses 0.1).</summary>
    public double InitRange { get; init; } = 0.1;

    public void Validate()
    {
        if (HiddenSize < 1) throw new ArgumentException($"Controller hidden size must be >= 1, got {HiddenSize}.");
        if (Layers < 1) throw new ArgumentException($"Controller layer count must be >= 1, got {Layers}.");
        if (Temperature is { } t && !(t > 0)) throw new ArgumentException($"Controller temperature must be > 0, got {t}.");
        if (TanhConstant is { } c && !(c > 0)) throw new ArgumentException($"Controller tanh constant must be > 0, got {c}.");
        if (!(InitRange > 0)) throw new ArgumentException($"Controller init range must be > 0, got {InitRange}.");
    }
}
