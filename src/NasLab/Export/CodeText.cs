using System.Globalization;
using NasLab.SearchSpace.Architecture;

namespace NasLab.Cli.Export;

/// <summary>How numbers, activations and sizes are spelled in generated C#.</summary>
internal static class CodeText
{
    public static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Int(int v) => v.ToString(Inv);
    /// <summary>Round-trip text of a double, always a valid C# double literal.</summary>
    public static string Num(double v) => v.ToString("R", Inv);
    public static string Act(Activation a) => "Activation." + a;
    public static string K(int k) => $"{k}x{k}";
    public static string Px(int from, int to) => $"{from} -> {to} px";
    /// <summary>"Same" padding output side.</summary>
    public static int Out(int side, int stride) => (side + stride - 1) / stride;
    public static string Xml(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
