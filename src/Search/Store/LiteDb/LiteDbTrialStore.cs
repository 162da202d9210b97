using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// The embedded store of one experiment: one LiteDB file, <c>&lt;experiment&gt;/trials.db</c> (layout, checksums and
/// the checkpoint and copy rules in SCHEMA.md). One process writes (it holds <c>trials.db.lock</c>); any number
/// of read-only stores may open while it does.
/// <para>
/// Every write is one LiteDB transaction that also rewrites the metadata document (counters and a digest over all
/// documents), so a trial's result and the strategy checkpoint commit together, and a kill at any instant loses at
/// most the transaction in flight. Every open reads and verifies the whole store (see <see cref="StoreLoader"/>)
/// and keeps it in memory: a read-only store is a snapshot of the moment it was opened; open it again to see later
/// trials. A writable store's memory follows its own commits.
/// </para>
/// </summary>
public sealed class LiteDbTrialStore : ITrialStore
{
    public const string FileName = "trials.db";

    /// <summary>How many strategy checkpoints are kept; older ones are deleted in the transaction that adds a new one.</summary>
    public const int CheckpointsKept = 10;

    /// <summary>
    /// The writer folds LiteDB's log into the data file once the log exceeds this (and on open and dispose), so the
    /// log stays bounded: about 30 strategy checkpoints of 1 MB each with their trials. LiteDB's own automatic
    /// checkpoint is off (pragma CHECKPOINT = 0) because it ran at any commit, under readers.
    /// </summary>
    public const long DefaultCheckpointLogBytes = 64L * 1024 * 1024;

    /// <summary>Reads that fail the integrity check under a live writer are tried this often (see <see cref="OpenReadOnly"/>).</summary>
    private const int ReadAttempts = 5;

    /// <summary>How long a reader waits for the writer to finish a checkpoint (which takes well under a second for 64 MB).</summary>
    private static readonly TimeSpan ReaderWaitsForCheckpoint = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a periodic checkpoint waits for readers to finish loading (milliseconds each) before it is left to the
    /// next commit: short, so readers polling without pause delay the log's folding, never the commits.
    /// </summary>
    private static readonly TimeSpan PeriodicCheckpointWaits = TimeSpan.FromMilliseconds(100);

    /// <summary>How long the checkpoints at open and dispose wait for readers before they run regardless (readers then retry).</summary>
    private static readonly TimeSpan FinalCheckpointWaits = TimeSpan.FromSeconds(30);

    private readonly LiteDatabase? _db;
    private readonly LogSync _logSync;
    private readonly WriterLock? _lock;
    private readonly TimeProvider _clock;
    private readonly StoreState _state;
    private readonly object _gate = new();
    private readonly Dictionary<string, (DateTimeOffset At, TrialClaim? Claim)> _heartbeats = [];

    private LiteDbTrialStore(string path, StoreState state, LiteDatabase? db, WriterLock? writerLock, TimeProvider clock)
    {
        Location = path;
        _logSync = new LogSync(LiteDbFiles.LogPath(path));
        _state = state;
        _db = db;
        _lock = writerLock;
        _clock = clock;
    }

    public string Location { get; }

    public bool IsReadOnly => _db is null;

    /// <summary>Trials that were <c>running</c> when this writer opened the store, now queued again (their attempts kept).</summary>
    public IReadOnlyList<int> RequeuedAtOpen { get; private set; } = [];

    /// <summary>Test seam: called with a step name before each write inside a transaction; throwing aborts the transaction.</summary>
    internal Action<string>? BeforeWriteStep { get; set; }

    /// <summary>Log size that triggers a checkpoint after a commit (tests lower it to checkpoint often).</summary>
    internal long CheckpointLogBytes { get; set; } = DefaultCheckpointLogBytes;

    // ---- opening ---------------------------------------------------------------------------------------------

