using System.CommandLine;
using NasLab.Evaluator;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab fetch-data cifar10 [dir]</c>: downloads and unpacks CIFAR-10 from its canonical address when
/// the machine is online; offline it says exactly which files to put where (exit code 1).
/// </summary>
internal static class FetchDataCommand
{
    public const string DefaultDirectory = "data/cifar10";

    public static Command Build(CommandIo io)
    {
        var dataset = new Argument<string>("dataset") { Description = "Dataset to fetch" };
        dataset.AcceptOnlyFromAmong("cifar10");
        var directory = new Argument<string>("directory") { Description = "Where the binary files go", DefaultValueFactory = _ => DefaultDirectory };
        var command = new Command("fetch-data", "Download a dataset (CIFAR-10 binary version) into a directory") { dataset, directory };
        command.SetAction(int (parse) =>
        {
            var dir = Path.GetFullPath(parse.GetValue(directory)!);
            io.Out.MarkupLine($"Fetching CIFAR-10 into {Markup.Escape(dir)} ...");
            using var downloader = new CifarDownloader();
            var path = downloader.EnsureCifar10Async(dir).GetAwaiter().GetResult();
            io.Out.MarkupLine($"CIFAR-10 is ready in {Markup.Escape(path)}; use it with [bold]dataset: {{name: cifar10, path: {Markup.Escape(path)}}}[/]");
            return ExitCodes.Ok;
        });
        return command;
    }
}
