using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.LatencyOracle.Export;

/// <summary>
/// The weights of a TorchSharp module (e.g. one built by <c>NetworkBuilder.Build</c> and trained), read
/// by dotted name from <c>named_parameters()</c> and the float buffers of <c>named_buffers()</c>
/// (BatchNorm's <c>running_mean</c> / <c>running_var</c>). Values are copied once at construction, as
/// row-major float32 on the host whatever the module's device, dtype or memory format, so the module
/// may be disposed afterwards. <see cref="UnusedNames"/> tells which entries no export asked for:
/// after exporting a whole network it must be empty, a check that exporter and builder agree.
/// </summary>
public sealed class ModuleWeights : IWeightSource
{
    private readonly Dictionary<string, (long[] Shape, float[] Values)> _entries = new(StringComparer.Ordinal);
    private readonly Dictionary<string, float> _batchNormEpsilon = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public ModuleWeights(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var (name, parameter) in module.named_parameters())
            _entries[name] = Read(parameter);
        foreach (var (name, buffer) in module.named_buffers())
        {
            // BatchNorm's num_batches_tracked is an int64 training counter; eval-mode inference
            // never reads it, so it is not a weight an export could miss.
            if (buffer.is_floating_point())
                _entries[name] = Read(buffer);
        }
        foreach (var (name, child) in module.named_modules())
        {
            // Epsilon is a constructor argument, not state: read it from the BN modules themselves.
            if (child is BatchNorm2d bn)
                _batchNormEpsilon[name] = (float)bn.eps;
        }
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

    /// <summary>Host float32 copy in row-major (NCHW) order: contiguous() undoes channels-last strides.</summary>
    private static (long[] Shape, float[] Values) Read(Tensor tensor)
    {
        var host = tensor.detach().to(ScalarType.Float32, CPU).contiguous();
        return (host.shape, host.data<float>().ToArray());
    }
}
