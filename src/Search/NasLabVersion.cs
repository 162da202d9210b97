using System.Reflection;

namespace NasLab.Search;

/// <summary>The naslab version recorded in every database (and printed by <c>--version</c>).</summary>
public static class NasLabVersion
{
    public static string Current { get; } =
        typeof(NasLabVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? typeof(NasLabVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
