using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// Keeps ONNX Runtime's telemetry off. Since 1.2x the official Linux and macOS builds carry a telemetry client that,
/// unless <c>ORT_DISABLE_TELEMETRY=1</c> is in the process environment when the runtime initializes, writes a
/// device id and an event database under <c>~/.cache/Microsoft/DeveloperTools/.onnxruntime</c> and tries to upload
/// events (found by the device agent's test that it writes nothing outside its temporary folder). NasLab measures
/// models and sends nothing anywhere, so every process turns it off before its first session. The variable must be
/// set in the native environment, which .NET's Environment.SetEnvironmentVariable does not change on Unix, hence
/// setenv; Windows has the runtime's own switch.
/// </summary>
internal static class OrtTelemetry
{
    private static int _done;

    public static void Disable()
    {
        if (Interlocked.Exchange(ref _done, 1) == 1) return;
        if (!OperatingSystem.IsWindows())
        {
            Environment.SetEnvironmentVariable("ORT_DISABLE_TELEMETRY", "1");
            _ = setenv("ORT_DISABLE_TELEMETRY", "1", 1);
        }
        OrtEnv.Instance().DisableTelemetryEvents();
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int setenv(string name, string value, int overwrite);
}
