using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// A single-path supernet over a factorized block space (MnasNet, MixNet): every architecture of the space is a
/// sub-network whose parameters are slices of one <see cref="WeightBank"/>. An architecture is materialized as the
/// ordinary network the builder makes for it, with its weights copied from the bank, so it computes exactly what
/// that architecture built alone computes with those weights; a training step on it writes its updated slices
/// (and their momentum) back. Layers a shorter stage skips, channels a narrower choice leaves out and SE or skip
/// projections a choice switches off are simply not part of that sub-network.
/// </summary>
public sealed class Supernet : IDisposable
{
    public WeightBank Bank { get; } = new();

    /// <summary>The network of <paramref name="net"/> with its weights taken from the bank (which grows to cover it).</summary>
    public nn.Module<Tensor, Tensor> Materialize(BlockNetwork net)
    {
        var module = NetworkBuilder.Build(net);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            var role = SharedRoles.Of(net, name);
            Bank.Cover(role, p);
            p.copy_(SharedSlices.View(Bank.Value(role)!, p.shape));
        }
        return module;
    }

    /// <summary>Writes the sub-network's weights back into their slices of the bank.</summary>
    public void Absorb(BlockNetwork net, nn.Module module)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            var role = SharedRoles.Of(net, name);
            Bank.Cover(role, p);
            SharedSlices.View(Bank.Value(role)!, p.shape).copy_(p);
        }
    }

    /// <summary>
    /// One SGD step (momentum, L2 decay on weights of rank 2 and up) of the sub-network on one batch, on its slices of
    /// the shared weights; returns the loss. Parameters outside the sub-network are not touched, their momentum
    /// included (single-path training: each step trains one architecture).
    /// </summary>
    public double TrainStep(BlockNetwork net, Tensor images, Tensor labels, double learningRate, double momentum = 0.9, double weightDecay = 4e-5)
    {
        using var scope = torch.NewDisposeScope();
        var module = Materialize(net);
        module.train();
        var loss = nn.functional.cross_entropy(module.call(images), labels);
        loss.backward();
        using (torch.no_grad())
        {
            foreach (var (name, p) in module.named_parameters())
            {
                var role = SharedRoles.Of(net, name);
                var value = SharedSlices.View(Bank.Value(role)!, p.shape);
                var velocity = SharedSlices.View(Bank.Momentum(role)!, p.shape);
                var grad = p.grad is { } g ? g.clone() : zeros_like(p);
                if (p.dim() >= 2 && weightDecay > 0) grad.add_(value, alpha: weightDecay);
                velocity.mul_(momentum).add_(grad);
                value.add_(velocity, alpha: -learningRate);
            }
        }
        var result = loss.item<float>();
        module.Dispose();
        return result;
    }

    /// <summary>
    /// Batch-norm statistics for this architecture: shared weights were trained under many sub-networks, so the
    /// running statistics of any one are wrong for it. Reset them and average the batch statistics of
    /// <paramref name="batches"/> in train mode with equal weight (momentum off), as the stand-alone network would
    /// have them after seeing those images; then the module is put in eval mode for scoring.
    /// </summary>
    public static void RecalibrateBatchNorm(nn.Module<Tensor, Tensor> module, IEnumerable<Tensor> batches)
    {
        var norms = module.modules().OfType<BatchNorm2d>().ToList();
        var momenta = norms.Select(bn => bn.momentum).ToList();
        foreach (var bn in norms)
        {
            bn.reset_running_stats();
            bn.momentum = null; // cumulative average over the recalibration batches
        }
        module.train();
        using (torch.no_grad())
            foreach (var batch in batches)
            {
                using var scope = torch.NewDisposeScope();
                module.call(batch);
            }
        for (var i = 0; i < norms.Count; i++) norms[i].momentum = momenta[i];
        module.eval();
    }

    public void Dispose() => Bank.Dispose();
}
