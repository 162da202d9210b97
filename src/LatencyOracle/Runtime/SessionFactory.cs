using Microsoft.ML.OnnxRuntime;
using OrtOptimization = Microsoft.ML.OnnxRuntime.GraphOptimizationLevel;

namespace NasLab.LatencyOracle.Runtime;

/// <summary>
/// Creates ONNX Runtime sessions over in-memory models with NasLab's <see cref="SessionSettings"/>:
/// the one place that decides threads, execution mode, optimizations and logging.
/// </summary>
public static class SessionFactory
{
    // Before anything touches the runtime's environment (see OrtTelemetry).
    static SessionFactory() => OrtTelemetry.Disable();

    /// <summary>ONNX Runtime's version, as the native library reports it (e.g. "1.31.1").</summary>
    public static string RuntimeVersion => OrtEnv.Instance().GetVersionString();

    /// <summary>Creates a session from serialized ONNX bytes.</summary>
    /// <exception cref="OnnxRuntimeException">ORT rejected the model (its message says why).</exception>
    public static InferenceSession Create(byte[] model, SessionSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (model.Length == 0)
            throw new ArgumentException("Model bytes are empty.", nameof(model));
        using var options = CreateOptions(settings ?? SessionSettings.Default);
        return new InferenceSession(model, options);
    }

    /// <summary>The ORT session options <paramref name="settings"/> imply.</summary>
    public static SessionOptions CreateOptions(SessionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.IntraOpThreads < 0 || settings.InterOpThreads < 0)
            throw new ArgumentOutOfRangeException(nameof(settings), settings, "Thread counts must be >= 0 (0 = ORT default).");
        var options = new SessionOptions();
        try
        {
            options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
            options.IntraOpNumThreads = settings.IntraOpThreads;
            options.InterOpNumThreads = settings.InterOpThreads;
            options.GraphOptimizationLevel = ToOrt(settings.OptimizationLevel);
            // Warnings (e.g. about unused initializers) would flood test and benchmark output.
            options.LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
            return options;
        }
        catch
        {
            options.Dispose();
            throw;
        }
    }

    private static OrtOptimization ToOrt(GraphOptimizationLevel level) => level switch
    {
        GraphOptimizationLevel.DisableAll => OrtOptimization.ORT_DISABLE_ALL,
        GraphOptimizationLevel.Basic => OrtOptimization.ORT_ENABLE_BASIC,
        GraphOptimizationLevel.Extended => OrtOptimization.ORT_ENABLE_EXTENDED,
        GraphOptimizationLevel.All => OrtOptimization.ORT_ENABLE_ALL,
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Unknown graph optimization level."),
    };
}
