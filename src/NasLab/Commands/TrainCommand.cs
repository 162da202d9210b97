using System.CommandLine;
using NasLab.Cli.Training;
using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary><c>naslab train</c>: full training of one chosen architecture.</summary>
internal static class TrainCommand
{
    public static Command Build(CommandIo io)
    {
        var source = new Argument<string>("source") { Description = "Experiment directory / trials.db (with --trial) or the name of a zoo architecture" };
        var trial = new Option<int?>("--trial") { Description = "Trial number to train when source is an experiment" };
        var config = new Option<string?>("--config") { Description = "YAML whose dataset and proxy_training sections set the training (default: the experiment's own)" };
        var epochs = new Option<int?>("--epochs") { Description = $"Epochs (default {FinalTraining.DefaultEpochs})" };
        var output = new Option<string>("--output", "-o") { Description = "Where to write the trained weights in TorchSharp's format (e.g. weights.bin); .safetensors and .pt (PyTorch) copies go next to it", Required = true };
        var command = new Command("train", "Train one architecture fully, test it, and save its weights") { source, trial, config, epochs, output };
        command.SetAction(int (parse) =>
        {
            if (parse.GetValue(epochs) is int e && e < 1) throw new UserErrorException($"--epochs: must be at least 1, got {e}");
            using var cancel = new CancellationTokenSource();
            ConsoleCancelEventHandler handler = (_, args) => { args.Cancel = true; cancel.Cancel(); };
            Console.CancelKeyPress += handler;
            try
            {
                var request = new FinalTraining.Request(parse.GetValue(source)!, parse.GetValue(trial), parse.GetValue(config), parse.GetValue(epochs), parse.GetValue(output)!);
                io.Out.MarkupLine($"Training [bold]{Markup.Escape(request.Trial is int t ? $"trial {t}" : request.Source)}[/] for {request.Epochs ?? FinalTraining.DefaultEpochs} epochs; checkpoints in {Markup.Escape(request.Output)}.checkpoints (Ctrl+C stops, rerun to continue)");
                var (result, net, data, files) = FinalTraining.Run(request, cancel.Token);
                io.Out.MarkupLine($"data: {Markup.Escape(data)}; {result.Params:N0} parameters, {result.Macs:N0} MACs at {net.InputResolution}px");
                foreach (var m in result.Curve)
                    io.Out.WriteLine($"epoch {m.Epoch + 1}: train loss {m.TrainLoss:F4}, train accuracy {m.TrainAccuracy:P1}");
                if (result.Status != Evaluator.Training.TrainingOutcome.Completed)
                {
                    io.Out.MarkupLine($"[yellow]{result.Status}: {Markup.Escape(result.FailureReason ?? "")}[/] ({result.EpochsCompleted}/{result.TotalEpochs} epochs; rerun to continue)");
                    return result.Status == Evaluator.Training.TrainingOutcome.Failed ? ExitCodes.UserError : ExitCodes.Ok;
                }
                io.Out.MarkupLine($"test accuracy [bold]{result.TestAccuracy:P2}[/] (loss {result.TestLoss:F4}); weights written to {Markup.Escape(files.TorchSharp)} (TorchSharp), {Markup.Escape(files.SafeTensors)} and {Markup.Escape(files.PyTorch)} (PyTorch)");
                return ExitCodes.Ok;
            }
            finally { Console.CancelKeyPress -= handler; }
        });
        return command;
    }
}
