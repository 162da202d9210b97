using System.Diagnostics;

namespace NasLab.Torch.Tests.Support;

/// <summary>Runs a reference script of bench/ with Debian's python3 (where python3-torch installs).</summary>
public static class PythonReference
{
    public const string Interpreter = "/usr/bin/python3";

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NasLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (NasLab.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="script"/> (relative to the repository) and returns its output; throws with stderr on failure.</summary>
    public static string Run(string script, params string[] args)
    {
        if (!File.Exists(Interpreter))
            throw new InvalidOperationException($"{Interpreter} not found: run ./bootstrap.sh (installs python3-torch, the reference these tests compare against).");
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(Path.Combine(RepoRoot(), script));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed (exit {p.ExitCode}); is python3-torch installed (./bootstrap.sh)?\n{stderr}");
        return stdout.Result;
    }
}
