using NasLab.Evaluator.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Tests.WeightSharing;

/// <summary>
/// The single-path supernet's weight sharing: sub-networks are the builder's networks with sliced shared weights,
/// a training step is plain SGD on the sub-network's slices, and batch-norm recalibration gives each architecture
/// its own statistics.
/// </summary>
[Collection(TrainingCollection.Name)]
public class SupernetTests
{
    // A: MobileNetV2 x0.25 at 32 px. B shares its places but differs in every sliced way: stage 2's kernel 5 and
    // expansion 3 (A: 3 and 6), stage 1 wider, stage 3 one layer shorter. No dropout, so a step is deterministic.
    private static BlockNetwork A() => TestNetworks.Tiny() with { Head = TestNetworks.Tiny().Head with { Dropout = 0 } };

    private static BlockNetwork B()
    {
        var a = A();
        var stages = a.Stages.ToList();
        stages[1] = stages[1] with { OutChannels = stages[1].OutChannels + 8 };
        stages[2] = stages[2] with { Kernels = [5], Expansion = 3 };
        stages[3] = stages[3] with { Repeats = stages[3].Repeats - 1 };
        return a with { Name = "tiny-b", Stages = [.. stages] };
    }

    private static (Tensor Images, Tensor Labels) Batch(int seed, int size = 16)
    {
        var generator = new Generator((ulong)seed);
        return (randn([size, 3, 32, 32], generator: generator), randint(0, 10, [size], generator: generator));
    }

    [Fact]
    public void Slices_are_the_leading_channels_and_the_centre_of_the_kernel()
    {
        var shared = arange(2 * 3 * 5 * 5, dtype: float32).reshape(2, 3, 5, 5);
        var view = SharedSlices.View(shared, [1, 2, 3, 3]);
        // Channel 0, input channel 1 (offset 25), rows 1..3 and columns 1..3 of a 5x5 numbered row by row.
        Assert.Equal(new float[] { 31, 32, 33, 36, 37, 38, 41, 42, 43 }, view[0, 1].flatten().data<float>().ToArray());
        Assert.Equal(new float[] { 0, 1, 2 }, SharedSlices.View(arange(5, dtype: float32), [3]).data<float>().ToArray());
        Assert.Throws<ArgumentException>(() => SharedSlices.View(shared, [1, 2, 4, 4])); // an even kernel has no centre in an odd one
    }

    [Fact]
    public void A_sub_network_computes_exactly_what_the_architecture_built_alone_computes_with_the_copied_weights()
    {
        torch.manual_seed(11);
        using var supernet = new Supernet();
        // Train both architectures a few steps so the bank holds weights no fresh network has.
        for (var step = 0; step < 3; step++)
        {
            var (x, y) = Batch(step);
            supernet.TrainStep(A(), x, y, 0.05);
            supernet.TrainStep(B(), x, y, 0.05);
        }
        foreach (var net in new[] { A(), B() })
        {
            var sub = supernet.Materialize(net);
            // The architecture built alone, its weights copied by hand from the bank: leading channels, centred kernels.
            var alone = NetworkBuilder.Build(net);
            using (torch.no_grad())
                foreach (var (name, p) in alone.named_parameters())
                    p.copy_(HandSlice(supernet.Bank.Value(SharedRoles.Of(net, name))!, p.shape));
            Reference.AssertSameOutputs(sub, alone, Batch(99).Images, net.Name);
        }
    }

    [Fact]
    public void Architectures_share_the_weights_of_a_place_whatever_their_kernel_expansion_or_width()
    {
        torch.manual_seed(12);
        using var supernet = new Supernet();
        var a = (BlockNetworkModule)supernet.Materialize(A());
        var b = (BlockNetworkModule)supernet.Materialize(B());
        var dwA = a.Blocks.First(x => IsStage(a, x, 2)).Depthwise!;
        var dwB = b.Blocks.First(x => IsStage(b, x, 2)).Depthwise!;
        var kernelA = ((Conv2d)dwA.Conv).weight!;
        var kernelB = ((Conv2d)dwB.Conv).weight!;
        Assert.Equal(3, kernelA.shape[2]);
        Assert.Equal(5, kernelB.shape[2]);
        // B's 5x5 depthwise kernel holds A's 3x3 one at its centre, on A's channels (B's expansion 3 has fewer).
        var channels = Math.Min(kernelA.shape[0], kernelB.shape[0]);
        Assert.True(Same(kernelB.narrow(0, 0, channels).narrow(2, 1, 3).narrow(3, 1, 3), kernelA.narrow(0, 0, channels)));
        // The stem is the same place with the same shape in both: the very same weights.
        Assert.True(Same(a.Stem.Conv.weight!, b.Stem.Conv.weight!));
    }

