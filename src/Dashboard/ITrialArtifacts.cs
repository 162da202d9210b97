using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Dashboard;

/// <summary>
/// What the dashboard shows of a trial but does not make itself: the block diagram and the C# and ONNX exports.
/// The <c>naslab</c> command supplies them (its report and export code), so the page shows and downloads exactly
/// what <c>naslab report</c> and <c>naslab export</c> produce.
/// </summary>
public interface ITrialArtifacts
{
    /// <summary>The block diagram as SVG markup, or null for networks without one (cell networks).</summary>
    string? DiagramSvg(NetworkArchitecture net);

    /// <summary>An export of the trial's network: <c>csharp</c> or <c>onnx</c>.</summary>
    TrialDownload Export(string experiment, TrialRecord trial, NetworkArchitecture net, string format);
}

/// <summary>A file the browser downloads.</summary>
public sealed record TrialDownload(string FileName, string ContentType, byte[] Content);
