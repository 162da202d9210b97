using System.Diagnostics;

namespace NasLab.SearchSpace.Tests.Builder.Support;

/// <summary>Runs a reference script of bench/ with Debian's python3 (where python3-torch installs).</summary>
public static class PythonReference
{
    public const string Interpreter = "/usr/bin/python3";

    private static readonly Lazy<bool> TorchAvailable = new(() =>
        File.Exists(Interpreter) && RunProcess(["-c", "import torch"]).ExitCode == 0);

    /// <summary>True when <see cref="Interpreter"/> exists and imports torch.</summary>
    public static bool HasTorch => TorchAvailable.Value;

    public const string MissingTorch = Interpreter + " cannot import torch: install Debian's python3-torch (./bootstrap.sh) to run the PyTorch parity test.";

    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "NasLab.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root (NasLab.sln) not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs <paramref name="script"/> (relative to the repository) and returns its output; throws with stderr on failure.</summary>
    public static string Run(string script, params string[] args)
    {
        var (exit, stdout, stderr) = RunProcess([Path.Combine(RepoRoot(), script), .. args]);
        if (exit != 0) throw new InvalidOperationException($"{script} failed (exit {exit}):\n{stderr}");
        return stdout;
    }

    private static (int ExitCode, string Stdout, string Stderr) RunProcess(string[] args)
    {
        var psi = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout.Result, stderr);
    }
}
