using System.Diagnostics;

namespace NasLab.LatencyOracle.Tests.Reference;

/// <summary>
/// The official onnx Python package (Debian's python3-onnx, for /usr/bin/python3 specifically) as an
/// independent validator of the bytes we write.
/// </summary>
internal static class PythonOnnxChecker
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> UnavailableReason = new(FindUnavailableReason);

    /// <summary>Null when usable; otherwise why not.</summary>
    public static string? WhyUnavailable => UnavailableReason.Value;

    /// <summary>Runs onnx.checker.check_model (full_check: includes strict shape inference). Returns (exit code, output).</summary>
    public static (int ExitCode, string Output) Check(string modelPath) =>
        RunPython("import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print('ok opset', m.opset_import[0].version)", modelPath);

    private static string? FindUnavailableReason()
    {
        if (!File.Exists(Python))
            return $"{Python} not found (install Debian's python3-onnx to run the ONNX checker tests).";
        var (code, output) = RunPython("import onnx; print(onnx.__version__)");
        return code == 0 ? null : $"{Python} cannot import onnx (install Debian's python3-onnx): {output.Trim()}";
    }

    private static (int, string) RunPython(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill();
            return (-1, "timed out");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}

/// <summary>A fact skipped, with the reason, when the Python onnx checker is not installed.</summary>
public sealed class OnnxCheckerFactAttribute : FactAttribute
{
    public OnnxCheckerFactAttribute()
    {
        if (PythonOnnxChecker.WhyUnavailable is { } reason)
            Skip = reason;
    }
}
