namespace NasLab.LatencyOracle.Latency;

/// <summary>
/// Answers from a <see cref="LatencyCache"/> when it can and measures on the inner device only on a
/// miss. The key is the model's hash, the profile and the inner device's runtime version.
/// </summary>
public sealed class CachedLatencyDevice : ILatencyDevice
{
    private readonly ILatencyDevice _inner;
    private readonly LatencyCache _cache;

    public CachedLatencyDevice(ILatencyDevice inner, LatencyCache cache)
    {
        _inner = inner;
        _cache = cache;
    }

    public string Identity => _inner.Identity;

    public string Name => _inner.Name;

    public MachineDescription Machine => _inner.Machine;

    public LatencyResult Measure(byte[] model, DeviceProfile profile)
    {
        var key = LatencyCache.Key(ModelHash.Sha256(model), profile.CacheKey, _inner.Identity);
        if (_cache.TryGet(key, out var cached))
            return cached;
        var result = _inner.Measure(model, profile);
        _cache.Put(key, result);
        return result;
    }
}
