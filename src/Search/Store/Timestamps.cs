using System.Globalization;

namespace NasLab.Search.Store;

/// <summary>Timestamps are stored as ISO-8601 UTC text with milliseconds, e.g. <c>2026-11-22T04:45:26.123Z</c>, so they sort as text and read well in any client.</summary>
internal static class Timestamps
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static string ToDb(DateTimeOffset t) => t.UtcDateTime.ToString(Format, CultureInfo.InvariantCulture);

    public static DateTimeOffset FromDb(string text) =>
        DateTimeOffset.ParseExact(text, Format, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