    [Fact]
    public void A_training_step_is_plain_SGD_on_the_sub_network_and_leaves_other_weights_alone()
    {
        torch.manual_seed(13);
        using var supernet = new Supernet();
        supernet.Materialize(B()); // the bank now also holds what only B uses
        var before = supernet.Bank.Roles.ToDictionary(r => r, r => supernet.Bank.Value(r)!.clone());

        // The reference: torch's own SGD on the architecture built alone with the same weights.
        var alone = supernet.Materialize(A());
        var sgd = Reference.Sgd(alone);
        var (x, y) = Batch(5);
        alone.train();
        nn.functional.cross_entropy(alone.call(x), y).backward();
        sgd.step();

        supernet.TrainStep(A(), x, y, 0.05, momentum: 0.9, weightDecay: 4e-5);
        var used = new HashSet<string>();
        foreach (var (name, p) in alone.named_parameters())
        {
            var role = SharedRoles.Of(A(), name);
            used.Add(role);
            var slice = SharedSlices.View(supernet.Bank.Value(role)!, p.shape);
            Reference.AssertClose(slice, p, name);
        }
        // Roles only B uses are untouched, and so is everything of a shared tensor outside A's slice.
        foreach (var role in before.Keys.Where(r => !used.Contains(r)))
            Assert.True(Same(before[role], supernet.Bank.Value(role)!), $"{role} changed though A does not use it");
        var wide = "mbconv:stages.1.0.project.conv.weight|from:0:mbconv"; // the first layer of stage 1, fed by stage 0's MBConv
        var aChannels = A().Stages[1].OutChannels;
        var bank = supernet.Bank.Value(wide)!;
        Assert.True(bank.shape[0] > aChannels, "stage 1 of B is wider than A's");
        Assert.True(Same(before[wide].narrow(0, aChannels, bank.shape[0] - aChannels), bank.narrow(0, aChannels, bank.shape[0] - aChannels)));
    }

    [Fact]
    public void A_clipped_step_is_torch_clip_grad_norm_then_SGD_on_the_sub_network()
    {
        torch.manual_seed(15);
        using var supernet = new Supernet();
        var alone = supernet.Materialize(A());
        var sgd = Reference.Sgd(alone);
        var (x, y) = Batch(6);
        alone.train();
        nn.functional.cross_entropy(alone.call(x), y).backward();
        const double clip = 0.05;
        var norm = nn.utils.clip_grad_norm_(alone.parameters(), clip);
        Assert.True(norm > 2 * clip, $"the gradient's norm {norm} must exceed the clip for the test to mean anything");
        sgd.step();

        supernet.TrainStep(A(), x, y, 0.05, momentum: 0.9, weightDecay: 4e-5, gradClip: clip);
        foreach (var (name, p) in alone.named_parameters())
        {
            var slice = SharedSlices.View(supernet.Bank.Value(SharedRoles.Of(A(), name))!, p.shape);
            Reference.AssertClose(slice, p, name);
        }
    }

