namespace NasLab.Cli.Commands;

/// <summary>
/// The physical path of a file that may not exist yet: absolute, every symbolic link along it resolved, and
/// <c>.</c>/<c>..</c> applied after resolving (as the kernel does; lexical normalisation would send
/// <c>link/../x</c> to the wrong directory). Two spellings of one file give the same real path.
/// </summary>
internal static class RealPath
{
    /// <summary>Beyond this many links the path is a loop; it is then compared as it stands.</summary>
    private const int MaxLinks = 40;

    private static readonly char[] Separators = [Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar];

    /// <summary>How paths compare on this system's usual file systems.</summary>
    public static StringComparison Comparison { get; } =
        OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;

    public static string Of(string path) => Resolve(path, links: 0);

    public static bool Same(string a, string b) => string.Equals(Of(a), Of(b), Comparison);

    private static string Resolve(string path, int links)
    {
        var absolute = Path.IsPathFullyQualified(path) ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var root = Path.GetPathRoot(absolute)!;
        var parts = absolute[root.Length..].Split(Separators, StringSplitOptions.RemoveEmptyEntries);
        var current = root;
        for (int i = 0; i < parts.Length; i++)
        {
            if (parts[i] == ".") continue;
            if (parts[i] == "..")
            {
                current = Path.GetDirectoryName(current) ?? current;
                continue;
            }
            var next = Path.Combine(current, parts[i]);
            if (links < MaxLinks && LinkTarget(next) is { } target)
            {
                // A relative target is relative to the directory holding the link.
                var linked = Path.IsPathRooted(target) ? target : Path.Combine(current, target);
                return Resolve(Path.Combine([linked, .. parts[(i + 1)..]]), links + 1);
            }
            current = next;
        }
        return current;
    }

    private static string? LinkTarget(string path)
    {
        try
        {
            return new FileInfo(path).LinkTarget;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
