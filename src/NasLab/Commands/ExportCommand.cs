using System.CommandLine;
using Spectre.Console;
using NasLab.Cli.Export;
using NasLab.SearchSpace.Cost;
using NasLab.SearchSpace.Validation;

namespace NasLab.Cli.Commands;

/// <summary>
/// <c>naslab export &lt;db&gt; &lt;trial|zoo-name&gt; --format csharp|onnx -o file [--weights weights.bin]</c>:
/// the chosen architecture as readable C# model code or as an ONNX inference model.
/// </summary>
internal static class ExportCommand
{
    public static readonly IReadOnlyList<string> Formats = ["csharp", "onnx"];

    public static Command Build(CommandIo io)
    {
        var db = StoreArguments.Database();
        var which = new Argument<string>("trial") { Description = "Trial number, or the name of a zoo architecture (then <db> is not read)" };
        var format = new Option<string>("--format") { Description = "csharp or onnx", Required = true };
        format.AcceptOnlyFromAmong([.. Formats]);
        var output = new Option<string>("--output", "-o") { Description = "File to write", Required = true };
        var weights = new Option<string?>("--weights") { Description = "ONNX only: trained weights (TorchSharp file written by naslab train); default: deterministic random weights" };
        var command = new Command("export", "Export an architecture as C# model code or ONNX") { db, which, format, output, weights };
        command.SetAction(parse => Run(io, parse.GetValue(db)!, parse.GetValue(which)!, parse.GetValue(format)!,
            parse.GetValue(output)!, parse.GetValue(weights)));
        return command;
    }

    public static int Run(CommandIo io, string dirOrDb, string which, string format, string output, string? weightsPath)
    {
        if (!Formats.Contains(format))
            throw new UserErrorException($"--format: '{format}' is not a format; allowed: {string.Join(", ", Formats)}");
        if (format == "csharp" && weightsPath is not null)
            throw new UserErrorException("--weights applies to --format onnx only; generated C# loads weights at run time with model.load(\"weights.bin\")");

        var inputs = new List<CommandInput>();
        if (ExportTarget.ReadsStore(which)) inputs.Add(StoreArguments.Input(dirOrDb));
        if (weightsPath is not null) inputs.Add(new CommandInput("--weights", weightsPath));
        OutputFile.EnsureNotInput("--output", output, inputs);

        var target = ExportTarget.Resolve(dirOrDb, which);
        string what;
        try
        {
            if (format == "csharp")
            {
                var code = CSharpModelGenerator.Generate(target.Architecture, target.ClassName, target.Origin);
                OutputFile.Write("--output", output, temporary => File.WriteAllText(temporary, code));
                what = $"C# class {target.ClassName}";
            }
            else
            {
                var bytes = OnnxModelExport.Export(target.Architecture, weightsPath);
                OutputFile.Write("--output", output, temporary => File.WriteAllBytes(temporary, bytes));
                what = "ONNX model" + (weightsPath is null ? " (random weights)" : $" with weights from {weightsPath}");
            }
        }
        catch (NotSupportedException e)
        {
            throw new UserErrorException($"{target.Origin}: {e.Message}");
        }
        catch (ArchitectureException e)
        {
            throw new UserErrorException($"{target.Origin}: invalid architecture: {e.Message}");
        }

        var cost = CostModel.Compute(target.Architecture);
        io.Out.WriteLine($"wrote {what} of {target.Origin} ({cost.Params:N0} parameters) to {output}");
        return ExitCodes.Ok;
    }
}
