using System.Globalization;
using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Text;

/// <summary>Number and activation token helpers shared by the string formats.</summary>
internal static class Tokens
{
    public static string AllowedActivations => string.Join(", ", ActivationNames.All.Select(a => a.Name));

    public static string Word(Activation a) => ActivationNames.NameOf(a);

    public static bool TryActivation(string token, out Activation act)
    {
        foreach (var (a, w) in ActivationNames.All)
            if (w == token) { act = a; return true; }
        act = default;
        return false;
    }

    /// <summary>Shortest string that parses back to the same double.</summary>
    public static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    public static int Int(string text, string token, string context, string what)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int v)) return v;
        throw new FormatException($"{context}: token '{token}' needs a non-negative integer {what}, got '{text}'.");
    }

    public static double Double(string text, string token, string context, string what)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v)) return v;
        throw new FormatException($"{context}: token '{token}' needs a number {what}, got '{text}'.");
    }
}
