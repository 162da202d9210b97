using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// The supernet's weights: one tensor per shared role (see <see cref="SharedRoles"/>), as large as the largest
/// choice seen so far, with its SGD momentum beside it. It grows when an architecture needs more (a larger kernel,
/// more channels): the old values keep their place (<see cref="SharedSlices"/>) and the new region takes the
/// freshly initialized values of the network that needed it.
/// </summary>
public sealed class WeightBank : IDisposable
{
    private readonly Dictionary<string, (Tensor Value, Tensor Momentum)> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public IEnumerable<string> Roles => _entries.Keys;

    /// <summary>The shared tensor of a role (null before any network used it).</summary>
    public Tensor? Value(string role) => _entries.TryGetValue(role, out var e) ? e.Value : null;

    public Tensor? Momentum(string role) => _entries.TryGetValue(role, out var e) ? e.Momentum : null;

    /// <summary>
    /// Makes the placement's shared tensor cover a parameter like <paramref name="initial"/>, taking its values where
    /// nothing was shared yet.
    /// </summary>
    public void Cover(SharedPlacement placement, Tensor initial)
    {
        using var noGrad = torch.no_grad();
        var needed = placement.SharedShape(initial.shape);
        if (!_entries.TryGetValue(placement.Role, out var entry))
        {
            // Kept past any dispose scope the caller is in: the bank outlives every step.
            var fresh = needed.SequenceEqual(initial.shape) ? initial.detach().clone() : Fill(needed, initial);
            placement.Write(fresh, initial);
            _entries[placement.Role] = (fresh.DetachFromDisposeScope(), zeros(needed, initial.dtype).DetachFromDisposeScope());
            return;
        }
        if (needed.Zip(entry.Value.shape).All(p => p.First <= p.Second)) return;
        var grown = SharedSlices.Cover(entry.Value.shape, needed);
        var value = Fill(grown, initial).DetachFromDisposeScope();
        var momentum = zeros(grown, initial.dtype).DetachFromDisposeScope();
        placement.Write(value, initial);
        SharedSlices.View(value, entry.Value.shape).copy_(entry.Value);
        SharedSlices.View(momentum, entry.Value.shape).copy_(entry.Momentum);
        entry.Value.Dispose();
        entry.Momentum.Dispose();
        _entries[placement.Role] = (value, momentum);
    }

    /// <summary>
    /// A tensor of <paramref name="shape"/> for the region no network has initialized yet: normal noise with the
    /// initial tensor's spread for weights, its mean for one-dimensional ones (batch-norm scales of 1, shifts of 0).
    /// </summary>
    private static Tensor Fill(long[] shape, Tensor initial)
    {
        if (initial.dim() == 1) return full(shape, initial.mean().item<float>(), initial.dtype);
        var std = initial.numel() > 1 ? initial.std().item<float>() : 0f;
        return randn(shape, initial.dtype) * std;
    }

    /// <summary>Copies of every shared tensor, for checkpoints.</summary>
    public Dictionary<string, (Tensor Value, Tensor Momentum)> Snapshot() =>
        _entries.ToDictionary(e => e.Key, e => (e.Value.Value.detach().clone(), e.Value.Momentum.detach().clone()), StringComparer.Ordinal);

    public void Restore(IReadOnlyDictionary<string, (Tensor Value, Tensor Momentum)> snapshot)
    {
        Dispose();
        foreach (var (role, (value, momentum)) in snapshot)
            _entries[role] = (value.detach().clone().DetachFromDisposeScope(), momentum.detach().clone().DetachFromDisposeScope());
    }

    public void Dispose()
    {
        foreach (var (value, momentum) in _entries.Values) { value.Dispose(); momentum.Dispose(); }
        _entries.Clear();
    }
}
