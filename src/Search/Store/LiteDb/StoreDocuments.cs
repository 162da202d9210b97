using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// Maps the store's records to LiteDB documents and back (field names and types in SCHEMA.md). Reading throws
/// <see cref="InvalidDataException"/> naming the field when a document does not have the expected shape; the
/// loader reports that as damage.
/// </summary>
internal static class StoreDocuments
{
    public static BsonDocument Trial(TrialRecord t) => new()
    {
        ["_id"] = t.Id,
        ["decisions"] = new BsonArray(t.Decisions.Select(d => new BsonValue(d))),
        ["architecture"] = t.ArchitectureJson,
        ["block_string"] = t.BlockString,
        ["arch_hash"] = t.ArchHash,
        ["candidate_id"] = t.CandidateId,
        ["status"] = t.Status.ToDb(),
        ["accuracy"] = Nullable(t.Accuracy),
        ["val_loss"] = Nullable(t.ValLoss),
        ["latency_ms"] = Nullable(t.LatencyMs),
        ["latency_mode"] = t.LatencyMode is null ? BsonValue.Null : t.LatencyMode,
        ["measured_latency_ms"] = Nullable(t.MeasuredLatencyMs),
        ["latency_device"] = t.LatencyDevice is null ? BsonValue.Null : t.LatencyDevice,
        ["params"] = Nullable(t.Params),
        ["macs"] = Nullable(t.Macs),
        ["reward"] = Nullable(t.Reward),
        ["train_seconds"] = Nullable(t.TrainSeconds),
        ["latency_seconds"] = Nullable(t.LatencySeconds),
        ["images_per_sec"] = Nullable(t.ImagesPerSec),
        ["training_curve"] = t.TrainingCurveJson is null ? BsonValue.Null : t.TrainingCurveJson,
        ["error"] = t.Error is null ? BsonValue.Null : t.Error,
        ["duplicate_of"] = t.DuplicateOf is { } d ? d : BsonValue.Null,
        ["started_at"] = Timestamps.ToDb(t.StartedAt),
        ["finished_at"] = t.FinishedAt is { } f ? Timestamps.ToDb(f) : BsonValue.Null,
        ["attempts"] = t.Attempts,
        ["worker"] = t.Worker is null ? BsonValue.Null : t.Worker,
        ["told"] = t.Told,
        ["supernet_accuracy"] = Nullable(t.SupernetAccuracy),
    };

