namespace NasLab.Evaluator;

/// <summary>
/// Counters for judging whether data loading keeps up: <see cref="ConsumerWait"/> is the time the training
/// thread spent blocked waiting for a batch; near zero means the prefetcher stays ahead.
/// </summary>
public sealed class LoaderStatistics
{
    private long _waitTicks, _batches, _samples;

    public TimeSpan ConsumerWait => TimeSpan.FromTicks(Interlocked.Read(ref _waitTicks));
    public long BatchesProduced => Interlocked.Read(ref _batches);
    public long SamplesProduced => Interlocked.Read(ref _samples);

    internal void AddWait(TimeSpan wait) => Interlocked.Add(ref _waitTicks, wait.Ticks);
    internal void AddBatch(int samples)
    {
        Interlocked.Increment(ref _batches);
        Interlocked.Add(ref _samples, samples);
    }
}
