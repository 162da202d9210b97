using NasLab.Search.Store;

namespace NasLab.Dashboard.Api;

/// <summary>A trial as a row of the trials table: the store's field names, the numbers as stored.</summary>
internal static class TrialJson
{
    public static Dictionary<string, object?> Row(TrialRecord t) => new()
    {
        ["id"] = t.Id,
        ["status"] = t.Status.ToDb(),
        ["accuracy"] = t.Accuracy,
        ["latency_ms"] = t.LatencyMs,
        ["latency_mode"] = t.LatencyMode,
        ["latency_device"] = t.LatencyDevice,
        ["reward"] = t.Reward,
        ["supernet_accuracy"] = t.SupernetAccuracy,
        ["params"] = t.Params,
        ["macs"] = t.Macs,
        ["train_seconds"] = t.TrainSeconds,
        ["worker"] = t.Worker,
        ["duplicate_of"] = t.DuplicateOf,
        ["block_string"] = t.BlockString,
        ["error"] = t.Error,
    };
}
