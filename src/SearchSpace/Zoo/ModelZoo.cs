using NasLab.SearchSpace.Architecture;

namespace NasLab.SearchSpace.Zoo;

/// <summary>Reference architectures by name, e.g. <c>ModelZoo.Get("mnasnet-a1")</c>.</summary>
public static class ModelZoo
{
    private static readonly Dictionary<string, Func<NetworkArchitecture>> Builders = new()
    {
        ["mobilenet-v1-1.0"] = () => MobileNets.V1(1.0),
        ["mobilenet-v1-0.75"] = () => MobileNets.V1(0.75),
        ["mobilenet-v1-0.5"] = () => MobileNets.V1(0.5),
        ["mobilenet-v1-0.25"] = () => MobileNets.V1(0.25),
        ["mobilenet-v1-0.5-cifar"] = () => MobileNets.V1(0.5, 32, 10, ClassifierKind.Conv1x1) with { Name = "mobilenet-v1-0.5-cifar" },
        ["mobilenet-v2"] = MobileNets.V2,
        ["mobilenet-v3-large"] = MobileNets.V3Large,
        ["mobilenet-v3-small"] = MobileNets.V3Small,
        ["mnasnet-a1"] = MnasNets.A1,
        ["mnasnet-b1"] = MnasNets.B1,
        ["efficientnet-b0"] = EfficientNets.B0,
        ["efficientnet-b1"] = () => EfficientNets.B(1),
        ["efficientnet-b2"] = () => EfficientNets.B(2),
        ["efficientnet-b3"] = () => EfficientNets.B(3),
        ["efficientnet-b4"] = () => EfficientNets.B(4),
        ["efficientnet-b5"] = () => EfficientNets.B(5),
        ["efficientnet-b6"] = () => EfficientNets.B(6),
        ["efficientnet-b7"] = () => EfficientNets.B(7),
        ["mixnet-s"] = MixNets.S,
        ["mixnet-m"] = MixNets.M,
        ["nasnet-a-mobile"] = NasNets.Mobile,
        ["nasnet-a-large"] = NasNets.Large,
        ["nasnet-a-cifar"] = NasNets.Cifar,
    };

    public static IReadOnlyList<string> Names { get; } = Builders.Keys.ToList();

    public static NetworkArchitecture Get(string name) =>
        Builders.TryGetValue(name.Trim().ToLowerInvariant(), out var build)
            ? build()
            : throw new KeyNotFoundException($"Unknown model '{name}'; known models: {string.Join(", ", Names)}.");
}
