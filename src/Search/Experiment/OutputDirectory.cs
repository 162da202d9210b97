using System.Runtime.InteropServices;
using NasLab.Search.Config;

namespace NasLab.Search.Experiment;

/// <summary>
/// The experiment directory under <c>output_dir</c>: checked without writing anything (a regular file in the way,
/// a directory the user cannot write to), and created with any failure reported as a user error naming the field.
/// </summary>
public static class OutputDirectory
{
    /// <summary>Throws <see cref="ConfigException"/> when <paramref name="config"/>'s experiment directory can certainly not be created.</summary>
    public static void Check(ExperimentConfig config, string source)
    {
        var existing = Path.GetFullPath(config.ExperimentDirectory);
        while (!Directory.Exists(existing))
        {
            if (File.Exists(existing))
                throw Error(source, config, $"{existing} is a file, not a directory; choose an output_dir whose path has no regular file in it");
            if (Path.GetDirectoryName(existing) is not { } parent) return;
            existing = parent;
        }
        if (!CanWrite(existing))
            throw Error(source, config, $"{existing} is not writable; choose an output_dir you can write to");
    }

    /// <summary>Creates the experiment directory; IO and permission failures become a user error naming output_dir.</summary>
    public static void Create(ExperimentConfig config, string source)
    {
        try { Directory.CreateDirectory(config.ExperimentDirectory); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(source, config, $"cannot create {Path.GetFullPath(config.ExperimentDirectory)} ({e.Message}); choose an output_dir you can write to");
        }
    }

    private static ConfigException Error(string source, ExperimentConfig config, string problem) =>
        new(source, null, "output_dir", $"'{config.OutputDir}': {problem}");

    /// <summary>
    /// access(2) asks the kernel, so permission bits, ACLs, read-only mounts and root's privileges are all taken
    /// into account without creating a probe file. Where it is unavailable the creation itself reports failures.
    /// </summary>
    private static bool CanWrite(string directory)
    {
        if (OperatingSystem.IsWindows()) return true;
        const int WriteAndSearch = 2 | 1; // W_OK | X_OK: creating an entry needs both
        try { return access(directory, WriteAndSearch) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return true; }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int access([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int mode);
}
