using System.Text.Json.Serialization;

namespace NasLab.Evaluator.Training;

/// <summary>
/// How a training run ended. Not a trial's life cycle (queued, running, completed, ...): that is the store's
/// <c>NasLab.Search.Store.TrialStatus</c>; one trial may train more than once, each run with its own outcome.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingOutcome>))]
public enum TrainingOutcome
{
    /// <summary>Trained to the end of its budget (epochs or time limit) and scored.</summary>
    [JsonStringEnumMemberName("completed")] Completed,
    /// <summary>Stopped because the child cannot be trained (divergence, invalid architecture, engine error); see the failure reason.</summary>
    [JsonStringEnumMemberName("failed")] Failed,
    /// <summary>Stopped after the current step because cancellation was requested; not scored.</summary>
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}
