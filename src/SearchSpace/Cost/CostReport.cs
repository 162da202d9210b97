namespace NasLab.SearchSpace.Cost;

/// <summary>
/// Analytic cost of one architecture. <see cref="PeakActivationElements"/> is defined as the largest
/// input + output element count of any single conv or linear layer for one image (elements, not bytes;
/// BN is taken as in-place, and shortcut / concat tensors held across layers are not added).
/// </summary>
public sealed record CostReport(IReadOnlyList<Layer> Layers, int FinalResolution)
{
    public long Params => Layers.Sum(l => l.Params);
    public long Macs => Layers.Sum(l => l.Macs);
    public long PeakActivationElements =>
        Layers.Where(l => l.Kind != LayerKind.BatchNorm).Select(l => l.ActivationElements).DefaultIfEmpty(0).Max();

    /// <summary>Params and MACs summed over layers whose name starts with <paramref name="prefix"/>.</summary>
    public (long Params, long Macs) Of(string prefix)
    {
        var sel = Layers.Where(l => l.Name.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return (sel.Sum(l => l.Params), sel.Sum(l => l.Macs));
    }
}
