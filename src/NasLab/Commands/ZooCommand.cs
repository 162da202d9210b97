using System.CommandLine;
using NasLab.Search;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.LatencyOracle.Latency;
using NasLab.LatencyOracle.Oracle;
using NasLab.LatencyOracle.Remote;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Zoo;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab zoo [names...] [--resolution N] [--latency] [--device cpu-1thread|remote:HOST:PORT[,...]] [--token-file F] [--cache dir] [--json]</c>: the
/// reference networks with the cost model's parameters and MACs, and optionally their ORT latency measured by the
/// latency oracle <c>search</c> uses (<see cref="ExperimentLatency"/>: the same device profiles, protocol and cache,
/// so a network measured by either command is read from the cache by the other). The table rounds (5.29M); --json
/// prints the exact integers, one array of objects, for scripts.
/// </summary>
internal static class ZooCommand
{
    public static Command Build(CommandIo io)
    {
        var names = new Argument<string[]>("names") { Description = "Only these zoo networks (default: all)", Arity = ArgumentArity.ZeroOrMore };
        var resolution = new Option<int?>("--resolution") { Description = "Input side in pixels for MACs and latency (default: each network's own)" };
        var latency = new Option<bool>("--latency") { Description = "Also measure latency with ONNX Runtime (the oracle's measured mode)" };
        var device = new Option<string>("--device")
        {
            Description = $"Device for --latency: {string.Join(", ", PresetDevices)}, or device agents {AgentAddress.Syntax}[,{AgentAddress.Syntax}...] (one thread there)",
            DefaultValueFactory = _ => Choices.LatencyDevices.NameOf(LatencyConfig.Defaults.Device),
        };
        var cache = new Option<string?>("--cache")
        {
            Description = $"Latency cache directory, shared with search (default: {ExperimentLatency.DefaultCacheDirectory()})",
        };
        var tokenFile = new Option<string?>("--token-file") { Description = "With --device remote:...: the file whose first line is the agents' token" };
        var json = new Option<bool>("--json") { Description = "Print JSON with exact parameter and MAC counts instead of the rounded table" };
        var command = new Command("zoo", "List the reference architectures (MnasNet-A1, MixNet-S, ...) with their parameters, MACs and latency")
        {
            names, resolution, latency, device, tokenFile, cache, json,
        };
        command.SetAction(parse => Run(io, parse.GetValue(names) ?? [], parse.GetValue(resolution), parse.GetValue(latency),
            parse.GetValue(device)!, parse.GetValue(cache), parse.GetValue(json), parse.GetValue(tokenFile)));
        return command;
    }

    public static int Run(CommandIo io, IReadOnlyList<string> names, int? resolution, bool measureLatency, string deviceName, string? cachePath,
        bool json = false, string? tokenFile = null)
    {
        if (resolution is < 8)
            throw new UserErrorException($"--resolution: {resolution} is too small; give an input side of at least 8 pixels");
        var selected = Select(names);
        var cacheDirectory = cachePath ?? ExperimentLatency.DefaultCacheDirectory();
        if (!measureLatency && tokenFile is not null) throw new UserErrorException("--token-file: only used with --latency --device remote:HOST:PORT");
        var oracle = measureLatency ? CreateOracle(deviceName, tokenFile, cacheDirectory) : null;
        if (json) return WriteJson(io, selected, resolution, oracle);

        var table = new Table().Border(TableBorder.Rounded);
        table.Title(measureLatency ? Markup.Escape($"Model zoo, latency on {oracle!.Profile.Name}") : "Model zoo");
        table.AddColumn("name");
        table.AddColumn("kind");
        table.AddColumn(new TableColumn("input").RightAligned());
        table.AddColumn(new TableColumn("classes").RightAligned());
        table.AddColumn(new TableColumn("params").RightAligned());
        table.AddColumn(new TableColumn("MACs").RightAligned());
        if (oracle is not null) table.AddColumn(new TableColumn("latency ms").RightAligned());

        foreach (var name in selected)
        {
            var net = ModelZoo.Get(name);
            if (resolution is int r) net = net with { InputResolution = r };
            var cost = CostModel.Compute(net);
            var row = new List<string>
            {
                name,
                net is BlockNetwork ? "blocks" : "cells",
                $"{net.InputResolution} px",
                net.NumClasses.ToString(),
                TrialFormat.Count(cost.Params),
                TrialFormat.Count(cost.Macs),
            };
            if (oracle is not null)
            {
                var answer = oracle.Query(net, OracleMode.Measured);
                row.Add(TrialFormat.Ms(answer.LatencyMs) + (answer.FromCache ? " (cached)" : "") + (answer.Device == LocalOrtDevice.LocalName ? "" : $" on {answer.Device}"));
            }
            table.AddRow(row.Select(Markup.Escape).ToArray());
        }
        io.Out.Write(table);
        if (oracle is not null) io.Out.WriteLine($"latency: median of timed ORT runs, {oracle.Profile.CacheKey}; cache {ExperimentLatency.MeasurementsFile(cacheDirectory)}");
        return ExitCodes.Ok;
    }

