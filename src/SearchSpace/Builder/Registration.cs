using static TorchSharp.torch;

namespace NasLab.SearchSpace.Builder;

/// <summary>Registers children under the cost model's names and hands them back, for one-line member setup.</summary>
internal static class Registration
{
    public static T Register<T>(this nn.Module parent, string name, T child) where T : nn.Module
    {
        parent.register_module(name, child);
        return child;
    }

    /// <summary>Children named by index ("stages.3.1"), as PyTorch's ModuleList names them.</summary>
    public static T Register<T>(this nn.Module parent, int index, T child) where T : nn.Module =>
        parent.Register(index.ToString(System.Globalization.CultureInfo.InvariantCulture), child);
}

/// <summary>
/// A module that only groups named children ("stages", "blocks.0", "path1"), so parameter names
/// match the cost model's; it is never called itself.
/// </summary>
internal sealed class ChildGroup() : nn.Module(nameof(ChildGroup))
{
    protected override void RegisterComponents() { }
}
