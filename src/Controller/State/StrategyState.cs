namespace NasLab.Controller.State;

/// <summary>
/// A search strategy's whole saved state as a value: <see cref="Json"/> (the human-readable part: an
/// envelope naming the strategy and format version around ids, RNG words, pending candidates, the
/// partial batch, population ...) and named binary <see cref="Blobs"/> for neural state
/// (<c>policy</c>: LSTM weights in TorchSharp's module format; <c>optimizer</c>: Adam state in
/// TorchSharp's optimizer format). Discrete strategies have no blobs. The strategy keeps no reference
/// to the arrays; <see cref="StrategyStateArchive"/> turns the whole value into one byte array.
/// </summary>
public sealed record StrategyState(string Json, IReadOnlyDictionary<string, byte[]> Blobs)
{
    public static StrategyState JsonOnly(string json) => new(json, new Dictionary<string, byte[]>());

    /// <summary>The blob named <paramref name="name"/>; a clear error if the state lacks it.</summary>
    public byte[] Blob(string name) =>
        Blobs.TryGetValue(name, out var bytes) ? bytes
            : throw new InvalidDataException($"Saved strategy state has no '{name}' blob (has: {string.Join(", ", Blobs.Keys)}).");
}
