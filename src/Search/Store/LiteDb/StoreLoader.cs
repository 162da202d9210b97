using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// Reads every document of a store and verifies it before anything is shown: each document's SHA-256, the digest
/// over all of them in the metadata document (nothing missing, nothing extra, nothing from another moment), and
/// the invariants the writer keeps (trial ids 1..n, duplicates of completed trials, metrics of finished trials,
/// statuses, checkpoint numbers). LiteDB has no page checksums, so without this a damaged page could pass for
/// data. Any failure throws <see cref="TrialStoreException"/> naming the file.
/// </summary>
internal static class StoreLoader
{
    public static StoreState Load(LiteDatabase db, string path)
    {
        var head = ReadHead(db, path);
        var state = new StoreState { Head = head, Experiment = null! };
        var digest = StoreDigest.Empty;
        var trials = new List<TrialRecord>();
        var checkpoints = new List<(long Number, StrategyCheckpoint Checkpoint)>();
        var partCounts = new Dictionary<long, int>();
        var parts = new Dictionary<long, SortedDictionary<int, byte[]>>();
        var runs = new List<(long Number, RunRecord Run)>();
        ExperimentInfo? experiment = null;

        foreach (var collection in LiteDbSchema.DataCollections)
        {
            foreach (var doc in db.GetCollection(collection).FindAll())
            {
                if (!DocumentChecksum.IsIntact(doc)) throw Damaged(path, $"{collection} document {doc["_id"].RawValue} fails its SHA-256 check");
                var term = DocumentChecksum.DigestTerm(doc);
                digest = digest.Add(term);
                long id;
                try
                {
                    switch (collection)
                    {
                        case LiteDbSchema.Experiment:
                            if (experiment is not null) throw new InvalidDataException("more than one experiment document");
                            experiment = StoreDocuments.Experiment(doc);
                            id = 1;
                            break;
                        case LiteDbSchema.Trials:
                            var t = StoreDocuments.Trial(doc);
                            trials.Add(t);
                            id = t.Id;
                            break;
                        case LiteDbSchema.Checkpoints:
                            var c = StoreDocuments.Checkpoint(doc);
                            checkpoints.Add((c.Number, c.Checkpoint));
                            partCounts[c.Number] = c.Parts;
                            id = c.Number;
                            break;
                        case LiteDbSchema.CheckpointParts:
                            var part = StoreDocuments.CheckpointPart(doc);
                            if (!parts.TryGetValue(part.Checkpoint, out var ofCheckpoint)) parts[part.Checkpoint] = ofCheckpoint = [];
                            ofCheckpoint[part.Index] = part.Bytes;
                            id = part.Id;
                            break;
                        default:
                            var r = StoreDocuments.Run(doc);
                            runs.Add(r);
                            id = r.Number;
                            break;
                    }
                }
                catch (InvalidDataException e)
                {
                    throw Damaged(path, e.Message);
                }
                if (!state.Terms.TryAdd(new DocumentKey(collection, id), term)) throw Damaged(path, $"{collection} document {id} appears twice");
            }
        }

        if (digest != head.Digest)
        {
            throw Damaged(path, $"the documents do not match the metadata digest ({digest.Documents} documents found, " +
                                $"{head.Digest.Documents} written)");
        }
        state.Experiment = experiment ?? throw Damaged(path, "the experiment document is missing");

        trials.Sort((a, b) => a.Id.CompareTo(b.Id));
        CheckTrials(path, trials, head);
        state.Trials.AddRange(trials);

        checkpoints.Sort((a, b) => a.Number.CompareTo(b.Number));
        CheckCheckpoints(path, checkpoints, head, trials.Count);
        foreach (var orphan in parts.Keys.Where(n => partCounts.GetValueOrDefault(n) == 0))
            throw Damaged(path, $"parts of strategy checkpoint {orphan}, which is not stored in parts");
        foreach (var (number, _) in checkpoints)
        {
            state.CheckpointNumbers.Add(number);
            state.CheckpointParts[number] = partCounts[number];
        }
        if (checkpoints.Count > 0)
        {
            var (number, latest) = checkpoints[^1];
            state.LatestCheckpoint = partCounts[number] == 0 ? latest : latest with { Blob = Joined(path, number, partCounts[number], parts) };
        }
        foreach (var (number, _) in checkpoints.SkipLast(1)) // every checkpoint's parts are checked, the newest is kept
            if (partCounts[number] > 0) Joined(path, number, partCounts[number], parts);

        runs.Sort((a, b) => a.Number.CompareTo(b.Number));
        if (runs.Count > 0 && runs[^1].Number > head.LastRun) throw Damaged(path, $"run {runs[^1].Number} is newer than the last one written ({head.LastRun})");
        state.Runs.AddRange(runs.Select(r => r.Run));
        return state;
    }

    /// <summary>The message every integrity failure uses, so users and tests recognise it.</summary>
    public static TrialStoreException Damaged(string path, string what, Exception? inner = null) =>
        new($"{path}: the trial store is damaged ({what}); restore it from a copy", inner);

