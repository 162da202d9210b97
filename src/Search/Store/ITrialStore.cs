namespace NasLab.Search.Store;

/// <summary>
/// An experiment's writable store: the trial queue between the strategy's owner (the coordinator, or a
/// local search) and the processes that evaluate trials (workers, or the local search itself).
/// <para>
/// Life of a trial: <c>queued</c> (written with the strategy checkpoint taken after the Ask that proposed it)
/// → <c>running</c> (claimed by one worker, which heartbeats) → <c>completed</c> / <c>failed</c> (reported by
/// that worker) → told (the owner gave the result to the strategy and saved its state in the same
/// transaction). A <c>duplicate</c> is finished when queued. So the latest checkpoint always agrees with
/// the trials: every trial not yet told is pending in it, every told trial is reflected in it, and a crash of
/// any process at any instant loses at most the work in flight.
/// </para>
/// </summary>
public interface ITrialStore : ITrialReader
{
    void SetStatus(ExperimentStatus status);

    /// <summary>Records a process that runs against this experiment (versions, threads, data identity).</summary>
    void RecordRun(RunRecord run);

    // ---- the strategy's owner -------------------------------------------------------------------------

    /// <summary>
    /// In one transaction: adds the proposed trials (numbered on from the highest so far; a proposal with
    /// <see cref="TrialProposal.DuplicateOf"/> is stored finished as <c>duplicate</c> with the original's
    /// metrics) and the strategy checkpoint taken after proposing them. Returns the new trial numbers in order.
    /// </summary>
    IReadOnlyList<int> Enqueue(IReadOnlyList<TrialProposal> proposals, byte[] checkpointAfter);

    /// <summary>Finished trials (completed, failed, duplicate) whose result the strategy has not been told, by trial number.</summary>
    IReadOnlyList<TrialRecord> FinishedUntold();

    /// <summary>In one transaction: marks <paramref name="trialIds"/> told and stores the checkpoint taken after telling them.</summary>
    void MarkTold(IReadOnlyList<int> trialIds, byte[] checkpointAfter);

    /// <summary>
    /// Puts running trials whose worker stopped heartbeating more than <paramref name="grace"/> ago back in the
    /// queue, or fails them with the reason once they have been attempted <paramref name="maxAttempts"/> times.
    /// Returns what it did. A store with one writer process (LiteDB) re-queues every running trial when opened
    /// for writing, since no other process can be running them, and returns nothing here.
    /// </summary>
    IReadOnlyList<StaleTrial> RequeueStale(TimeSpan grace, int maxAttempts);

    // ---- workers ----------------------------------------------------------------------------------------

    /// <summary>
    /// Claims the lowest-numbered queued trial for <paramref name="worker"/> (never one another worker holds),
    /// marking it running with a new attempt number; null when the queue is empty.
    /// </summary>
    TrialClaim? Claim(string worker);

    /// <summary>
    /// Keeps a claim alive (and registers <paramref name="worker"/> as live, with or without a claim).
    /// Returns false when the claim was lost (expired and re-queued): the worker should abandon the trial.
    /// </summary>
    bool Heartbeat(string worker, TrialClaim? claim);

    /// <summary>
    /// Stores the outcome of a claimed trial. Throws <see cref="ClaimLostException"/> when the claim is no longer
    /// the trial's current one (it expired and was re-queued or re-claimed): a late result is refused.
    /// </summary>
    void Report(TrialClaim claim, TrialOutcome outcome);
}
