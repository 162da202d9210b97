using System.Text.Json;
using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Json;

namespace NasLab.Dashboard.Api;

/// <summary>The trial page: every stored field, the block diagram, the training curve, and what can be downloaded.</summary>
internal static class TrialDetailData
{
    public static object Build(TrialRecord t, ITrialArtifacts artifacts)
    {
        var net = TryParse(t.ArchitectureJson);
        string? diagram = null;
        if (net is not null)
        {
            try { diagram = artifacts.DiagramSvg(net); }
            catch (Exception e) when (e is NotSupportedException or ArgumentException or InvalidOperationException) { diagram = null; }
        }
        return new
        {
            trial = t,
            row = TrialJson.Row(t),
            diagram_svg = diagram,
            training_curve = Curve(t.TrainingCurveJson),
            downloads = net is null ? [] : new[] { "csharp", "onnx" },
        };
    }

    // A diverged curve holds NaN, which JSON has no token for: such a curve is shown as missing rather than failing the page.
    private static JsonElement? Curve(string? json)
    {
        if (json is null) return null;
        try { return JsonDocument.Parse(json).RootElement.Clone(); }
        catch (JsonException) { return null; }
    }

    public static NetworkArchitecture? TryParse(string json)
    {
        try { return ArchitectureJson.Deserialize(json); }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException) { return null; }
    }
}
