using NasLab.Search.Store;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Dashboard.Tests.Support;

/// <summary>For servers whose tests download no diagram or export.</summary>
internal sealed class NoArtifacts : ITrialArtifacts
{
    public string? DiagramSvg(NetworkArchitecture net) => null;
    public TrialDownload Export(string experiment, TrialRecord trial, NetworkArchitecture net, string format) => throw new NotSupportedException();
}
