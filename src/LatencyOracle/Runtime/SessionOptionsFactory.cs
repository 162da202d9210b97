using NasLab.LatencyOracle.Native;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>Builds an <c>OrtSessionOptions</c> from <see cref="SessionSettings"/>.</summary>
internal static unsafe class SessionOptionsFactory
{
    private const int ExecutionModeSequential = 0; // ORT_SEQUENTIAL

    public static OrtHandle Create(OrtRuntime runtime, SessionSettings settings)
    {
        if (settings.IntraOpThreads < 0 || settings.InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings, "Thread counts must be >= 0 (0 = ORT default).");

        var api = runtime.Api;
        nint raw;
        api.Check(api.CreateSessionOptions(&raw), "CreateSessionOptions");
        var options = new OrtHandle(raw, api.ReleaseSessionOptions);
        try
        {
            api.Check(api.SetSessionExecutionMode(raw, ExecutionModeSequential), "SetSessionExecutionMode");
            api.Check(api.SetIntraOpNumThreads(raw, settings.IntraOpThreads), "SetIntraOpNumThreads");
            api.Check(api.SetInterOpNumThreads(raw, settings.InterOpThreads), "SetInterOpNumThreads");
            api.Check(api.SetSessionGraphOptimizationLevel(raw, (int)settings.OptimizationLevel), "SetSessionGraphOptimizationLevel");
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }
}
