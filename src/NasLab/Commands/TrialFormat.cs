using System.Globalization;
using NasLab.Search.Store;

namespace NasLab.Cli.Commands;

/// <summary>Consistent number formatting for trial tables and details.</summary>
internal static class TrialFormat
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Accuracy(double? v) => v is { } x ? (x * 100).ToString("0.00", Inv) + "%" : "-";

    public static string Ms(double? v) => v is { } x ? x.ToString("0.00", Inv) : "-";

    public static string Reward(double? v) => v is { } x ? x.ToString("0.0000", Inv) : "-";

    public static string Seconds(double? v) => v is { } x ? x.ToString("0.0", Inv) : "-";

    public static string Plain(double? v) => v is { } x ? x.ToString("0.####", Inv) : "-";

    /// <summary>1234567 -> 1.23M; parameters and MACs are read at a glance, exact values are in <c>show</c>.</summary>
    public static string Count(long? v) => v switch
    {
        null => "-",
        >= 1_000_000_000 => (v.Value / 1e9).ToString("0.00", Inv) + "G",
        >= 1_000_000 => (v.Value / 1e6).ToString("0.00", Inv) + "M",
        >= 1_000 => (v.Value / 1e3).ToString("0.0", Inv) + "K",
        _ => v.Value.ToString(Inv),
    };

    public static string Status(TrialRecord t) =>
        t.Status == TrialStatus.Duplicate ? $"duplicate of {t.DuplicateOf}" : t.Status.ToDb();

    public static string Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", Inv) ?? "-";

    public static string Shorten(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
