using System.Runtime.CompilerServices;
using NasLab.Search.Store;

namespace NasLab.Tests.Support;

/// <summary>
/// Writes sample trials through the store's real queue API (enqueue, claim, report, tell), for tests of the
/// commands that read stores.
/// </summary>
internal static class StoreFilling
{
    private static readonly ConditionalWeakTable<ITrialStore, Dictionary<int, TrialClaim>> Claims = new();

    private static readonly byte[] NoState = "{}"u8.ToArray();

    /// <summary>Queues and claims a trial: it is <c>running</c> until completed or failed.</summary>
    public static int BeginTrial(this ITrialStore store, TrialProposal proposal)
    {
        var id = store.Enqueue([proposal], NoState).Single();
        var claim = store.Claim("test-worker") ?? throw new InvalidOperationException("the trial just queued could not be claimed");
        Assert.Equal(id, claim.TrialId);
        Claims.GetOrCreateValue(store)[id] = claim;
        return id;
    }

    public static void CompleteTrial(this ITrialStore store, int id, TrialMetrics metrics, byte[]? checkpointAfter = null)
    {
        store.Report(Claims.GetOrCreateValue(store)[id], TrialOutcome.Completed(metrics));
        store.MarkTold([id], checkpointAfter ?? NoState);
    }

    public static void FailTrial(this ITrialStore store, int id, string error)
    {
        store.Report(Claims.GetOrCreateValue(store)[id], TrialOutcome.Failed(error));
        store.MarkTold([id], NoState);
    }

    /// <summary>Adds a finished duplicate of completed trial <paramref name="original"/>.</summary>
    public static int AddDuplicate(this ITrialStore store, TrialProposal proposal, int original)
    {
        var id = store.Enqueue([proposal with { DuplicateOf = original }], NoState).Single();
        store.MarkTold([id], NoState);
        return id;
    }
}
