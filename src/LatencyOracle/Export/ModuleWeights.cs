using NasLab.Torch.Nn;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// The weights of an engine module (e.g. one built by <c>NetworkBuilder.Build</c> and trained), read
/// by name from <see cref="Module.StateEntries"/>. Values are copied once at construction, so the
/// module may be disposed afterwards. <see cref="UnusedNames"/> tells which entries no export asked
/// for: after exporting a whole network it must be empty, a check that exporter and builder agree.
/// </summary>
public sealed class ModuleWeights : IWeightSource
{
    private readonly Dictionary<string, (long[] Shape, float[] Values)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float> _batchNormEpsilon = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ModuleWeights(Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        foreach (var (name, tensor) in module.StateEntries())
            _entries[name] = (tensor.Shape, tensor.ToArray<float>());
        CollectEpsilons(module, "");
    }

    /// <summary>State entries not read by any export so far.</summary>
    public IReadOnlyList<string> UnusedNames => _entries.Keys.Where(k => !_used.Contains(k)).ToList();

    public float[] Tensor(string name, IReadOnlyList<long> shape)
    {
        if (!_entries.TryGetValue(name, out var entry))
            throw new ArgumentException(
                $"The module has no parameter '{name}'; was it built for a different architecture? " +
                $"({_entries.Count} state entries, e.g. {string.Join(", ", _entries.Keys.Take(3))})");
        if (!entry.Shape.SequenceEqual(shape))
            throw new ArgumentException(
                $"Parameter '{name}' has shape [{string.Join(", ", entry.Shape)}] but the architecture needs [{string.Join(", ", shape)}]; " +
                "the module was built for a different architecture.");
        _used.Add(name);
        return entry.Values;
    }

    public BatchNormParameters BatchNorm(string layer, int channels)
    {
        long[] shape = [channels];
        if (!_batchNormEpsilon.TryGetValue(layer, out var epsilon))
            throw new ArgumentException($"The module has no BatchNorm layer '{layer}'; was it built for a different architecture?");
        return new BatchNormParameters(Tensor($"{layer}.weight", shape), Tensor($"{layer}.bias", shape),
            Tensor($"{layer}.running_mean", shape), Tensor($"{layer}.running_var", shape), epsilon);
    }

    // Epsilon is a constructor argument, not state: read it from the BN modules themselves.
    private void CollectEpsilons(Module module, string prefix)
    {
        if (module is BatchNorm2d bn)
            _batchNormEpsilon[prefix.TrimEnd('.')] = (float)bn.Eps;
        foreach (var (name, child) in module.NamedChildren())
            CollectEpsilons(child, prefix + name + ".");
    }
}
