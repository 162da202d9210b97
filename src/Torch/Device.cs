namespace NasLab.Torch;

public enum DeviceType { Cpu = 0, Cuda = 1 }

/// <summary>Where a tensor lives. These machines only have the CPU; CUDA works with a CUDA build of libtorch.</summary>
public readonly record struct Device(DeviceType Type, int Index = 0)
{
    public static readonly Device Cpu = new(DeviceType.Cpu);
    public static Device Cuda(int index = 0) => new(DeviceType.Cuda, index);

    public static Device Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cpu" => Cpu,
        "cuda" => Cuda(),
        var s when s.StartsWith("cuda:") && int.TryParse(s.AsSpan(5), out var i) => Cuda(i),
        _ => throw new ArgumentException($"Unknown device '{text}'; allowed: cpu, cuda, cuda:N."),
    };

    public override string ToString() => Type == DeviceType.Cpu ? "cpu" : $"cuda:{Index}";
}