    public static TrialRecord Trial(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.Trials);
        return new TrialRecord(
            Id: r.Int("_id"),
            Decisions: r.IntArray("decisions"),
            ArchitectureJson: r.String("architecture"),
            BlockString: r.String("block_string"),
            ArchHash: r.String("arch_hash"),
            Status: r.TrialStatus("status"),
            Accuracy: r.NullableDouble("accuracy"),
            ValLoss: r.NullableDouble("val_loss"),
            LatencyMs: r.NullableDouble("latency_ms"),
            LatencyMode: r.NullableString("latency_mode"),
            Params: r.NullableLong("params"),
            Macs: r.NullableLong("macs"),
            Reward: r.NullableDouble("reward"),
            TrainSeconds: r.NullableDouble("train_seconds"),
            LatencySeconds: r.NullableDouble("latency_seconds"),
            ImagesPerSec: r.NullableDouble("images_per_sec"),
            TrainingCurveJson: r.NullableString("training_curve"),
            Error: r.NullableString("error"),
            DuplicateOf: r.NullableInt("duplicate_of"),
            StartedAt: r.Time("started_at"),
            FinishedAt: r.NullableTime("finished_at"),
            CandidateId: r.Long("candidate_id"),
            Attempts: r.Int("attempts"),
            Worker: r.NullableString("worker"),
            Told: r.Bool("told"),
            MeasuredLatencyMs: r.NullableDouble("measured_latency_ms"),
            LatencyDevice: r.NullableString("latency_device"),
            SupernetAccuracy: r.NullableDouble("supernet_accuracy"));
    }

    public static BsonDocument Experiment(ExperimentInfo e) => new()
    {
        ["_id"] = 1,
        ["name"] = e.Name,
        ["config_yaml"] = e.ConfigYaml,
        ["config_resolved"] = e.ResolvedConfigYaml,
        ["config_hash"] = e.ConfigHash,
        ["created_at"] = Timestamps.ToDb(e.CreatedAt),
        ["updated_at"] = Timestamps.ToDb(e.UpdatedAt),
        ["status"] = e.Status.ToDb(),
        ["naslab_version"] = e.NaslabVersion,
        ["dataset"] = Dataset(e.Dataset),
    };

    public static ExperimentInfo Experiment(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.Experiment);
        if (r.Int("_id") != 1) throw new InvalidDataException($"{LiteDbSchema.Experiment}: _id must be 1");
        return new ExperimentInfo(r.String("name"), r.String("config_yaml"), r.String("config_resolved"), r.String("config_hash"),
            r.Time("created_at"), r.Time("updated_at"), r.ExperimentStatus("status"), r.String("naslab_version"),
            Dataset(r.Document("dataset")));
    }

    /// <summary>A checkpoint's document: its blob inline, or (<paramref name="parts"/> above 0) only how many parts hold it.</summary>
    public static BsonDocument Checkpoint(long number, StrategyCheckpoint c, int parts = 0)
    {
        var doc = new BsonDocument
        {
            ["_id"] = number,
            ["after_trial"] = c.AfterTrial,
            ["created_at"] = Timestamps.ToDb(c.CreatedAt),
            ["blob"] = parts > 0 ? Array.Empty<byte>() : c.Blob,
        };
        if (parts > 0) doc["parts"] = parts;
        return doc;
    }

    /// <summary>A checkpoint as stored, and how many parts hold its blob (0: inline).</summary>
    public static (long Number, StrategyCheckpoint Checkpoint, int Parts) Checkpoint(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.Checkpoints);
        var parts = d.ContainsKey("parts") ? r.Int("parts") : 0; // absent: stored inline (and in stores written before parts existed)
        return (r.Long("_id"), new StrategyCheckpoint(r.Int("after_trial"), r.Binary("blob"), r.Time("created_at")), parts);
    }

    public static BsonDocument CheckpointPart(long checkpoint, int index, byte[] bytes) => new()
    {
        ["_id"] = checkpoint * LiteDbSchema.MaxCheckpointParts + index,
        ["checkpoint"] = checkpoint,
        ["index"] = index,
        ["bytes"] = bytes,
    };

    public static (long Id, long Checkpoint, int Index, byte[] Bytes) CheckpointPart(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.CheckpointParts);
        var part = (r.Long("_id"), r.Long("checkpoint"), r.Int("index"), r.Binary("bytes"));
        if (part.Item1 != part.Item2 * LiteDbSchema.MaxCheckpointParts + part.Item3) throw new InvalidDataException($"checkpoint part {part.Item1} is numbered as another part");
        return part;
    }

    public static BsonDocument Run(long number, RunRecord run) => new()
    {
        ["_id"] = number,
        ["role"] = run.Role,
        ["process"] = run.Process,
        ["started_at"] = Timestamps.ToDb(run.StartedAt),
        ["naslab_version"] = run.NaslabVersion,
        ["torchsharp_version"] = run.TorchSharpVersion,
        ["libtorch_version"] = run.LibTorchVersion,
        ["onnxruntime_version"] = run.OnnxRuntimeVersion,
        ["torch_threads"] = run.TorchThreads,
        ["logical_cores"] = run.LogicalCores,
        ["os"] = run.Os,
        ["dataset"] = Dataset(run.Dataset),
    };

    public static (long Number, RunRecord Run) Run(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.Runs);
        return (r.Long("_id"), new RunRecord(r.String("role"), r.String("process"), r.Time("started_at"), r.String("naslab_version"),
            r.String("torchsharp_version"), r.String("libtorch_version"), r.String("onnxruntime_version"), r.Int("torch_threads"),
            r.Int("logical_cores"), r.String("os"), Dataset(r.Document("dataset"))));
    }

    public static BsonDocument Metadata(StoreHead head) => new()
    {
        ["_id"] = LiteDbSchema.MetadataId,
        ["format"] = LiteDbSchema.Format,
        ["schema_version"] = head.SchemaVersion,
        ["trials"] = head.Trials,
        ["last_checkpoint"] = head.LastCheckpoint,
        ["last_run"] = head.LastRun,
        ["documents"] = head.Digest.Documents,
        ["digest"] = head.Digest.SumHex,
        ["written_by"] = head.WrittenBy,
    };

    /// <summary>Reads the metadata document; the schema version first, so another version gets its own error.</summary>
    public static StoreHead Metadata(BsonDocument d)
    {
        var r = new FieldReader(d, LiteDbSchema.Metadata);
        return new StoreHead(r.Int("schema_version"), r.Int("trials"), r.Long("last_checkpoint"), r.Long("last_run"),
            new StoreDigest(r.Long("documents"), StoreDigest.ParseSum(r.String("digest"))), r.String("written_by"));
    }

    private static BsonDocument Dataset(DatasetIdentity d) => new()
    {
        ["name"] = d.Name,
        ["train_records"] = d.TrainRecords,
        ["test_records"] = d.TestRecords,
        ["sha256"] = d.Sha256,
    };

    private static DatasetIdentity Dataset(BsonDocument d)
    {
        var r = new FieldReader(d, "dataset");
        return new DatasetIdentity(r.String("name"), r.Int("train_records"), r.Int("test_records"), r.String("sha256"));
    }

    private static BsonValue Nullable(double? v) => v is { } x ? x : BsonValue.Null;

    private static BsonValue Nullable(long? v) => v is { } x ? x : BsonValue.Null;
}

/// <summary>The metadata document: schema version, counters and the digest over every other document.</summary>
/// <param name="LastCheckpoint">Number of the newest strategy checkpoint written (0: none yet); checkpoint numbers only grow.</param>
/// <param name="LastRun">Number of the newest run record (0: none).</param>
/// <param name="WrittenBy">naslab version of the last writer.</param>
internal sealed record StoreHead(int SchemaVersion, int Trials, long LastCheckpoint, long LastRun, StoreDigest Digest, string WrittenBy);
