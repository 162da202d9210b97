using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests.Training;

[Collection(TrainingCollection.Name)]
public class MemoryTests(ITestOutputHelper output)
{
    /// <summary>
    /// Per-step dispose scopes free every temporary of a training step: RSS after 2,000 steps of a real network
    /// through the trainer's session is within 5% of RSS after 200 (a leak of even one activation per step would
    /// add hundreds of MB). Measured in a fresh process so memory other tests allocate or release cannot move it.
    /// </summary>
    [Fact]
    public void Rss_at_step_2000_is_within_5_percent_of_step_200()
    {
        var (exitCode, stdout, stderr) = ProbeProgram.RunInChild(MemoryProbe.Mode);
        Assert.True(exitCode == 0, $"probe failed: {stdout}{stderr}");
        var rss = stdout.Trim().Split(' ').Select(long.Parse).ToArray();
        Assert.Equal(10, rss.Length);
        var (after200, after2000) = (rss[0], rss[^1]);
        output.WriteLine($"RSS every 200 steps (KiB): {string.Join(", ", rss)}");
        var change = (after2000 - after200) / (double)after200;
        output.WriteLine($"RSS after step 200: {after200} KiB, after step 2000: {after2000} KiB ({change:P2})");
        Assert.True(Math.Abs(change) < 0.05, $"RSS moved by {change:P2} between step 200 ({after200} KiB) and step 2000 ({after2000} KiB)");
    }
}
