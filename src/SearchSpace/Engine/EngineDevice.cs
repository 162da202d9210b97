using TorchSharp;

namespace NasLab.SearchSpace.Engine;

/// <summary>Where training runs: "cpu", "cuda" or "cuda:N". CUDA needs a CUDA build of libtorch.</summary>
public static class EngineDevice
{
    public const string Allowed = "cpu, cuda, cuda:N";

    /// <summary>Parses and checks a device name; a CUDA device on a host without one is a clear error.</summary>
    public static torch.Device Resolve(string text)
    {
        var s = text.Trim().ToLowerInvariant();
        if (s == "cpu") return torch.CPU;
        int index;
        if (s == "cuda") index = 0;
        else if (!(s.StartsWith("cuda:", StringComparison.Ordinal) && int.TryParse(s.AsSpan(5), out index) && index >= 0))
            throw new ArgumentException($"Unknown device '{text}'; allowed: {Allowed}.");
        TorchEngine.EnsureInitialized();
        int count = CudaDeviceCount();
        if (count == 0)
            throw new ArgumentException($"Device '{text}' needs CUDA, but none is available: this build uses libtorch-cpu, or the host has no CUDA GPU. Build with -p:NasLabTorchBackend=cuda on a CUDA host (see the README), or use 'cpu'.");
        if (index >= count)
            throw new ArgumentException($"Device '{text}' does not exist: this host has {count} CUDA device(s) (cuda:0..cuda:{count - 1}).");
        return new torch.Device(DeviceType.CUDA, index);
    }

    private static int CudaDeviceCount()
    {
        try { return torch.cuda.is_available() ? torch.cuda.device_count() : 0; }
        catch (Exception) { return 0; }
    }
}
