using System.Text;

namespace NasLab.Cli.Export;

/// <summary>
/// C# class names for exported networks: "mnasnet-a1" -> <c>MnasNetA1</c>, experiment "quickstart" trial 12 ->
/// <c>QuickstartTrial12</c>, "mobilenet-v1-0.5-cifar" -> <c>MobileNetV1_0_5Cifar</c> (an underscore keeps
/// adjacent numbers apart, so "v1-0.5" does not read as "V10.5").
/// </summary>
public static class ClassNames
{
    // Family names have an internal capital that plain PascalCase would lose.
    private static readonly Dictionary<string, string> KnownWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["mnasnet"] = "MnasNet", ["mobilenet"] = "MobileNet", ["mixnet"] = "MixNet",
        ["efficientnet"] = "EfficientNet", ["nasnet"] = "NasNet",
    };

    /// <summary>Names the generated file uses itself; a network class with one of them would not compile.</summary>
    private static readonly HashSet<string> Reserved =
    [
        // TorchSharp names the file uses unqualified.
        "System", "TorchSharp", "Tensor", "Module", "Conv2d", "BatchNorm2d", "Linear", "Dropout", "Sequential", "ModuleList", "ModuleDict",
        // Helper types nested in generated classes.
        "Activation", "Gate", "Shortcut", "ClassifierKind", "ConvBnAct", "DepthwiseBnAct", "MixConv", "SqueezeExcite",
        "Block", "MBConvBlock", "SeparableBlock", "ConvBlock", "Stage", "StageList", "ClassifierHead",
        "CellOp", "CellBlock", "CellGenotype", "Shape", "ConvBn", "ReluConvBn", "FactorizedReduction", "SeparableConvBn",
        "CellOperation", "CellBlockOps", "Cell", "CellHead",
    ];

    public static string ForZoo(string zooName) => FromWords(zooName);

    public static string ForTrial(string experimentName, int trialId) => FromWords(experimentName) + "Trial" + trialId;

    /// <summary>PascalCase from the letters and digits of <paramref name="text"/>; never empty, never starts with a digit.</summary>
    public static string FromWords(string text)
    {
        var words = SplitWords(text);
        var sb = new StringBuilder();
        foreach (var word in words)
        {
            if (sb.Length > 0 && char.IsDigit(sb[^1]) && char.IsDigit(word[0])) sb.Append('_');
            sb.Append(KnownWords.TryGetValue(word, out var known) ? known : char.ToUpperInvariant(word[0]) + word[1..]);
        }
        var name = sb.ToString();
        if (name.Length == 0 || char.IsDigit(name[0])) name = "Net" + name;
        return Reserved.Contains(name) ? name + "Net" : name;
    }

    private static List<string> SplitWords(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var ch in text)
        {
            // ASCII only: the name must be a valid identifier in any C# file encoding.
            if (char.IsAsciiLetterOrDigit(ch)) { current.Append(ch); continue; }
            if (current.Length > 0) { words.Add(current.ToString()); current.Clear(); }
        }
        if (current.Length > 0) words.Add(current.ToString());
        return words;
    }
}
