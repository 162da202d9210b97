namespace NasLab.Search.Tests.Support;

/// <summary>A clock the test moves by hand, so stored timestamps can be asserted exactly.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; private set; } = start;

    public void Advance(TimeSpan by) => Now += by;

    public override DateTimeOffset GetUtcNow() => Now;
}
