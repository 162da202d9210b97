namespace NasLab.Cli.Reports;

/// <summary>
/// The report's stylesheet: system fonts only (no downloads), one accent colour for Pareto / best.
/// It avoids the characters '&lt;', '&gt;' and '&amp;': the page is serialised as XML, which would escape them inside &lt;style&gt;.
/// </summary>
internal static class ReportStyle
{
    public const string Css = PageCss + ArchitectureDiagram.Css;

    private const string PageCss = """
        body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 0; background: #f6f7f9; color: #1d2330; }
        main { max-width: 1120px; margin: 0 auto; padding: 24px 32px 48px; }
        h1 { font-size: 26px; margin: 8px 0 4px; }
        h2 { font-size: 19px; margin: 32px 0 10px; border-bottom: 1px solid #d9dde5; padding-bottom: 4px; }
        h3 { font-size: 15px; margin: 18px 0 6px; }
        .subtitle { color: #5b6475; margin: 0 0 16px; }
        .cards { display: flex; flex-wrap: wrap; gap: 12px; }
        .card { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 8px 14px; min-width: 96px; }
        .card .label { font-size: 12px; color: #5b6475; text-transform: uppercase; letter-spacing: 0.04em; }
        .card .value { font-size: 22px; font-weight: 600; margin-top: 2px; }
        .card .detail { font-size: 12px; color: #5b6475; }
        .charts { display: flex; flex-wrap: wrap; gap: 16px; }
        figure { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; margin: 0; padding: 8px; flex: 1 1 480px; min-width: 0; }
        figcaption { font-size: 13px; color: #5b6475; padding: 4px 8px 0; max-width: 620px; }
        svg { max-width: 100%; height: auto; display: block; }
        figure svg { width: 100%; }
        svg text { font-family: inherit; }
        .grid { stroke: #eceef2; stroke-width: 1; }
        .frame { fill: none; stroke: #b8bfcc; }
        .tick { font-size: 11px; fill: #5b6475; }
        .axis-title { font-size: 12px; fill: #39404d; }
        circle.trial { fill: #8b95a7; fill-opacity: 0.75; }
        circle.pareto { fill: #e4572e; stroke: #fff; stroke-width: 1.5; }
        .front-line { fill: none; stroke: #e4572e; stroke-width: 1.5; stroke-dasharray: 4 3; }
        .point-label { font-size: 11px; fill: #b23a17; font-weight: 600; }
        circle.reward { fill: #3a6ea5; fill-opacity: 0.8; }
        circle.duplicate { fill: #fff; stroke: #3a6ea5; stroke-width: 1.5; }
        .best-line { fill: none; stroke: #e4572e; stroke-width: 2; }
        line.failed { stroke: #c62828; stroke-width: 2; }
        table { border-collapse: collapse; background: #fff; width: 100%; font-size: 13px; border: 1px solid #dde1e8; }
        th, td { padding: 6px 10px; border-bottom: 1px solid #eceef2; text-align: right; white-space: nowrap; }
        th { background: #eef0f4; font-weight: 600; }
        td.arch, th.arch { text-align: left; white-space: normal; font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; font-size: 11px; word-break: break-all; }
        tr.best td { background: #fff4ef; }
        .yes { color: #e4572e; font-weight: 600; }
        .arch-block { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 8px 12px 12px; margin-bottom: 12px; overflow-x: auto; }
        .arch-block p { margin: 4px 0 8px; font-size: 13px; color: #39404d; }
        .legend { font-size: 12px; color: #5b6475; }
        .swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; border: 1px solid #39404d; }
        pre { background: #fff; border: 1px solid #dde1e8; border-radius: 8px; padding: 12px; font-size: 12px; overflow-x: auto; }
        dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; font-size: 13px; margin: 12px 0; }
        dl.meta dt { color: #5b6475; }
        dl.meta dd { margin: 0; }
        .note { color: #5b6475; font-size: 13px; }
        """;
}
