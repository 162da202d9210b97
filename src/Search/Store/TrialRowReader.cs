using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NasLab.Search.Store;

/// <summary>Maps rows of table <c>trials</c> to <see cref="TrialRecord"/>.</summary>
internal static class TrialRowReader
{
    public const string Columns =
        "id, decisions, architecture, block_string, arch_hash, status, accuracy, val_loss, latency_ms, latency_mode, " +
        "params, macs, reward, train_seconds, latency_seconds, images_per_sec, training_curve, error, duplicate_of, " +
        "started_at, finished_at";

    public static TrialRecord Read(SqliteDataReader r) => new(
        Id: r.GetInt32(0),
        Decisions: JsonSerializer.Deserialize<int[]>(r.GetString(1)) ?? [],
        ArchitectureJson: r.GetString(2),
        BlockString: r.GetString(3),
        ArchHash: r.GetString(4),
        Status: StatusNames.ParseTrialStatus(r.GetString(5)),
        Accuracy: Double(r, 6),
        ValLoss: Double(r, 7),
        LatencyMs: Double(r, 8),
        LatencyMode: r.IsDBNull(9) ? null : r.GetString(9),
        Params: Long(r, 10),
        Macs: Long(r, 11),
        Reward: Double(r, 12),
        TrainSeconds: Double(r, 13),
        LatencySeconds: Double(r, 14),
        ImagesPerSec: Double(r, 15),
        TrainingCurveJson: r.IsDBNull(16) ? null : r.GetString(16),
        Error: r.IsDBNull(17) ? null : r.GetString(17),
        DuplicateOf: r.IsDBNull(18) ? null : r.GetInt32(18),
        StartedAt: Timestamps.FromDb(r.GetString(19)),
        FinishedAt: r.IsDBNull(20) ? null : Timestamps.FromDb(r.GetString(20)),
        CandidateId: 0, Attempts: 1, Worker: null, Told: true);

    private static double? Double(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static long? Long(SqliteDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);
}
