using NasLab.Cli.Export;
using NasLab.Cli.Reports;
using NasLab.Dashboard;
using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Cli.Commands;

/// <summary>The dashboard's diagrams and downloads, made by the same code as <c>naslab report</c> and <c>naslab export</c>.</summary>
internal sealed class DashboardArtifacts : ITrialArtifacts
{
    public string? DiagramSvg(NetworkArchitecture net) => net is BlockNetwork blocks ? ArchitectureDiagram.RenderStandalone(blocks).ToString() : null;

    public TrialDownload Export(string experiment, TrialRecord trial, NetworkArchitecture net, string format)
    {
        var className = ClassNames.ForTrial(experiment, trial.Id);
        return format switch
        {
            "csharp" => new TrialDownload($"{className}.cs", "text/plain; charset=utf-8",
                System.Text.Encoding.UTF8.GetBytes(CSharpModelGenerator.Generate(net, className, $"trial {trial.Id} of experiment '{experiment}'"))),
            "onnx" => new TrialDownload($"{experiment}-trial{trial.Id}.onnx", "application/octet-stream", OnnxModelExport.Export(net, weightsPath: null)),
            _ => throw new ArgumentException($"format '{format}' is not an export format; allowed: {string.Join(", ", ExportCommand.Formats)}"),
        };
    }
}
