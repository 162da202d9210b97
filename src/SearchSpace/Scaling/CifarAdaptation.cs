using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Validation;

namespace NasLab.SearchSpace.Scaling;

/// <summary>Options for running an ImageNet architecture on 32x32 CIFAR images.</summary>
public sealed record CifarOptions
{
    public int Resolution { get; init; } = 32;
    public int NumClasses { get; init; } = 10;
    public int StemStride { get; init; } = 1;
    /// <summary>How many of the earliest stride-2 stages become stride 1 (e.g. 1 = the usual MobileNetV2-CIFAR).</summary>
    public int UnstrideFirst { get; init; } = 1;
    /// <summary>Explicit stage indices to make stride 1, in addition to <see cref="UnstrideFirst"/>.</summary>
    public IReadOnlyList<int> UnstrideStages { get; init; } = [];
}

/// <summary>Turns an ImageNet block network into a CIFAR one: small input, fewer early strides.</summary>
public static class CifarAdaptation
{
    public static BlockNetwork Apply(BlockNetwork net, CifarOptions? options = null)
    {
        var o = options ?? new CifarOptions();
        Allowed.Stride(o.StemStride, "cifar.stemStride");
        if (o.UnstrideFirst < 0) throw new ArchitectureException("cifar.unstrideFirst", $"must be at least 0, got {o.UnstrideFirst}.");
        var unstride = new HashSet<int>(o.UnstrideStages);
        foreach (var i in unstride)
            if (i < 0 || i >= net.Stages.Count)
                throw new ArchitectureException("cifar.unstrideStages", $"stage {i} does not exist; allowed: 0..{net.Stages.Count - 1}.");
        foreach (var i in Enumerable.Range(0, net.Stages.Count).Where(i => net.Stages[i].Stride > 1 && net.Stages[i].Repeats > 0).Take(o.UnstrideFirst))
            unstride.Add(i);
        var adapted = net with
        {
            Name = net.Name.Length > 0 ? net.Name + "-cifar" : "",
            InputResolution = o.Resolution,
            NumClasses = o.NumClasses,
            Stem = net.Stem with { Stride = o.StemStride },
            Stages = ValueList.From(net.Stages.Select((s, i) => unstride.Contains(i) ? s with { Stride = 1 } : s)),
        };
        ArchitectureValidator.Validate(adapted);
        return adapted;
    }
}
