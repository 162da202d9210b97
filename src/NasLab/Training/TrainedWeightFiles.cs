using NasLab.Cli.Commands;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace NasLab.Cli.Training;

/// <summary>
/// The weight files <c>naslab train</c> writes for one network, side by side: TorchSharp's format (the
/// requested path; <c>module.load</c> of the builder's module or the exported C# class, and
/// <c>naslab export --weights</c>), safetensors and a PyTorch state_dict (<c>torch.load</c>) for Python users.
/// All hold the same tensors under the builder's names.
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
    /// <param name="checkpointModel">The trainer's model state, in TorchSharp's format with NCHW tensors (TorchSharp reads
    /// and writes only contiguous tensors), whatever layout it trained in.</param>
    public void Publish(NetworkArchitecture net, string checkpointModel)
    {
        using var scope = NewDisposeScope();
        // Loaded strictly into a fresh build, so every file written here has exactly the builder's names and shapes.
        using var module = NetworkBuilder.Build(net);
        module.load(checkpointModel, strict: true);
        foreach (var file in All)
            if (Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } dir) Directory.CreateDirectory(dir);
        module.save(TorchSharp);
        module.save_safetensors(SafeTensors);
        module.save_py(PyTorch);
    }
}
