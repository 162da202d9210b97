namespace NasLab.SearchSpace.Architecture;

/// <summary>
/// The one spelling of each <see cref="Activation"/>, used by the JSON form (the enum's attributes), the
/// architecture strings, the search-space choice lists and the experiment file's overrides.
/// </summary>
public static class ActivationNames
{
    public const string Linear = "linear";
    public const string ReLU = "relu";
    public const string ReLU6 = "relu6";
    public const string Swish = "swish";
    public const string HardSwish = "hswish";

    /// <summary>Every activation with its name, nonlinearities first (the order shown to users).</summary>
    public static IReadOnlyList<(Activation Activation, string Name)> All { get; } =
        [(Activation.ReLU, ReLU), (Activation.ReLU6, ReLU6), (Activation.Swish, Swish), (Activation.HardSwish, HardSwish), (Activation.None, Linear)];

    /// <summary>The nonlinearities a search space may choose between (linear is only the bottleneck's fixed projection).</summary>
    public static IReadOnlyDictionary<string, Activation> Choosable { get; } =
        All.Where(a => a.Activation != Activation.None).ToDictionary(a => a.Name, a => a.Activation);

    public static string NameOf(Activation activation) => All.First(a => a.Activation == activation).Name;
}
