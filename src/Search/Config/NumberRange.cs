using System.Globalization;

namespace NasLab.Search.Config;

/// <summary>An allowed interval for a numeric field, able to describe itself in an error message.</summary>
public sealed record NumberRange(double? Min, bool MinInclusive, double? Max, bool MaxInclusive)
{
    public static readonly NumberRange Any = new(null, false, null, false);
    public static readonly NumberRange Positive = new(0, false, null, false);
    public static readonly NumberRange NonNegative = new(0, true, null, false);
    public static readonly NumberRange NonPositive = new(null, false, 0, true);
    public static readonly NumberRange UnitOpenAbove = new(0, true, 1, false);

    public static NumberRange Between(double min, double max) => new(min, true, max, true);

    public static NumberRange AtLeast(double min) => new(min, true, null, false);

    public bool Contains(double value) =>
        (Min is not { } lo || (MinInclusive ? value >= lo : value > lo)) &&
        (Max is not { } hi || (MaxInclusive ? value <= hi : value < hi));

    public string Describe()
    {
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        if (Min is { } lo && Max is { } hi && MinInclusive && MaxInclusive) return $"between {F(lo)} and {F(hi)}";
        var parts = new List<string>();
        if (Min is { } a) parts.Add($"{(MinInclusive ? ">=" : ">")} {F(a)}");
        if (Max is { } b) parts.Add($"{(MaxInclusive ? "<=" : "<")} {F(b)}");
        return parts.Count == 0 ? "any number" : string.Join(" and ", parts);
    }
}
