using System.Globalization;
using System.Xml.Linq;

namespace NasLab.Cli.Reports;

/// <summary>
/// Element builders for the report. The page is built as an XML tree (XHTML with inline SVG), so text is
/// always escaped and the output is well-formed by construction; browsers read it as ordinary HTML.
/// </summary>
internal static class ReportMarkup
{
    public static readonly XNamespace Xhtml = "http://www.w3.org/1999/xhtml";
    public static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    // HTML parsers ignore "/>" on non-void elements ("<div/>" opens a div), so those always get a closing tag.
    private static readonly HashSet<string> VoidElements = ["meta", "br", "hr", "img", "col", "link", "input"];

    public static XElement H(string name, params object?[] content)
    {
        var e = new XElement(Xhtml + name, content);
        if (!VoidElements.Contains(name) && e.IsEmpty) e.Add(string.Empty);
        return e;
    }

    public static XElement S(string name, params object?[] content) => new(Svg + name, content);

    public static XAttribute A(string name, object value) => new(name, value is double d ? F(d) : value);

    /// <summary>Coordinates with two decimals, invariant culture: short files, no locale commas.</summary>
    public static string F(double v) => Math.Round(v, 2).ToString("0.##", CultureInfo.InvariantCulture);

    public static XElement Text(double x, double y, string text, string? cssClass = null, string anchor = "start") =>
        S("text", A("x", x), A("y", y), A("text-anchor", anchor), cssClass is null ? null : A("class", cssClass), text);

    public static XElement Line(double x1, double y1, double x2, double y2, string cssClass) =>
        S("line", A("x1", x1), A("y1", y1), A("x2", x2), A("y2", y2), A("class", cssClass));

    /// <summary>An SVG that scales down with the page but keeps its aspect ratio.</summary>
    public static XElement SvgRoot(double width, double height, string label, params object?[] content) =>
        S("svg", A("viewBox", $"0 0 {F(width)} {F(height)}"), A("width", width), A("height", height),
            A("role", "img"), A("aria-label", label), content);
}
