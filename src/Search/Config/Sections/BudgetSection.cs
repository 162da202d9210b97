namespace NasLab.Search.Config.Sections;

/// <summary>Parses <c>budget</c>: a trial count, a wall time, or both (first reached wins).</summary>
internal static class BudgetSection
{
    public static readonly string[] Keys = ["trials", "wall_time"];

    public static BudgetConfig Parse(MappingReader? s)
    {
        if (s is null) return BudgetConfig.Defaults;
        var trials = s.Integer("trials", 1, 1_000_000);
        var wallTime = s.Duration("wall_time");
        if (trials is null && wallTime is null)
        {
            throw new ConfigException(s.Source, s.Location, s.Path, "give trials, wall_time, or both");
        }
        return new BudgetConfig(trials, wallTime);
    }
}
