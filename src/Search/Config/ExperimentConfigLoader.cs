using System.Text;
using System.Text.RegularExpressions;
using NasLab.Search.Config.Sections;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NasLab.Search.Config;

/// <summary>
/// Reads an experiment YAML file into a resolved <see cref="ExperimentConfig"/>. Uses YamlDotNet's
/// representation model rather than deserialization so that every error can point at a line and column.
/// </summary>
public static partial class ExperimentConfigLoader
{
    public static readonly string[] RootKeys =
    [
        "name", "search_space", "dataset", "proxy_training", "strategy", "evaluation", "reward", "latency", "budget", "seed", "output_dir",
    ];

    /// <summary>Largest experiment file read: real ones are a few KB; this keeps a wrong path (a dataset, a log) from being read into memory.</summary>
    public const int MaxDocumentBytes = 1 << 20;

    /// <summary>
    /// Most YAML nodes a document may have with every alias counted as a copy of its anchor. Real files have
    /// hundreds; without a bound, nested aliases (a "billion laughs" file) expand a few hundred bytes into
    /// billions of nodes when the overrides are copied.
    /// </summary>
    public const int MaxNodes = 100_000;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")]
    private static partial Regex NamePattern();

    /// <summary>Loads a file; <paramref name="path"/> is reported in errors exactly as given.</summary>
    public static ExperimentConfig LoadFile(string path)
    {
        string text;
        try
        {
            text = ReadBounded(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new ConfigException(path, null, null, "file not found");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException(path, null, null, $"cannot read file: {e.Message}");
        }
        // The experiment name defaults to the file name, e.g. experiments/quickstart.yaml -> quickstart.
        return Parse(text, path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Parses YAML text. <paramref name="source"/> names it in errors; <paramref name="defaultName"/> is used when the file has no name.</summary>
    public static ExperimentConfig Parse(string yaml, string source, string? defaultName = null)
    {
        if (yaml.Length > MaxDocumentBytes && Encoding.UTF8.GetByteCount(yaml) > MaxDocumentBytes) throw TooLarge(source);
        var root = LoadRoot(yaml, source);
        var reader = MappingReader.Open(source, "", root, RootKeys);

        var name = reader.String("name") ?? defaultName ?? throw reader.Missing("name");
        if (!NamePattern().IsMatch(name))
        {
            var where = reader.Has("name") ? reader.LocationOf("name") : reader.Location;
            throw new ConfigException(source, where, "name",
                $"'{name}' is not a valid experiment name; use 1-64 letters, digits, '.', '_' or '-' (it becomes a directory name)");
        }

        var outputDir = reader.PathText("output_dir") ?? ExperimentConfig.DefaultOutputDir;

        var searchSpace = SearchSpaceSection.Parse(reader.Section("search_space", SearchSpaceSection.Keys));
        return new ExperimentConfig(
            Name: name,
            SearchSpace: searchSpace,
            Dataset: DatasetSection.Parse(reader.Section("dataset", DatasetSection.Keys)),
            ProxyTraining: ProxyTrainingSection.Parse(reader.Section("proxy_training", ProxyTrainingSection.Keys)),
            Strategy: StrategySection.Parse(reader.Section("strategy", StrategySection.Keys)),
            Reward: RewardSection.Parse(reader),
            Latency: LatencySection.Parse(reader.Section("latency", LatencySection.Keys)),
            Budget: BudgetSection.Parse(reader.Section("budget", BudgetSection.Keys)),
            Seed: reader.Integer("seed", 0) ?? ExperimentConfig.DefaultSeed,
            OutputDir: outputDir)
        {
            Evaluation = EvaluationSection.Parse(reader.Section("evaluation", EvaluationSection.Keys)),
        };
    }

    private static YamlNode LoadRoot(string yaml, string source)
    {
        var stream = new YamlStream();
        var parser = new NodeCountingParser(new Parser(new StringReader(yaml)), source, MaxNodes);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException e)
        {
            var at = new SourceLocation(source, (int)e.Start.Line, (int)e.Start.Column);
            throw new ConfigException(source, at, null, $"invalid YAML: {InnermostMessage(e)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this instead of a YamlException on some malformed input
            // (e.g. an unclosed '['); the last event it parsed is the best position we have.
            var mark = parser.Current?.End ?? Mark.Empty;
            var at = new SourceLocation(source, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
            throw new ConfigException(source, at, null, "invalid YAML after this point; is a '[', '{' or quote left unclosed?");
        }
        return stream.Documents.Count switch
        {
            0 => throw new ConfigException(source, null, null, "the file is empty; an experiment needs at least a reward section"),
            1 => stream.Documents[0].RootNode,
            _ => throw new ConfigException(source, MappingReader.At(source, stream.Documents[1].RootNode), null,
                "only one YAML document per experiment file is allowed"),
        };
    }

    /// <summary>The file's text, refusing it once more than <see cref="MaxDocumentBytes"/> have been read (works for pipes too).</summary>
    private static string ReadBounded(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var buffer = new byte[MaxDocumentBytes + 1];
        int total = 0, read;
        while (total < buffer.Length && (read = file.Read(buffer, total, buffer.Length - total)) > 0) total += read;
        if (total > MaxDocumentBytes) throw TooLarge(path);
        using var reader = new StreamReader(new MemoryStream(buffer, 0, total), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static ConfigException TooLarge(string source) =>
        new(source, null, null, $"the file is larger than 1 MiB ({MaxDocumentBytes} bytes), the limit for experiment files");

    private static string InnermostMessage(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        // YamlDotNet prefixes its own "(Line: 3, Col: 5, ...)" position; ours is already in front.
        return Regex.Replace(e.Message, @"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ", "");
    }
}
