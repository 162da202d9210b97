using NasLab.Search.Store.LiteDb;
using System.Xml.Linq;
using System.Xml;
using NasLab.Cli.Commands;
using NasLab.Search.Store;
using NasLab.Tests.Export;
using NasLab.Tests.Support;

namespace NasLab.Tests.Reports;

/// <summary><c>naslab report</c>: a self-contained, well-formed page whose charts and tables show the right trials.</summary>
public sealed class HtmlReportTests : IDisposable
{
    private static readonly XNamespace Html = "http://www.w3.org/1999/xhtml";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (XDocument Page, string Text) Report(Action<ITrialStore> fill, string name = "report.html")
    {
        var db = _dir.File("exp/trials.db");
        using (var store = LiteDbTrialStore.Create(db, Samples.Identity with { Name = "quickstart" })) fill(store);
        var file = _dir.File(name);
        var (code, stdout, stderr) = NasLabCli.Run("report", db, "-o", file);
        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
        Assert.Contains(file, stdout);
        var text = File.ReadAllText(file);
        // Parsing as XML is the well-formedness check; the HTML5 doctype is the only DTD and is skipped.
        using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore });
        return (XDocument.Load(reader), text);
    }

    private static XElement ById(XDocument page, string id) =>
        page.Descendants().Single(e => (string?)e.Attribute("id") == id);

    private static int[] Trials(IEnumerable<XElement> elements) =>
        elements.Select(e => (int)e.Attribute("data-trial")!).ToArray();

    [Fact]
    public void Scatter_shows_every_completed_trial_and_highlights_exactly_the_Pareto_front()
    {
        var (page, _) = Report(ReportSamples.FillHandMade);

        var circles = ById(page, "pareto").Descendants(Svg + "circle").ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8], Trials(circles).Order());
        Assert.Equal(ReportSamples.ParetoFront, Trials(circles.Where(c => (string?)c.Attribute("class") == "pareto")));
    }

    [Fact]
    public void Summary_table_curve_and_diagrams_show_the_right_trials()
    {
        var (page, _) = Report(ReportSamples.FillHandMade);

        Assert.Equal("quickstart", page.Descendants(Html + "h1").Single().Value);
        Assert.Equal("8", ById(page, "count-completed").Elements().ElementAt(1).Value);
        Assert.Equal("1", ById(page, "count-failed").Elements().ElementAt(1).Value);
        Assert.Equal("1", ById(page, "count-duplicate").Elements().ElementAt(1).Value);
        Assert.Equal("0.8000", ById(page, "best-reward").Elements().ElementAt(1).Value);

        var rows = ById(page, "top-trials").Descendants(Html + "tbody").Single().Elements(Html + "tr").ToList();
        Assert.Equal(ReportSamples.ByReward, Trials(rows));
        var paretoColumn = rows.ToDictionary(r => (int)r.Attribute("data-trial")!, r => r.Elements(Html + "td").ElementAt(7).Value);
        Assert.All(paretoColumn, kv => Assert.Equal(ReportSamples.ParetoFront.Contains(kv.Key) ? "yes" : "–", kv.Value));

        // Reward curve: completed and duplicate trials as points, the failed one as a tick.
        var curve = ById(page, "reward-curve");
        Assert.Equal([1, 2, 3, 4, 5, 6, 7, 8, 10], Trials(curve.Descendants(Svg + "circle")));
        Assert.Equal([9], Trials(curve.Descendants(Svg + "line").Where(l => (string?)l.Attribute("class") == "failed")));

        // Block diagrams of the three best: stem + one box per non-empty stage + head.
        var blocks = ById(page, "architectures").Elements(Html + "div").ToList();
        Assert.Equal(ReportSamples.ByReward.Take(3), Trials(blocks));
        foreach (var block in blocks)
        {
            var net = ModelFixtures.RandomMnasNet((int)block.Attribute("data-trial")!, 224);
            var boxes = block.Descendants(Svg + "g").Where(g => ((string?)g.Attribute("class"))?.StartsWith("box") == true).ToList();
            Assert.Equal(net.Stages.Count(s => s.Repeats > 0) + 2, boxes.Count);
        }
    }

    [Fact]
    public void Page_is_self_contained()
    {
        var (page, text) = Report(ReportSamples.FillHandMade);

        Assert.StartsWith("<!DOCTYPE html>\n<html lang=\"en\" xmlns=\"http://www.w3.org/1999/xhtml\">", text);
        Assert.DoesNotContain(page.Descendants(), e => e.Name.LocalName is "script" or "link" or "img" or "iframe");
        // No attribute may point anywhere (namespace declarations are names, not fetched).
        var links = page.Descendants().Attributes().Where(a => !a.IsNamespaceDeclaration && a.Value.Contains("//")).ToList();
        Assert.Empty(links);
        Assert.DoesNotContain("@import", text);
        Assert.DoesNotContain("url(", text);
    }

    [Fact]
    public void Report_of_an_empty_experiment_says_so()
    {
        var (page, _) = Report(_ => { });

        Assert.Equal("0", ById(page, "count-completed").Elements().ElementAt(1).Value);
        Assert.Contains("No completed trials yet.", ById(page, "charts").Value);
    }

    [Fact]
    public void Larger_search_report_lists_every_completed_trial()
    {
        var (page, text) = Report(store => ReportSamples.FillSynthetic(store, 60), "synthetic.html");

        Assert.Equal(Enumerable.Range(1, 60).Where(n => n % 13 != 0), Trials(ById(page, "pareto").Descendants(Svg + "circle")).Order());
        // Set NASLAB_REPORT_EXAMPLE to keep this page (docs/report-example.png is a screenshot of it).
        if (Environment.GetEnvironmentVariable("NASLAB_REPORT_EXAMPLE") is { Length: > 0 } keep) File.WriteAllText(keep, text);
    }
}
