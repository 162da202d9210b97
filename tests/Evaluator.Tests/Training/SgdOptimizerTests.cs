using NasLab.Evaluator.Training;
using NasLab.SearchSpace.Builder;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Tests.Training;

/// <summary>
/// The recipe's optimizer against hand-computed updates for the loss sum(p^2) (gradient 2p): momentum, Nesterov and
/// weight decay on weights, no weight decay on one-dimensional parameters (biases, batch-norm scales and shifts).
/// </summary>
[Collection(TrainingCollection.Name)]
public class SgdOptimizerTests
{
    private static readonly TrainingRecipe Recipe = new() { LearningRate = 0.1, Momentum = 0.9, Nesterov = true, WeightDecay = 0.5 };

    /// <summary>A linear layer with weight [[1, 2]] and bias [3].</summary>
    private static TorchSharp.Modules.Linear Layer()
    {
        var layer = nn.Linear(2, 1);
        using var _ = torch.no_grad();
        layer.weight!.copy_(torch.tensor(new float[] { 1, 2 }).reshape(1, 2));
        layer.bias!.copy_(torch.tensor(new float[] { 3 }));
        return layer;
    }

    private static void Step(nn.Module module, optim.Optimizer optimizer)
    {
        using var scope = torch.NewDisposeScope();
        optimizer.zero_grad();
        module.parameters().Select(p => p.square().sum()).Aggregate((a, b) => a + b).backward();
        optimizer.step();
    }

    private static float[] Values(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void Weights_get_nesterov_momentum_and_weight_decay_biases_no_decay()
    {
        using var layer = Layer();
        using var optimizer = SgdOptimizer.Create(layer, Recipe);
        Step(layer, optimizer);

        // Weight: g = 2p + 0.5p = [2.5, 5]; buf = g; update = g + 0.9 buf = [4.75, 9.5]; p = [1, 2] - 0.1 update.
        Assert.Equal(new[] { 0.525f, 1.05f }, Values(layer.weight!), new FloatTolerance(1e-6f));
        // Bias, not decayed: g = 6; update = 6 + 0.9 * 6 = 11.4; p = 3 - 1.14 (with decay it would be 1.575).
        Assert.Equal(new[] { 1.86f }, Values(layer.bias!), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Learning_rate_set_on_the_groups_is_used_and_saved_momentum_continues_exactly()
    {
        using var layer = Layer();
        using var optimizer = SgdOptimizer.Create(layer, Recipe with { Nesterov = false, WeightDecay = 0 });
        foreach (var g in optimizer.ParamGroups) g.LearningRate = 0.05;
        Step(layer, optimizer);
        // Plain momentum, first step: p = p - 0.05 * 2p = 0.9p.
        Assert.Equal(new[] { 0.9f, 1.8f }, Values(layer.weight!), new FloatTolerance(1e-6f));

        using var temp = new TempDirectory();
        optimizer.save_state_dict(temp.File("sgd.optim"));
        using var copy = Layer();
        using (torch.no_grad())
            foreach (var (a, b) in copy.parameters().Zip(layer.parameters())) a.copy_(b);
        using var restored = SgdOptimizer.Create(copy, Recipe with { Nesterov = false, WeightDecay = 0 });
        restored.load_state_dict(temp.File("sgd.optim"));
        Step(layer, optimizer);
        Step(copy, restored);
        // Second step uses the momentum buffer: g = [1.8, 3.6], buf = 0.9 [2, 4] + g = [3.6, 7.2], p = 0.9p - 0.05 buf.
        Assert.Equal(new[] { 0.72f, 1.44f }, Values(layer.weight!), new FloatTolerance(1e-6f));
        Assert.Equal(Values(layer.weight!), Values(copy.weight!));
        Assert.Equal(Values(layer.bias!), Values(copy.bias!));
    }

    [Fact]
    public void Only_batch_norm_parameters_and_biases_of_a_built_network_escape_weight_decay()
    {
        using var net = NetworkBuilder.Build(TestNetworks.Tiny());
        var (decayed, notDecayed) = SgdOptimizer.Split(net);
        var all = net.named_parameters().Select(p => p.name).ToHashSet();

        Assert.Equal(all.Count, decayed.Count + notDecayed.Count);
        Assert.Contains("stem.conv.weight", decayed.Select(p => p.Name));
        Assert.Contains("stem.bn.weight", notDecayed.Select(p => p.Name));
        Assert.All(decayed, p => Assert.EndsWith(".weight", p.Name));
        Assert.All(decayed, p => Assert.True(p.Parameter.dim() >= 2, p.Name));
        // Every not-decayed parameter is a bias or a batch norm's scale.
        var batchNorms = net.named_modules().Where(m => m.module is TorchSharp.Modules.BatchNorm2d).Select(m => m.name).ToHashSet();
        Assert.All(notDecayed, p => Assert.True(p.Name.EndsWith(".bias") || batchNorms.Contains(p.Name[..p.Name.LastIndexOf('.')]), p.Name));
        Assert.NotEmpty(notDecayed);
    }
}

/// <summary>Compares floats to an absolute tolerance.</summary>
public sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
{
    public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
    public int GetHashCode(float obj) => 0;
}
