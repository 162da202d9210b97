using System.Text.Json;
using Npgsql;

namespace NasLab.Search.Store.Postgres;

/// <summary>Maps rows of the naslab_* tables to records; column lists and readers stay side by side here.</summary>
internal static class PostgresRows
{
    public const string TrialColumns =
        "id, decisions, architecture, block_string, arch_hash, status, accuracy, val_loss, latency_ms, latency_mode, " +
        "params, macs, reward, train_seconds, latency_seconds, images_per_sec, training_curve, error, duplicate_of, " +
        "started_at, finished_at, candidate_id, attempts, worker, told, measured_latency_ms, latency_device, supernet_accuracy";

    public static TrialRecord Trial(NpgsqlDataReader r) => new(
        Id: r.GetInt32(0),
        Decisions: JsonSerializer.Deserialize<int[]>(r.GetString(1)) ?? [],
        ArchitectureJson: r.GetString(2),
        BlockString: r.GetString(3),
        ArchHash: r.GetString(4),
        Status: StatusNames.ParseTrialStatus(r.GetString(5)),
        Accuracy: Double(r, 6),
        ValLoss: Double(r, 7),
        LatencyMs: Double(r, 8),
        LatencyMode: Text(r, 9),
        Params: Long(r, 10),
        Macs: Long(r, 11),
        Reward: Double(r, 12),
        TrainSeconds: Double(r, 13),
        LatencySeconds: Double(r, 14),
        ImagesPerSec: Double(r, 15),
        TrainingCurveJson: Text(r, 16),
        Error: Text(r, 17),
        DuplicateOf: r.IsDBNull(18) ? null : r.GetInt32(18),
        StartedAt: Time(r, 19),
        FinishedAt: r.IsDBNull(20) ? null : Time(r, 20),
        CandidateId: r.GetInt64(21),
        Attempts: r.GetInt32(22),
        Worker: Text(r, 23),
        Told: r.GetBoolean(24),
        MeasuredLatencyMs: Double(r, 25),
        LatencyDevice: Text(r, 26),
        SupernetAccuracy: Double(r, 27));

    public const string ExperimentColumns =
        "name, config_yaml, config_resolved, config_hash, created_at, updated_at, status, naslab_version, " +
        "dataset_name, dataset_train_records, dataset_test_records, dataset_sha256";

    public static ExperimentInfo Experiment(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4), Time(r, 5),
        StatusNames.ParseExperimentStatus(r.GetString(6)), r.GetString(7),
        new DatasetIdentity(r.GetString(8), r.GetInt32(9), r.GetInt32(10), r.GetString(11)));

    public const string RunColumns =
        "role, process, started_at, naslab_version, torchsharp_version, libtorch_version, onnxruntime_version, torch_threads, " +
        "logical_cores, os, dataset_name, dataset_train_records, dataset_test_records, dataset_sha256";

    public static RunRecord Run(NpgsqlDataReader r) => new(
        r.GetString(0), r.GetString(1), Time(r, 2), r.GetString(3), r.GetString(4), r.GetString(5), r.GetString(6),
        r.GetInt32(7), r.GetInt32(8), r.GetString(9), new DatasetIdentity(r.GetString(10), r.GetInt32(11), r.GetInt32(12), r.GetString(13)));

    public static DateTimeOffset Time(NpgsqlDataReader r, int i) =>
        new(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc)); // timestamptz reads as UTC

    /// <summary>Npgsql writes timestamptz only from UTC values.</summary>
    public static DateTime ToDb(DateTimeOffset t) => t.UtcDateTime;

    private static double? Double(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetDouble(i);

    private static long? Long(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetInt64(i);

    private static string? Text(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);
}
