using NasLab.Cli.Commands;
using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NasLab.Cli.Training;

/// <summary>
/// The weight files <c>naslab train</c> writes for one network, side by side: TorchSharp's format (the
/// requested path; <c>module.load</c> of the builder's module or the exported C# class, and
/// <c>naslab export --weights</c>), safetensors and a PyTorch state_dict (<c>torch.load</c>) for Python users.
/// All hold the same tensors under the builder's names, 4-D weights in plain NCHW layout.
/// </summary>
public sealed record TrainedWeightFiles(string TorchSharp, string SafeTensors, string PyTorch)
{
    /// <exception cref="UserErrorException">The output path would collide with one of its companions.</exception>
    public static TrainedWeightFiles For(string output)
    {
        var extension = Path.GetExtension(output);
        if (extension is ".safetensors" or ".pt")
            throw new UserErrorException($"--output: '{output}' is the TorchSharp weight file; the .safetensors and .pt copies are written next to it, so give it another extension (e.g. .bin)");
        return new TrainedWeightFiles(output, Path.ChangeExtension(output, ".safetensors"), Path.ChangeExtension(output, ".pt"));
    }

    public IReadOnlyList<string> All => [TorchSharp, SafeTensors, PyTorch];

    /// <summary>Writes the three files from a trainer checkpoint's model file.</summary>
    /// <param name="net">The trained architecture.</param>
    /// <param name="checkpointModel">What the trainer's <c>module.save</c> wrote.</param>
    /// <param name="trainingLayout">The layout the trainer held its weights in.</param>
    public void Publish(NetworkArchitecture net, string checkpointModel, MemoryFormat trainingLayout)
    {
        using var scope = NewDisposeScope();
        using var trained = NetworkBuilder.Build(net);
        // module.save writes each tensor's storage bytes as they are: a channels-last trainer's file holds NHWC bytes
        // under NCHW shapes, which only a module in the same layout reads back correctly. Load it that way, then
        // copy (layout-aware) into a plain module, so every file written here is ordinary NCHW.
        if (trainingLayout == MemoryFormat.ChannelsLast) ChannelsLast.Apply(trained);
        trained.load(checkpointModel, strict: true);
        using var plain = NetworkBuilder.Build(net);
        plain.load_state_dict(trained.state_dict(), strict: true);
        foreach (var file in All)
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        plain.save(TorchSharp);
        plain.save_safetensors(SafeTensors);
        plain.save_py(PyTorch);
    }
}
