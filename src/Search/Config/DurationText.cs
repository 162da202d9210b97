using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace NasLab.Search.Config;

/// <summary>Wall-time budgets written as <c>2h</c>, <c>30m</c>, <c>1h30m</c>, <c>90s</c>.</summary>
public static partial class DurationText
{
    public const string Examples = "2h, 30m, 1h30m, 90s";

    [GeneratedRegex(@"^(?:(?<h>\d+)h)?(?:(?<m>\d+)m)?(?:(?<s>\d+)s)?$")]
    private static partial Regex Pattern();

    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0) return false;
        long Part(string group) => match.Groups[group].Success ? long.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var seconds = Part("h") * 3600 + Part("m") * 60 + Part("s");
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>Shortest h/m/s spelling; the inverse of <see cref="TryParse"/> for whole seconds.</summary>
    public static string Format(TimeSpan value)
    {
        var total = (long)value.TotalSeconds;
        var sb = new StringBuilder();
        if (total / 3600 > 0) sb.Append(total / 3600).Append('h');
        if (total % 3600 / 60 > 0) sb.Append(total % 3600 / 60).Append('m');
        if (total % 60 > 0 || sb.Length == 0) sb.Append(total % 60).Append('s');
        return sb.ToString();
    }
}
