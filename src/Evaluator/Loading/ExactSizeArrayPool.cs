using System.Collections.Concurrent;

namespace NasLab.Evaluator;

/// <summary>
/// A small pool of arrays of exact lengths. ArrayPool&lt;T&gt;.Shared is not used because it hands out
/// arrays longer than requested, and the trainer copies a batch array whole into a tensor: the array
/// length must equal the batch's element count. Keeps at most <c>maxPerLength</c> arrays of each length.
/// </summary>
internal sealed class ExactSizeArrayPool<T>(int maxPerLength)
{
    private readonly ConcurrentDictionary<int, ConcurrentBag<T[]>> _free = new();

    public T[] Rent(int length) =>
        _free.TryGetValue(length, out var bag) && bag.TryTake(out var array) ? array : new T[length];

    public void Return(T[] array)
    {
        var bag = _free.GetOrAdd(array.Length, _ => []);
        // Beyond the cap (e.g. the consumer holds many batches) the array is simply left to the GC.
        if (bag.Count < maxPerLength) bag.Add(array);
    }
}
