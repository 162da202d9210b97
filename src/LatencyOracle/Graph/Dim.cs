namespace NasLab.LatencyOracle.Graph;

/// <summary>
/// One tensor dimension as the builder knows it: a fixed size, or a symbol (e.g. "batch") whose
/// size is only known at run time.
/// </summary>
public readonly record struct Dim
{
    private Dim(long value, string? symbol)
    {
        Value = value;
        Symbol = symbol;
    }

    /// <summary>The size, when <see cref="IsKnown"/>.</summary>
    public long Value { get; }

    /// <summary>The symbol, when not known.</summary>
    public string? Symbol { get; }

    public bool IsKnown => Symbol is null;

    public static Dim Of(long value) =>
        value >= 0 ? new Dim(value, null) : throw new ArgumentOutOfRangeException(nameof(value), value, "Dimension sizes are >= 0.");

    public static Dim Symbolic(string symbol) => new(-1, symbol);

    public static implicit operator Dim(long value) => Of(value);

    public override string ToString() => Symbol ?? Value.ToString();
}
