using System.CommandLine;
using NasLab.Search.Config;
using NasLab.Search.Experiment;
using NasLab.Search.Loop;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab validate &lt;yaml&gt;</c>: parse, run the check <c>search</c> runs (data, overrides, reward, output
/// directory) and print the resolved config with every default filled in. Writes nothing.
/// </summary>
internal static class ValidateCommand
{
    public static Command Build(CommandIo io)
    {
        var file = new Argument<string>("yaml") { Description = "Experiment file to check" };
        var command = new Command("validate", "Check an experiment file and print the resolved configuration") { file };
        command.SetAction(parse => Run(io, parse.GetValue(file)!));
        return command;
    }

    public static int Run(CommandIo io, string path)
    {
        var config = ExperimentConfigLoader.LoadFile(path);
        // The same check search runs before it writes anything: valid here means search starts.
        var inputs = ExperimentCheck.Run(config, path);
        var split = inputs.Trainer.Split;
        io.RawOut.Write($"# {path}: valid\n");
        io.RawOut.Write($"# data: {inputs.Data.Description}: {inputs.TrainFiles.Count} training images " +
                        $"({split.TrainIndices.Length} to train children, {split.ValidationIndices.Length} to score them)\n");
        io.RawOut.Write($"# config hash: {ConfigHash.Compute(config)}\n");
        io.RawOut.Write($"# trial database: {config.DatabasePath}\n");
        io.RawOut.Write($"# reward: ACC * (LAT / {config.Reward.TargetMs} ms)^w, w = {config.Reward.Alpha} if LAT <= target else {config.Reward.Beta}\n");
        io.RawOut.Write(ConfigYamlWriter.Write(config));
        return ExitCodes.Ok;
    }
}
