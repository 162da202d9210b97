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

    /// <summary>
    /// The longest duration accepted: ten years. Far beyond any search, and far inside what a TimeSpan holds, so
    /// <c>99999999999999999999h</c> is an out-of-range error rather than an overflow.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromDays(3650);

    /// <summary>The longest duration as it is written in messages.</summary>
    public static string LongestText => Format(Longest);

    /// <summary>Parses the h/m/s spelling; false when the text is not one, or is longer than <see cref="Longest"/>.</summary>
    public static bool TryParse(string text, out TimeSpan value)
    {
        value = default;
        if (!TrySeconds(text, out var seconds) || seconds > Longest.TotalSeconds) return false;
        value = TimeSpan.FromSeconds(seconds);
        return true;
    }

    /// <summary>
    /// The number of seconds the text spells, without a range check. A double, so that any run of digits parses
    /// (an absurdly long one to a huge number or infinity) and the caller can say it is out of range.
    /// </summary>
    public static bool TrySeconds(string text, out double seconds)
    {
        seconds = 0;
        var match = Pattern().Match(text.Trim());
        if (!match.Success || text.Trim().Length == 0) return false;
        double Part(string group) => match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        seconds = Part("h") * 3600 + Part("m") * 60 + Part("s");
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
