using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using NasLab.Search.Store;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab trials --format csv|json</c>: every trial as one row / object with the store's column names, for
/// pandas (<c>pd.read_csv</c>, <c>pd.read_json</c>) and spreadsheets. CSV follows RFC 4180 (fields with commas,
/// quotes or line breaks are quoted), numbers use invariant culture and round-trip, missing values are empty.
/// JSON is one array; the architecture and training curve are nested JSON, not strings.
/// </summary>
internal static class TrialExport
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "json"];

    private static readonly string[] Columns =
    [
        "id", "status", "accuracy", "val_loss", "latency_ms", "latency_mode", "measured_latency_ms", "latency_device", "params", "macs", "reward",
        "supernet_accuracy", "train_seconds", "latency_seconds", "images_per_sec", "duplicate_of", "attempts", "worker", "error",
        "arch_hash", "block_string", "decisions", "started_at", "finished_at",
    ];

    public static void Write(TextWriter output, IReadOnlyList<TrialRecord> trials, string format)
    {
        if (format == "csv") WriteCsv(output, trials);
        else if (format == "json") WriteJson(output, trials);
        else throw new UserErrorException($"--format: '{format}' is not a format; allowed values: table, {string.Join(", ", Formats)}");
    }

    private static object?[] Values(TrialRecord t) =>
    [
        t.Id, t.Status.ToDb(), t.Accuracy, t.ValLoss, t.LatencyMs, t.LatencyMode, t.MeasuredLatencyMs, t.LatencyDevice, t.Params, t.Macs, t.Reward,
        t.SupernetAccuracy, t.TrainSeconds, t.LatencySeconds, t.ImagesPerSec, t.DuplicateOf, t.Attempts, t.Worker, t.Error,
        t.ArchHash, t.BlockString, JsonSerializer.Serialize(t.Decisions), Time(t.StartedAt), t.FinishedAt is { } f ? Time(f) : null,
    ];

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private static void WriteCsv(TextWriter output, IReadOnlyList<TrialRecord> trials)
    {
        output.Write(string.Join(',', Columns));
        output.Write("\r\n");
        foreach (var t in trials)
        {
            output.Write(string.Join(',', Values(t).Select(Field)));
            output.Write("\r\n");
        }
    }

    private static string Field(object? value)
    {
        var text = value switch
        {
            null => "",
            double d => d.ToString("R", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{text.Replace("\"", "\"\"")}\"" : text;
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<TrialRecord> trials)
    {
        var array = new JsonArray();
        foreach (var t in trials)
        {
            var row = new JsonObject();
            var values = Values(t);
            for (int i = 0; i < Columns.Length; i++)
            {
                row[Columns[i]] = Columns[i] == "decisions" ? JsonNode.Parse((string)values[i]!) : JsonValue(values[i]);
            }
            row["architecture"] = JsonNode.Parse(t.ArchitectureJson);
            row["training_curve"] = t.TrainingCurveJson is { } curve ? JsonNode.Parse(curve) : null;
            array.Add(row);
        }
        output.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonNode? JsonValue(object? value) => value switch
    {
        null => null,
        int i => i,
        long l => l,
        double d => d,
        string s => s,
        _ => value.ToString(),
    };
}
