using System.Diagnostics;

namespace NasLab.Search.Tests.Store.Postgres;

/// <summary>Reading a helper child's line protocol with generous timeouts (a loaded 2-core machine is slow, never wrong).</summary>
internal static class ChildLines
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<string> Next(Process child)
    {
        var line = await child.StandardOutput.ReadLineAsync().WaitAsync(Patience);
        if (line is null)
        {
            var error = await child.StandardError.ReadToEndAsync().WaitAsync(Patience);
            throw new InvalidOperationException($"helper process {child.Id} ended without output; stderr: {error}");
        }
        return line;
    }

    /// <summary>"claimed ID ATTEMPT" → (ID, ATTEMPT).</summary>
    public static (int Trial, int Attempt) Claimed(string line)
    {
        var parts = line.Split(' ');
        Assert.Equal("claimed", parts[0]);
        return (int.Parse(parts[1]), int.Parse(parts[2]));
    }
}
