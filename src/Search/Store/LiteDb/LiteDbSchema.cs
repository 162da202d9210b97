namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// Names and version of the LiteDB store's layout. Documented for users in <c>SCHEMA.md</c>; keep both in step
/// and bump <see cref="Version"/> (with a migration) whenever a document changes shape.
/// </summary>
internal static class LiteDbSchema
{
    public const int Version = 1;

    /// <summary>Value of <c>metadata.format</c>: tells a naslab store from any other LiteDB file.</summary>
    public const string Format = "naslab-trials";

    public const string Metadata = "metadata";
    public const string Experiment = "experiment";
    public const string Trials = "trials";
    public const string Checkpoints = "checkpoints";
    public const string Runs = "runs";

    /// <summary>
    /// Pieces of checkpoints too large for one LiteDB document (16 MB), such as a supernet's weights: document
    /// <c>number * MaxCheckpointParts + index</c> holds bytes <c>index * CheckpointPartBytes</c> on of checkpoint <c>number</c>.
    /// </summary>
    public const string CheckpointParts = "checkpoint_parts";

    public const int CheckpointPartBytes = 4 * 1024 * 1024;
    public const int MaxCheckpointParts = 4096;

    /// <summary>The <c>_id</c> of the single metadata document.</summary>
    public const string MetadataId = "store";

    /// <summary>Collections whose documents the digest covers (all but metadata).</summary>
    public static readonly IReadOnlyList<string> DataCollections = [Experiment, Trials, Checkpoints, CheckpointParts, Runs];
}