    /// <summary>Creates the store; fails if <paramref name="path"/> exists. The file appears whole or not at all.</summary>
    public static LiteDbTrialStore Create(string path, ExperimentIdentity identity, TimeProvider? clock = null)
    {
        clock ??= TimeProvider.System;
        if (File.Exists(path) || Directory.Exists(path)) throw new TrialStoreException($"{path}: a trial store already exists here");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var writerLock = WriterLock.Acquire(path);
        try
        {
            // Build it under a temporary name and rename it into place: a crash while creating leaves no half store.
            var building = path + ".creating";
            File.Delete(building);
            File.Delete(LiteDbFiles.LogPath(building));
            using (var db = LiteDbFiles.Create(building))
            {
                db.CheckpointSize = 0;
                var now = Millis(clock.GetUtcNow());
                var experiment = new ExperimentInfo(identity.Name, identity.ConfigYaml, identity.ResolvedConfigYaml, identity.ConfigHash,
                    now, now, ExperimentStatus.Created, NasLabVersion.Current, identity.Dataset);
                var state = new StoreState { Head = new StoreHead(LiteDbSchema.Version, 0, 0, 0, StoreDigest.Empty, NasLabVersion.Current), Experiment = experiment };
                db.BeginTrans();
                var write = new StoreWrite(db, state, null);
                write.Put(LiteDbSchema.Experiment, 1, StoreDocuments.Experiment(experiment), "experiment", () => { });
                write.WriteHead();
                db.Commit();
                db.Checkpoint();
            }
            File.Move(building, path);
            return OpenWritable(path, writerLock, clock, null, false, null);
        }
        catch
        {
            TryDelete(path + ".creating");
            TryDelete(LiteDbFiles.LogPath(path + ".creating"));
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens for writing: takes the writer lock, verifies the store and re-queues every <c>running</c> trial (no
    /// other process can be running it). When <paramref name="expectedConfigHash"/> differs from the stored hash this
    /// fails unless <paramref name="force"/> is set, in which case <paramref name="identity"/> (required then)
    /// replaces the stored name and configuration.
    /// </summary>
    public static LiteDbTrialStore Open(string path, string? expectedConfigHash = null, bool force = false,
        ExperimentIdentity? identity = null, TimeProvider? clock = null)
    {
        RequireExisting(path);
        var writerLock = WriterLock.Acquire(path);
        try
        {
            return OpenWritable(path, writerLock, clock ?? TimeProvider.System, expectedConfigHash, force, identity);
        }
        catch
        {
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Opens a snapshot for reading; safe while another process writes. A read torn by the writer's checkpoint
    /// fails the integrity check and is read again (up to <see cref="ReadAttempts"/> times); real damage fails
    /// every time and is reported.
    /// </summary>
    public static LiteDbTrialStore OpenReadOnly(string path)
    {
        RequireExisting(path);
        for (var attempt = 1; ; attempt++)
        {
            var before = FileStamp.Of(path);
            try
            {
                using var gate = CheckpointGate.EnterRead(path, ReaderWaitsForCheckpoint);
                using var reader = LiteDbFiles.OpenReader(path);
                var state = LiteDbFiles.Guard(path, () => StoreLoader.Load(reader.Db, path));
                return new LiteDbTrialStore(path, state, null, null, TimeProvider.System);
            }
            catch (StoreDamagedException) when (attempt < ReadAttempts && (WriterLock.IsHeld(path) || FileStamp.Of(path) != before))
            {
                // A writer is at work (or was, a moment ago): the read may have been torn by its checkpoint. Damage at
                // rest fails at once; damage under a live writer fails every attempt and is reported all the same.
                Interlocked.Increment(ref _tornReadRetries);
                Thread.Sleep(20 * attempt);
            }
        }
    }

    private static int _tornReadRetries;

    /// <summary>How often readers in this process read again after a failed integrity check under a live writer (diagnostics for tests).</summary>
    internal static int TornReadRetries => Volatile.Read(ref _tornReadRetries);

    /// <summary>
    /// A stamp of the store's files (sizes and write times of the data file and its log) that changes with every
    /// commit: a reader can keep its snapshot until the stamp moves (the dashboard does).
    /// </summary>
    public static string ChangeStamp(string path) => FileStamp.Of(path).ToString();

    /// <summary>Accepts either a store file or an experiment directory holding <c>trials.db</c>.</summary>
    public static string ResolveDatabasePath(string dirOrDb) =>
        Directory.Exists(dirOrDb) ? Path.Combine(dirOrDb, FileName) : dirOrDb;

    private static void TryDelete(string file)
    {
        try { File.Delete(file); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void RequireExisting(string path)
    {
        if (Directory.Exists(path)) throw new TrialStoreException($"{path}: is a directory; give the {FileName} file inside it");
        if (!File.Exists(path)) throw new TrialStoreException($"{path}: no such trial store");
    }

    private static LiteDbTrialStore OpenWritable(string path, WriterLock writerLock, TimeProvider clock,
        string? expectedConfigHash, bool force, ExperimentIdentity? identity)
    {
        var db = LiteDbFiles.OpenWriter(path);
        try
        {
            var state = LiteDbFiles.Guard(path, () => StoreLoader.Load(db, path));
            // LiteDB's auto-checkpoint would rewrite the data file at some commit under running readers; this store checkpoints itself.
            db.CheckpointSize = 0;
            var store = new LiteDbTrialStore(path, state, db, writerLock, clock);
            var stored = state.Experiment;
            if (expectedConfigHash is not null && expectedConfigHash != stored.ConfigHash)
            {
                if (!force)
                {
                    throw new TrialStoreException(
                        $"{path}: this experiment was created from a different configuration " +
                        $"(stored config hash {stored.ConfigHash[..Math.Min(12, stored.ConfigHash.Length)]}, given {expectedConfigHash[..Math.Min(12, expectedConfigHash.Length)]}); " +
                        "use a new experiment name, or pass --force to continue with the new configuration");
                }
                var id = identity ?? throw new ArgumentNullException(nameof(identity), "force needs the new identity");
                store.Write(w => w.Experiment = w.Experiment with
                {
                    Name = id.Name, ConfigYaml = id.ConfigYaml, ResolvedConfigYaml = id.ResolvedConfigYaml, ConfigHash = id.ConfigHash,
                });
            }
            store.RecoverInterrupted();
            // Fold whatever the previous writer left in the log into the data file, so the log starts empty.
            store.Checkpoint(FinalCheckpointWaits, always: true);
            return store;
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>A previous writer died: its running trials go back to the queue and a running experiment is marked interrupted.</summary>
    private void RecoverInterrupted()
    {
        var running = _state.Trials.Where(t => t.Status == TrialStatus.Running).ToList();
        if (running.Count == 0 && _state.Experiment.Status != ExperimentStatus.Running) return;
        Write(w =>
        {
            foreach (var t in running) PutTrial(w, t with { Status = TrialStatus.Queued, Worker = null });
            if (w.Experiment.Status == ExperimentStatus.Running) w.Experiment = w.Experiment with { Status = ExperimentStatus.Interrupted };
        });
        RequeuedAtOpen = running.Select(t => t.Id).ToList();
    }

    // ---- reading ---------------------------------------------------------------------------------------------

    /// <summary>
    /// The experiment. A read-only store reports a stored <c>running</c> as <c>interrupted</c> when no process holds
    /// the writer lock: a search killed outright never records that it stopped.
    /// </summary>
    public ExperimentInfo GetExperiment()
    {
        ExperimentInfo stored;
        lock (_gate) stored = _state.Experiment;
        return stored.Status == ExperimentStatus.Running && IsReadOnly && !WriterLock.IsHeld(Location)
            ? stored with { Status = ExperimentStatus.Interrupted }
            : stored;
    }

    public TrialRecord? GetTrial(int trialId)
    {
        lock (_gate) return trialId >= 1 && trialId <= _state.Trials.Count ? _state.Trials[trialId - 1] : null;
    }

    public IReadOnlyList<TrialRecord> ListTrials(TrialQuery query)
    {
        query.Validate();
        lock (_gate) return TrialOrdering.Apply(_state.Trials, query);
    }

    public TrialRecord? FindCompletedByArchHash(string archHash)
    {
        lock (_gate) return _state.Trials.FirstOrDefault(t => t.Status == TrialStatus.Completed && t.ArchHash == archHash);
    }

    public int Count(TrialStatus? status = null)
    {
        lock (_gate) return status is { } s ? _state.Trials.Count(t => t.Status == s) : _state.Trials.Count;
    }

    public StrategyCheckpoint? LatestCheckpoint()
    {
        lock (_gate) return _state.LatestCheckpoint;
    }

    public IReadOnlyList<RunRecord> ListRuns()
    {
        lock (_gate) return _state.Runs.ToList();
    }

    public IReadOnlyList<TrialRecord> FinishedUntold()
    {
        lock (_gate) return _state.Trials.Where(t => t.IsFinished && !t.Told).ToList();
    }

    // ---- writing ---------------------------------------------------------------------------------------------

    public void SetStatus(ExperimentStatus status) => Write(w => w.Experiment = w.Experiment with { Status = status });

    public void RecordRun(RunRecord run) => Write(w =>
    {
        run = run with { StartedAt = Millis(run.StartedAt) };
        var number = ++w.LastRun;
        w.Put(LiteDbSchema.Runs, number, StoreDocuments.Run(number, run), "run", () => _state.Runs.Add(run));
    });

    public IReadOnlyList<int> Enqueue(IReadOnlyList<TrialProposal> proposals, byte[] checkpointAfter)
    {
        ArgumentNullException.ThrowIfNull(proposals);
        ArgumentNullException.ThrowIfNull(checkpointAfter);
        var ids = new List<int>();
        Write(w =>
        {
            var now = Now();
            foreach (var p in proposals)
            {
                var id = w.Trials + 1;
                var trial = new TrialRecord(id, p.Decisions, p.ArchitectureJson, p.BlockString, p.ArchHash, TrialStatus.Queued,
                    null, null, null, null, null, null, null, null, null, null, null, null, null,
                    StartedAt: now, FinishedAt: null, CandidateId: p.CandidateId, Attempts: 0, Worker: null, Told: false,
                    SupernetAccuracy: p.SupernetAccuracy);
                if (p.DuplicateOf is { } o)
                {
                    // Only trials committed before this call can be originals: a trial queued in this batch is not completed.
                    var original = GetTrial(o) is { Status: TrialStatus.Completed } c ? c
                        : throw new InvalidOperationException($"trial {o} is not a completed trial and cannot be the original of a duplicate");
                    trial = trial with
                    {
                        Status = TrialStatus.Duplicate, DuplicateOf = o, Accuracy = original.Accuracy, ValLoss = original.ValLoss,
                        LatencyMs = original.LatencyMs, LatencyMode = original.LatencyMode, MeasuredLatencyMs = original.MeasuredLatencyMs, LatencyDevice = original.LatencyDevice,
                        Params = original.Params, Macs = original.Macs,
                        Reward = original.Reward, ImagesPerSec = original.ImagesPerSec, FinishedAt = now,
                    };
                }
                PutTrial(w, trial);
                ids.Add(id);
            }
            SaveCheckpoint(w, checkpointAfter);
        });
        return ids;
    }

    public void MarkTold(IReadOnlyList<int> trialIds, byte[] checkpointAfter)
    {
        ArgumentNullException.ThrowIfNull(trialIds);
        ArgumentNullException.ThrowIfNull(checkpointAfter);
        Write(w =>
        {
            foreach (var id in trialIds)
            {
                var t = GetTrial(id) ?? throw new InvalidOperationException($"trial {id} does not exist and cannot be told");
                if (!t.IsFinished) throw new InvalidOperationException($"trial {id} is {t.Status.ToDb()}, not finished, and cannot be told");
                if (!t.Told) PutTrial(w, t with { Told = true });
            }
            SaveCheckpoint(w, checkpointAfter);
        });
    }

    /// <summary>Nothing to do: a LiteDB store has one writer process, which re-queued every running trial when it opened.</summary>
    public IReadOnlyList<StaleTrial> RequeueStale(TimeSpan grace, int maxAttempts) => [];

    /// <summary>Only this process can work on a LiteDB store; it is live once it heartbeated within <paramref name="grace"/>.</summary>
    public IReadOnlyList<WorkerRecord> LiveWorkers(TimeSpan grace)
    {
        var now = _clock.GetUtcNow();
        lock (_gate)
        {
            return _heartbeats
                .Where(h => now - h.Value.At <= grace)
                .Select(h => new WorkerRecord(h.Key, h.Value.At, h.Value.Claim is { } c && IsCurrent(c) ? c.TrialId : null))
                .OrderBy(w => w.Worker, StringComparer.Ordinal)
                .ToList();
        }
    }

    public TrialClaim? Claim(string worker)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        lock (_gate)
        {
            var next = _state.Trials.FirstOrDefault(t => t.Status == TrialStatus.Queued);
            if (next is null) return null;
            var running = next with { Status = TrialStatus.Running, Attempts = next.Attempts + 1, Worker = worker };
            Write(w => PutTrial(w, running));
            return new TrialClaim(running.Id, running.Attempts, worker, running);
        }
    }

    /// <summary>Records the heartbeat in memory (one process: nobody else reads it). False when the claim is no longer current.</summary>
    public bool Heartbeat(string worker, TrialClaim? claim)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        lock (_gate)
        {
            _heartbeats[worker] = (_clock.GetUtcNow(), claim);
            return claim is null || IsCurrent(claim);
        }
    }

    public void Report(TrialClaim claim, TrialOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(outcome);
        if ((outcome.Metrics is null) == (outcome.Error is null))
            throw new ArgumentException("a trial outcome has either metrics (completed) or an error (failed), not both or neither", nameof(outcome));
        if (outcome.Metrics is { } m) MetricsRules.Validate(m);
        lock (_gate)
        {
            var t = GetTrial(claim.TrialId) ?? throw new InvalidOperationException($"trial {claim.TrialId} does not exist");
            if (!IsCurrent(claim))
            {
                throw new ClaimLostException(
                    $"{Location}: trial {claim.TrialId} attempt {claim.Attempt} by {claim.Worker} is no longer current " +
                    $"(the trial is {t.Status.ToDb()}, attempt {t.Attempts}{(t.Worker is null ? "" : $" by {t.Worker}")}); its result is refused");
            }
            var now = Now();
            var finished = outcome.Metrics is { } x
                ? t with
                {
                    Status = TrialStatus.Completed, Accuracy = x.Accuracy, ValLoss = x.ValLoss, LatencyMs = x.LatencyMs, LatencyMode = x.LatencyMode,
                    MeasuredLatencyMs = x.MeasuredLatencyMs, LatencyDevice = x.LatencyDevice,
                    Params = x.Params, Macs = x.Macs, Reward = x.Reward, TrainSeconds = x.TrainSeconds, LatencySeconds = x.LatencySeconds,
                    ImagesPerSec = x.ImagesPerSec, TrainingCurveJson = x.TrainingCurveJson, FinishedAt = now,
                }
                : t with { Status = TrialStatus.Failed, Error = outcome.Error, FinishedAt = now };
            Write(w => PutTrial(w, finished));
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_db is null) return;
            try
            {
                // Leave one self-contained file: trials.db alone holds everything once the log is folded in (LiteDB
                // deletes the empty log on dispose).
                Checkpoint(FinalCheckpointWaits, always: true);
            }
            finally
            {
                _logSync.Dispose();
                _db.Dispose();
                _lock?.Dispose();
            }
        }
    }

    private bool IsCurrent(TrialClaim claim) =>
        GetTrial(claim.TrialId) is { Status: TrialStatus.Running } t && t.Attempts == claim.Attempt && t.Worker == claim.Worker;

    private void PutTrial(StoreWrite w, TrialRecord trial)
    {
        if (trial.Id == w.Trials + 1) w.Trials = trial.Id;
        w.Put(LiteDbSchema.Trials, trial.Id, StoreDocuments.Trial(trial), "trial", () =>
        {
            if (trial.Id == _state.Trials.Count + 1) _state.Trials.Add(trial);
            else _state.Trials[trial.Id - 1] = trial;
        });
    }

    /// <summary>Adds a checkpoint under the next number and deletes all but the <see cref="CheckpointsKept"/> newest.</summary>
    private void SaveCheckpoint(StoreWrite w, byte[] blob)
    {
        var number = ++w.LastCheckpoint;
        var checkpoint = new StrategyCheckpoint(w.Trials, blob.ToArray(), Now());
        // A blob larger than a part goes in parts of its own documents (LiteDB refuses documents over 16 MB).
        var parts = blob.Length > LiteDbSchema.CheckpointPartBytes ? (blob.Length + LiteDbSchema.CheckpointPartBytes - 1) / LiteDbSchema.CheckpointPartBytes : 0;
        if (parts > LiteDbSchema.MaxCheckpointParts) throw new InvalidOperationException($"a checkpoint of {blob.Length} bytes is larger than the store holds");
        for (var i = 0; i < parts; i++)
        {
            var offset = i * LiteDbSchema.CheckpointPartBytes;
            var bytes = blob.AsSpan(offset, Math.Min(LiteDbSchema.CheckpointPartBytes, blob.Length - offset)).ToArray();
            w.Put(LiteDbSchema.CheckpointParts, number * LiteDbSchema.MaxCheckpointParts + i, StoreDocuments.CheckpointPart(number, i, bytes), "checkpoint-part", () => { });
        }
        w.Put(LiteDbSchema.Checkpoints, number, StoreDocuments.Checkpoint(number, checkpoint, parts), "checkpoint", () =>
        {
            _state.CheckpointNumbers.Add(number);
            _state.CheckpointParts[number] = parts;
            _state.LatestCheckpoint = checkpoint;
        });
        foreach (var old in _state.CheckpointNumbers.Take(Math.Max(0, _state.CheckpointNumbers.Count + 1 - CheckpointsKept)).ToList())
        {
            for (var i = 0; i < _state.CheckpointParts.GetValueOrDefault(old); i++)
            {
                var id = old * LiteDbSchema.MaxCheckpointParts + i;
                w.Delete(LiteDbSchema.CheckpointParts, id, new BsonValue(id), "checkpoint-prune", () => { });
            }
            w.Delete(LiteDbSchema.Checkpoints, old, new BsonValue(old), "checkpoint-prune", () =>
            {
                _state.CheckpointNumbers.Remove(old);
                _state.CheckpointParts.Remove(old);
            });
        }
    }

    /// <summary>Runs <paramref name="body"/> and the metadata update as one LiteDB transaction; any exception rolls all of it back.</summary>
    private void Write(Action<StoreWrite> body)
    {
        if (_db is null) throw new InvalidOperationException($"{Location} was opened read-only");
        lock (_gate)
        {
            var write = new StoreWrite(_db, _state, BeforeWriteStep);
            if (!_db.BeginTrans()) throw new InvalidOperationException("a store transaction is already open on this thread");
            StoreHead head;
            try
            {
                body(write);
                var experiment = write.Experiment with { UpdatedAt = Now() };
                write.Put(LiteDbSchema.Experiment, 1, StoreDocuments.Experiment(experiment), "experiment", () => _state.Experiment = experiment);
                head = write.WriteHead();
                _db.Commit();
            }
            catch
            {
                _db.Rollback();
                throw;
            }
            write.Apply(head);
            _logSync.Flush();
            CheckpointIfLogIsLarge();
        }
    }

    private void CheckpointIfLogIsLarge()
    {
        var log = new FileInfo(LiteDbFiles.LogPath(Location));
        if (log.Exists && log.Length > CheckpointLogBytes) Checkpoint(PeriodicCheckpointWaits, always: false);
    }

    /// <summary>Folds the log into the data file while no reader loads (see <see cref="CheckpointGate"/>).</summary>
    private void Checkpoint(TimeSpan wait, bool always)
    {
        using var gate = CheckpointGate.EnterCheckpoint(Location, wait);
        if (gate is null && !always) return;
        _db!.Checkpoint();
    }

    private DateTimeOffset Now() => Millis(_clock.GetUtcNow());

    /// <summary>Timestamps are stored in UTC with milliseconds; memory holds the same value, so a reopen reads what a writer shows.</summary>
    private static DateTimeOffset Millis(DateTimeOffset t) =>
        new(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