    [Fact]
    public void A_step_on_several_architectures_moves_each_shared_slice_by_the_mean_of_their_gradients()
    {
        torch.manual_seed(21);
        using var supernet = new Supernet();
        supernet.Materialize(A());
        supernet.Materialize(B()); // the bank now covers both; momentum is zero
        var before = supernet.Bank.Roles.ToDictionary(r => r, r => supernet.Bank.Value(r)!.clone());
        var (x, y) = Batch(7);

        // By hand: each architecture built alone with the bank's weights, the gradient of half its loss summed into
        // a tensor of the shared shape, and the region any of them uses marked.
        var sums = before.ToDictionary(e => e.Key, e => zeros_like(e.Value));
        var used = before.ToDictionary(e => e.Key, e => zeros_like(e.Value));
        foreach (var net in new[] { A(), B() })
        {
            var alone = NetworkBuilder.Build(net);
            using (torch.no_grad())
                foreach (var (name, p) in alone.named_parameters())
                    p.copy_(HandSlice(before[SharedRoles.Of(net, name)], p.shape));
            alone.train();
            (nn.functional.cross_entropy(alone.call(x), y) / 2).backward();
            using (torch.no_grad())
                foreach (var (name, p) in alone.named_parameters())
                {
                    var role = SharedRoles.Of(net, name);
                    if (p.grad is { } g) HandSlice(sums[role], p.shape).add_(g);
                    HandSlice(used[role], p.shape).fill_(1);
                }
        }

        supernet.TrainStep([A(), B()], x, y, 0.05, momentum: 0.9, weightDecay: 4e-5);
        foreach (var (role, start) in before)
        {
            // First step from zero momentum: w - lr * (g + decay * w) where used, w elsewhere.
            var decay = start.dim() >= 2 ? 4e-5 : 0.0;
            var expected = start - used[role] * (sums[role] + start * decay) * 0.05;
            var actual = supernet.Bank.Value(role)!;
            Reference.AssertClose(actual, expected, role);
        }
        Assert.Contains(used.Values, u => u.min().item<float>() == 0); // the cover of A's stage 2 (expansion 6, kernel 3) and B's (3, 5) has corners neither uses
    }

    [Fact]
    public void Batch_norm_recalibration_gives_the_statistics_of_the_recalibration_images()
    {
        torch.manual_seed(14);
        using var supernet = new Supernet();
        for (var step = 0; step < 3; step++)
        {
            var (x, y) = Batch(20 + step);
            supernet.TrainStep(B(), x, y, 0.05); // running statistics of another architecture's training
        }
        var module = (BlockNetworkModule)supernet.Materialize(A());
        var batches = Enumerable.Range(0, 4).Select(i => Batch(40 + i, 32).Images).ToList();
        Supernet.RecalibrateBatchNorm(module, batches);
        Assert.False(module.training);

        // The stem's batch norm sees the stem conv's output directly: its statistics are computed here by hand,
        // the mean over all recalibration images and the mean of the batches' unbiased variances (equal batches).
        using var noGrad = torch.no_grad();
        var outputs = batches.Select(b => module.Stem.Conv.call(b)).ToList();
        var mean = stack(outputs.Select(o => o.mean([0, 2, 3])).ToArray()).mean([0]);
        var variance = stack(outputs.Select(o => o.transpose(0, 1).reshape(o.shape[1], -1).var(1, unbiased: true)).ToArray()).mean([0]);
        var bn = module.Stem.Bn;
        Assert.True(allclose(bn.running_mean!, mean, rtol: 1e-4, atol: 1e-5), $"mean off by {(bn.running_mean! - mean).abs().max().item<float>()}");
        Assert.True(allclose(bn.running_var!, variance, rtol: 1e-4, atol: 1e-5), $"variance off by {(bn.running_var! - variance).abs().max().item<float>()}");
        Assert.Equal(batches.Count, bn.num_batches_tracked!.item<long>());
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a == b).all().item<bool>();

    private static bool IsStage(BlockNetworkModule module, BlockModule block, int stage) =>
        module.named_modules().Any(m => ReferenceEquals(m.module, block) && m.name.StartsWith($"stages.{stage}.", StringComparison.Ordinal));

    /// <summary>An independent spelling of the slicing rule, for the comparison: leading channels, centred kernels.</summary>
    private static Tensor HandSlice(Tensor shared, long[] shape)
    {
        var t = shared;
        for (var d = 0; d < shape.Length; d++)
        {
            var offset = d >= 2 && shape.Length == 4 ? (shared.shape[d] - shape[d]) / 2 : 0;
            t = t.narrow(d, offset, shape[d]);
        }
        return t;
    }
}
