using System.Runtime.InteropServices;

namespace NasLab.LatencyOracle.Latency;

/// <summary>Where a latency was measured; stored with every result so numbers from different
/// machines are never silently compared.</summary>
public sealed record MachineDescription(string CpuModel, int LogicalCores, string OperatingSystem, string Architecture)
{
    private static readonly Lazy<MachineDescription> CurrentMachine = new(Describe);

    /// <summary>This machine (read once per process).</summary>
    public static MachineDescription Current => CurrentMachine.Value;

    /// <summary>The CPU model from cpuinfo-formatted text ("model name" on x86, "Hardware"/"Processor" on ARM).</summary>
    public static string ParseCpuModel(string cpuInfo)
    {
        foreach (var key in new[] { "model name", "Hardware", "Processor", "cpu model" })
        {
            var line = cpuInfo.Split('\n').FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal) && l.Contains(':'));
            var value = line?[(line.IndexOf(':') + 1)..].Trim();
            if (!string.IsNullOrEmpty(value))
                return value;
        }
        return "unknown";
    }

    private static MachineDescription Describe()
    {
        string cpu;
        try
        {
            cpu = File.Exists("/proc/cpuinfo") ? ParseCpuModel(File.ReadAllText("/proc/cpuinfo")) : "unknown";
        }
        catch (IOException)
        {
            cpu = "unknown";
        }
        return new MachineDescription(cpu, Environment.ProcessorCount, RuntimeInformation.OSDescription,
            RuntimeInformation.ProcessArchitecture.ToString());
    }
}
