using System.Reflection;
using System.Runtime.InteropServices;
using NasLab.Search.Store;
using NasLab.SearchSpace.Engine;

namespace NasLab.Search.Loop;

/// <summary>Describes this process for <see cref="ITrialStore.RecordRun"/>: code, engine versions, threads, data.</summary>
public static class RunRecords
{
    public static RunRecord Current(string role, string process, DatasetIdentity dataset) => new(
        role, process, DateTimeOffset.UtcNow, NasLabVersion.Current,
        Metadata("TorchSharpVersion"), Metadata("LibTorchVersion"), Metadata("OnnxRuntimeVersion"),
        TorchEngine.NumThreads, Environment.ProcessorCount, RuntimeInformation.OSDescription, dataset);

    /// <summary>This process as host:pid, the default worker name.</summary>
    public static string ProcessName() => $"{Environment.MachineName}:{Environment.ProcessId}";

    private static string Metadata(string key) =>
        typeof(RunRecords).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().FirstOrDefault(a => a.Key == key)?.Value ?? "unknown";
}
