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
    /// <param name="output">The <c>--output</c> path.</param>
    /// <param name="inputs">Files the training reads; none of the three files may replace one (nor a trial store).</param>
    /// <exception cref="UserErrorException">The output path would collide with one of its companions, an input or a store.</exception>
    public static TrainedWeightFiles For(string output, IReadOnlyList<CommandInput>? inputs = null)
    {
        var extension = Path.GetExtension(output);
        if (extension is ".safetensors" or ".pt")
            throw new UserErrorException($"--output: '{output}' is the TorchSharp weight file; the .safetensors and .pt copies are written next to it, so give it another extension (e.g. .bin)");
        var files = new TrainedWeightFiles(output, Path.ChangeExtension(output, ".safetensors"), Path.ChangeExtension(output, ".pt"));
        foreach (var file in files.All) OutputFile.EnsureNotInput("--output", file, inputs ?? []);
        return files;
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
        // Each file is replaced atomically; a failure part-way leaves earlier files new and later ones old,
        // which the next (resumed) run overwrites from the same checkpoint.
        OutputFile.Write("--output", TorchSharp, temporary => module.save(temporary));
        OutputFile.Write("--output", SafeTensors, temporary => module.save_safetensors(temporary));
        OutputFile.Write("--output", PyTorch, temporary => module.save_py(temporary));
    }
}