    private static int WriteJson(CommandIo io, IReadOnlyList<string> selected, int? resolution, ArchitectureLatencyOracle? oracle)
    {
        var rows = new List<Dictionary<string, object>>();
        foreach (var name in selected)
        {
            var net = ModelZoo.Get(name);
            if (resolution is int r) net = net with { InputResolution = r };
            var cost = CostModel.Compute(net);
            var row = new Dictionary<string, object>
            {
                ["name"] = name,
                ["kind"] = net is BlockNetwork ? "blocks" : "cells",
                ["input_resolution"] = net.InputResolution,
                ["classes"] = net.NumClasses,
                ["params"] = cost.Params,
                ["macs"] = cost.Macs,
            };
            if (oracle is not null)
            {
                var answer = oracle.Query(net, OracleMode.Measured);
                row["latency_ms"] = answer.LatencyMs;
                row["latency_profile"] = oracle.Profile.Name;
                row["latency_device"] = answer.Device;
            }
            rows.Add(row);
        }
        io.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(rows, new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return ExitCodes.Ok;
    }

    private static IReadOnlyList<string> Select(IReadOnlyList<string> names)
    {
        if (names.Count == 0) return ModelZoo.Names;
        var unknown = names.Where(n => !ModelZoo.Names.Contains(n.Trim().ToLowerInvariant())).ToList();
        if (unknown.Count > 0)
            throw new UserErrorException($"unknown zoo network{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; " +
                                         $"known: {string.Join(", ", ModelZoo.Names)}");
        return names.Select(n => n.Trim().ToLowerInvariant()).Distinct().ToList();
    }

    /// <summary>The devices zoo can measure on: the experiment file's presets (custom needs a thread count zoo does not take).</summary>
    private static IEnumerable<string> PresetDevices =>
        Choices.LatencyDevices.Names.Where(n => n != Choices.LatencyDevices.NameOf(LatencyDevice.Custom));

    private static ArchitectureLatencyOracle CreateOracle(string deviceName, string? tokenFile, string cacheDirectory)
    {
        // The experiment defaults in measured mode: the protocol and cache search uses, so the two share measurements.
        var measured = LatencyConfig.Defaults with { Mode = LatencyMode.Measured };
        LatencyConfig config;
        if (AgentAddress.LooksLikeAgent(deviceName))
        {
            var agents = new List<AgentAddress>();
            foreach (var text in deviceName.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!AgentAddress.TryParse(text, out var agent, out var problem)) throw new UserErrorException($"--device: {problem}");
                agents.Add(agent);
            }
            if (agents.Distinct().Count() != agents.Count) throw new UserErrorException($"--device: an agent is listed twice in '{deviceName}'");
            if (tokenFile is null) throw new UserErrorException($"--device {deviceName}: give --token-file, the file whose first line is the agents' token");
            config = measured with { Device = LatencyDevice.Remote, Threads = 1, Agents = agents, TokenFile = tokenFile };
        }
        else
        {
            if (!PresetDevices.Contains(deviceName) || !Choices.LatencyDevices.TryParse(deviceName, out var device))
                throw new UserErrorException($"--device: unknown device '{deviceName}'; allowed: {string.Join(", ", PresetDevices)} or {AgentAddress.Syntax}[,...]");
            if (tokenFile is not null) throw new UserErrorException("--token-file: only used with --device remote:HOST:PORT");
            config = measured with { Device = device, Threads = LatencyConfig.PresetThreads(device) };
        }
        return ExperimentLatency.Create(config, cacheDirectory).Oracle;
    }
}
