using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>Typed, named access to a stored document's fields; a missing field or a wrong type names both.</summary>
internal readonly struct FieldReader(BsonDocument doc, string collection)
{
    public int Int(string f) => Get(f, BsonType.Int32).AsInt32;

    public long Long(string f) => Get(f, BsonType.Int64).AsInt64;

    public bool Bool(string f) => Get(f, BsonType.Boolean).AsBoolean;

    public string String(string f) => Get(f, BsonType.String).AsString;

    public byte[] Binary(string f) => Get(f, BsonType.Binary).AsBinary;

    public BsonDocument Document(string f) => Get(f, BsonType.Document).AsDocument;

    public int[] IntArray(string f)
    {
        var array = Get(f, BsonType.Array).AsArray;
        var result = new int[array.Count];
        for (var i = 0; i < result.Length; i++) result[i] = array[i].IsInt32 ? array[i].AsInt32 : throw Bad(f, "an array of int32");
        return result;
    }

    public DateTimeOffset Time(string f)
    {
        var text = String(f);
        try { return Timestamps.FromDb(text); }
        catch (FormatException) { throw Bad(f, "a UTC timestamp like 2026-11-22T04:45:26.123Z"); }
    }

    public DateTimeOffset? NullableTime(string f) => IsNull(f) ? null : Time(f);

    public double? NullableDouble(string f) => IsNull(f) ? null : Get(f, BsonType.Double).AsDouble;

    public long? NullableLong(string f) => IsNull(f) ? null : Long(f);

    public int? NullableInt(string f) => IsNull(f) ? null : Int(f);

    public string? NullableString(string f) => IsNull(f) ? null : String(f);

    public TrialStatus TrialStatus(string f)
    {
        var text = String(f);
        var i = StatusNames.TrialStatuses.ToList().IndexOf(text);
        return i >= 0 ? (TrialStatus)i : throw Bad(f, $"one of {string.Join(", ", StatusNames.TrialStatuses)}");
    }

    public ExperimentStatus ExperimentStatus(string f) =>
        Enum.TryParse<ExperimentStatus>(String(f), ignoreCase: true, out var s) && String(f) == s.ToDb()
            ? s
            : throw Bad(f, "one of " + string.Join(", ", Enum.GetValues<ExperimentStatus>().Select(x => x.ToDb())));

    private bool IsNull(string f) => Raw(f).IsNull;

    private BsonValue Get(string f, BsonType type)
    {
        var v = Raw(f);
        return v.Type == type ? v : throw Bad(f, type.ToString().ToLowerInvariant());
    }

    private BsonValue Raw(string f) =>
        doc.TryGetValue(f, out var v) ? v : throw new InvalidDataException($"{Where()}: field '{f}' is missing");

    private InvalidDataException Bad(string f, string expected) =>
        new($"{Where()}: field '{f}' should be {expected}, found {Describe(doc.TryGetValue(f, out var v) ? v : BsonValue.Null)}");

    private string Where() => doc.TryGetValue("_id", out var id) && !id.IsNull ? $"{collection} {id.RawValue}" : collection;

    private static string Describe(BsonValue v) => v.IsString ? $"'{v.AsString}'" : v.Type.ToString().ToLowerInvariant();
}
