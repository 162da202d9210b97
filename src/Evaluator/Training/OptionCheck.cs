using System.Globalization;

namespace NasLab.Evaluator.Training;

/// <summary>Range checks for option records; every message names the field and the allowed values.</summary>
internal static class OptionCheck
{
    private static string F(double v) => v.ToString("G", CultureInfo.InvariantCulture);

    public static void AtLeast(string owner, string field, long value, long min)
    {
        if (value < min) throw new ArgumentOutOfRangeException($"{owner}.{field}", value, $"{owner}.{field} must be >= {min}, got {value}.");
    }

    public static void Positive(string owner, string field, double value)
    {
        if (!(value > 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException($"{owner}.{field}", value, $"{owner}.{field} must be a finite number > 0, got {F(value)}.");
    }

    public static void NonNegative(string owner, string field, double value)
    {
        if (!(value >= 0) || double.IsInfinity(value))
            throw new ArgumentOutOfRangeException($"{owner}.{field}", value, $"{owner}.{field} must be a finite number >= 0, got {F(value)}.");
    }

    public static void InRange(string owner, string field, double value, double min, double max, bool upperInclusive)
    {
        bool ok = value >= min && (upperInclusive ? value <= max : value < max);
        if (!ok)
            throw new ArgumentOutOfRangeException($"{owner}.{field}", value,
                $"{owner}.{field} must be in [{F(min)}, {F(max)}{(upperInclusive ? "]" : ")")}, got {F(value)}.");
    }
}
