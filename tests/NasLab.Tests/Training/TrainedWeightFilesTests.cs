using NasLab.Cli.Commands;
using NasLab.Cli.Training;
using NasLab.SearchSpace.Builder;
using NasLab.Tests.Export;
using NasLab.Tests.Support;
using static TorchSharp.torch;

namespace NasLab.Tests.Training;

/// <summary>
/// The files <c>naslab train</c> publishes from a checkpoint, without training: PyTorch reads the .pt and
/// .safetensors copies with exactly the checkpoint's tensors, and the TorchSharp copy loads strictly.
/// </summary>
public sealed class TrainedWeightFilesTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Published_files_hold_the_checkpoint_tensors_for_TorchSharp_and_PyTorch()
    {
        var net = ModelFixtures.RandomMixNet(seed: 3, resolution: 32);
        using var scope = NewDisposeScope();
        using var trained = NetworkBuilder.Build(net);
        ModelFixtures.RandomizeBatchNorms(trained, seed: 4);
        var checkpoint = _dir.File("checkpoint.bin");
        trained.save(checkpoint);
        var files = TrainedWeightFiles.For(_dir.File("out/weights.bin"));

        files.Publish(net, checkpoint);

        Assert.Equal(_dir.File("out/weights.safetensors"), files.SafeTensors);
        // Written under temporary names and renamed: only the three files are left.
        Assert.Equal(["weights.bin", "weights.pt", "weights.safetensors"], Directory.GetFiles(_dir.File("out")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        var python = PyTorchStateReader.Read(files.PyTorch, files.SafeTensors, _dir.File(""));
        var state = trained.state_dict();
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), python.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, tensor) in state)
        {
            Assert.Equal(tensor.shape, python[name].Shape);
            Assert.True(tensor.to(float64).data<double>().ToArray().SequenceEqual(python[name].Values), $"{name} differs in PyTorch");
        }
        using var reloaded = NetworkBuilder.Build(net);
        reloaded.load(files.TorchSharp, strict: true);
        foreach (var (name, tensor) in reloaded.state_dict()) Assert.True(tensor.allclose(state[name], rtol: 0, atol: 0), name);
    }

    [Theory]
    [InlineData("w.safetensors")]
    [InlineData("w.pt")]
    public void An_output_named_like_a_PyTorch_copy_is_a_user_error(string name) =>
        Assert.StartsWith("--output:", Assert.Throws<UserErrorException>(() => TrainedWeightFiles.For(name)).Message);
}