    private static StoreHead ReadHead(LiteDatabase db, string path)
    {
        if (!db.CollectionExists(LiteDbSchema.Metadata))
            throw new TrialStoreException($"{path}: not a naslab trial store (a LiteDB file without the '{LiteDbSchema.Metadata}' collection)");
        var docs = db.GetCollection(LiteDbSchema.Metadata).FindAll().ToList();
        if (docs.Count != 1 || docs[0]["_id"] != LiteDbSchema.MetadataId)
            throw Damaged(path, $"expected one metadata document '{LiteDbSchema.MetadataId}', found {docs.Count}");
        var doc = docs[0];
        if (doc["format"] is not { IsString: true } format || format.AsString != LiteDbSchema.Format)
            throw new TrialStoreException($"{path}: not a naslab trial store (metadata.format is not '{LiteDbSchema.Format}')");
        // The version before the checksum: a store written by another naslab may hash or shape documents differently.
        if (doc["schema_version"] is { IsInt32: true } v && v.AsInt32 != LiteDbSchema.Version)
        {
            throw new TrialStoreException(
                $"{path}: trial store schema version {v.AsInt32} is not supported by naslab {NasLabVersion.Current} (expects {LiteDbSchema.Version})");
        }
        if (!DocumentChecksum.IsIntact(doc)) throw Damaged(path, "the metadata document fails its SHA-256 check");
        try
        {
            return StoreDocuments.Metadata(doc);
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or OverflowException)
        {
            throw Damaged(path, e.Message, e);
        }
    }

    private static void CheckTrials(string path, List<TrialRecord> trials, StoreHead head)
    {
        if (trials.Count != head.Trials) throw Damaged(path, $"{trials.Count} trials found, {head.Trials} written");
        for (var i = 0; i < trials.Count; i++)
        {
            var t = trials[i];
            if (t.Id != i + 1) throw Damaged(path, $"trial ids are not contiguous: trial {i + 1} is missing");
            if (TrialInvariantViolation(t, trials) is { } problem) throw Damaged(path, $"trial {t.Id} {problem}");
        }
    }

    /// <summary>What is wrong with a trial, or null: the same rules the writer follows (see SCHEMA.md, invariants).</summary>
    internal static string? TrialInvariantViolation(TrialRecord t, IReadOnlyList<TrialRecord> trials)
    {
        var finished = t.IsFinished;
        if (finished != t.FinishedAt.HasValue) return finished ? "is finished without a finish time" : "is not finished but has a finish time";
        if (t.Status is TrialStatus.Completed or TrialStatus.Duplicate &&
            (t.Accuracy is null || t.LatencyMs is null || t.Reward is null || t.LatencyMode is null))
            return $"is {t.Status.ToDb()} without its metrics (accuracy, latency_ms, latency_mode, reward)";
        if (t.Status == TrialStatus.Failed && t.Error is null) return "failed without an error";
        if (t.Status == TrialStatus.Running && t.Worker is null) return "is running without a worker";
        if ((t.Status == TrialStatus.Duplicate) != t.DuplicateOf.HasValue) return "has duplicate_of set if and only if it is not a duplicate";
        if (t.DuplicateOf is { } o && (o < 1 || o >= t.Id || trials[o - 1].Status != TrialStatus.Completed))
            return $"is a duplicate of trial {o}, which is not an earlier completed trial";
        if (t.Told && !finished) return "is told but not finished";
        if (t.Attempts < 0) return "has a negative attempt count";
        return null;
    }

    /// <summary>The blob of a checkpoint stored in parts: every part present, numbered 0 to count - 1, full but the last.</summary>
    private static byte[] Joined(string path, long number, int count, Dictionary<long, SortedDictionary<int, byte[]>> parts)
    {
        if (!parts.TryGetValue(number, out var found) || found.Count != count || found.Keys.Last() != count - 1)
            throw Damaged(path, $"strategy checkpoint {number} has {(found?.Count ?? 0)} of its {count} parts");
        if (found.Values.SkipLast(1).Any(p => p.Length != LiteDbSchema.CheckpointPartBytes) || found[count - 1].Length is 0 or > LiteDbSchema.CheckpointPartBytes)
            throw Damaged(path, $"strategy checkpoint {number} has a part of the wrong size");
        var blob = new byte[found.Values.Sum(p => (long)p.Length)];
        var offset = 0;
        foreach (var p in found.Values)
        {
            p.CopyTo(blob, offset);
            offset += p.Length;
        }
        return blob;
    }

    private static void CheckCheckpoints(string path, List<(long Number, StrategyCheckpoint Checkpoint)> checkpoints, StoreHead head, int trialCount)
    {
        if (checkpoints.Count > LiteDbTrialStore.CheckpointsKept)
            throw Damaged(path, $"{checkpoints.Count} strategy checkpoints, at most {LiteDbTrialStore.CheckpointsKept} are kept");
        if (head.LastCheckpoint > 0 && (checkpoints.Count == 0 || checkpoints[^1].Number != head.LastCheckpoint))
            throw Damaged(path, $"strategy checkpoint {head.LastCheckpoint}, the newest written, is missing");
        if (head.LastCheckpoint == 0 && checkpoints.Count > 0) throw Damaged(path, "strategy checkpoints present but none recorded as written");
        foreach (var (number, c) in checkpoints)
        {
            if (c.AfterTrial < 0 || c.AfterTrial > trialCount)
                throw Damaged(path, $"strategy checkpoint {number} follows trial {c.AfterTrial}, which does not exist");
        }
    }
}
