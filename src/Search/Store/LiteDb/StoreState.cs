namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// The whole committed content of a store, as verified when it was loaded (see <see cref="StoreLoader"/>), kept in
/// memory: a store of one experiment holds thousands of small trials and at most
/// <see cref="LiteDbTrialStore.CheckpointsKept"/> checkpoints, of which only the newest blob is kept here. A writer
/// changes it only after LiteDB committed the same change, so it never shows anything uncommitted.
/// </summary>
internal sealed class StoreState
{
    public required StoreHead Head { get; set; }

    public required ExperimentInfo Experiment { get; set; }

    /// <summary>Trial n at index n - 1 (ids are contiguous, checked on load).</summary>
    public List<TrialRecord> Trials { get; } = [];

    /// <summary>Numbers of the checkpoints present, ascending.</summary>
    public SortedSet<long> CheckpointNumbers { get; } = [];

    /// <summary>How many parts hold each present checkpoint's blob (0: inline), to delete them with it.</summary>
    public Dictionary<long, int> CheckpointParts { get; } = [];

    public StrategyCheckpoint? LatestCheckpoint { get; set; }

    public List<RunRecord> Runs { get; } = [];

    /// <summary>Digest term of every stored document, to update <see cref="StoreHead.Digest"/> when one is replaced or deleted.</summary>
    public Dictionary<DocumentKey, UInt128> Terms { get; } = [];
}

/// <summary>A document's identity across collections (ids are int32 or int64 numbers; see SCHEMA.md).</summary>
internal readonly record struct DocumentKey(string Collection, long Id);
