using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// A single-path supernet over a factorized block space (MnasNet, MixNet) or a cell space (NASNet, ENAS): every
/// architecture of the space is a sub-network whose parameters are slices of one <see cref="WeightBank"/>
/// (<see cref="SharedRoles"/> says which). An architecture is materialized as the
/// ordinary network the builder makes for it, with its weights copied from the bank, so it computes exactly what
/// that architecture built alone computes with those weights; a training step on it writes its updated slices
/// (and their momentum) back. Layers a shorter stage skips, channels a narrower choice leaves out and SE or skip
/// projections a choice switches off are simply not part of that sub-network.
/// </summary>
public sealed class Supernet : IDisposable
{
    public WeightBank Bank { get; } = new();

    /// <summary>
    /// The classifier starts at zero in the supernet, so every sub-network's first prediction is uniform (loss ln 10).
    /// With the builder's initialization, sampled sub-networks start at a loss of about 4 (logits of spread 2), and
    /// single-path training then lowers the loss fastest by switching the head's features off, which it never
    /// recovers from (measured: the loss stays at ln 10 for 23 epochs).
    /// </summary>
    private const string ClassifierPrefix = "head.classifier.";

    /// <summary>The network of <paramref name="net"/> with its weights taken from the bank (which grows to cover it).</summary>
    public nn.Module<Tensor, Tensor> Materialize(NetworkArchitecture net) => Materialize(net, out _);

    /// <summary><see cref="Materialize(NetworkArchitecture)"/>, with where each of the module's parameters sits in the bank.</summary>
    private nn.Module<Tensor, Tensor> Materialize(NetworkArchitecture net, out Func<string, long[], SharedPlacement> placements)
    {
        var module = NetworkBuilder.Build(net);
        placements = SharedRoles.For(net, module);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            var place = placements(name, p.shape);
            if (Bank.Value(place.Role) is null && name.StartsWith(ClassifierPrefix, StringComparison.Ordinal)) p.zero_();
            Bank.Cover(place, p);
            var bank = Bank.Value(place.Role)!;
            var shared = place.Read(bank, p.shape);
            p.copy_(shared);
            if (!ReferenceEquals(shared, bank)) shared.Dispose(); // a view or a gathered copy; the bank's tensor itself stays
        }
        return module;
    }

    /// <summary>Writes the sub-network's weights back into their slices of the bank.</summary>
    public void Absorb(NetworkArchitecture net, nn.Module module)
    {
        var placements = SharedRoles.For(net, module);
        using var noGrad = torch.no_grad();
        foreach (var (name, p) in module.named_parameters())
        {
            var place = placements(name, p.shape);
            Bank.Cover(place, p);
            place.Write(Bank.Value(place.Role)!, p);
        }
    }

    /// <summary>
    /// One SGD step (momentum, L2 decay on weights of rank 2 and up) of the sub-network on one batch, on its slices of
    /// the shared weights; returns the loss. Parameters outside the sub-network are not touched, their momentum
    /// included (single-path training: each step trains one architecture).
    /// </summary>
    public double TrainStep(NetworkArchitecture net, Tensor images, Tensor labels, double learningRate, double momentum = 0.9, double weightDecay = 4e-5, double gradClip = 0) =>
        TrainStep([net], images, labels, learningRate, momentum, weightDecay, gradClip);

    /// <summary>
    /// One SGD step on the mean loss of several sub-networks on the same batch (FairNAS, OFA's sandwich rule): the
    /// gradients of all of them are summed into the shared tensors before the weights move, so no sub-network's step
    /// undoes another's. Slices that none of them uses are not touched. With <paramref name="gradClip"/> above 0 the
    /// gradient is scaled down to that global norm first, before weight decay is added (torch's clip_grad_norm_ and
    /// SGD). Returns the mean loss.
    /// </summary>
    public double TrainStep(IReadOnlyList<NetworkArchitecture> nets, Tensor images, Tensor labels, double learningRate, double momentum = 0.9, double weightDecay = 4e-5, double gradClip = 0)
    {
        if (nets.Count == 0) throw new ArgumentException("a step needs at least one architecture", nameof(nets));
        using var scope = torch.NewDisposeScope();
        var gradients = new Dictionary<string, (Tensor Sum, Tensor Used)>(StringComparer.Ordinal);
        var total = 0.0;
        var input = ChannelsLast.Of(images);
        foreach (var net in nets)
        {
            var module = Materialize(net, out var placements);
            ChannelsLast.Apply(module); // as stand-alone training runs: depthwise convs take half the time (measured on cell networks)
            module.train();
            var loss = nn.functional.cross_entropy(module.call(input), labels) / nets.Count;
            loss.backward();
            total += loss.item<float>();
            using (torch.no_grad())
                foreach (var (name, p) in module.named_parameters())
                {
                    var place = placements(name, p.shape);
                    var shared = Bank.Value(place.Role)!;
                    if (!gradients.TryGetValue(place.Role, out var g))
                        gradients[place.Role] = g = (zeros_like(shared), zeros_like(shared, dtype: ScalarType.Bool));
                    else if (!g.Sum.shape.SequenceEqual(shared.shape)) // the bank grew for a later sub-network
                        gradients[place.Role] = g = (Grow(g.Sum, shared.shape), Grow(g.Used, shared.shape));
                    if (p.grad is { } grad) place.Add(g.Sum, grad);
                    place.Mark(g.Used, p.shape);
                }
            module.Dispose();
        }
        using (torch.no_grad())
        {
            if (gradClip > 0)
            {
                var norm = Math.Sqrt(gradients.Values.Sum(g => g.Sum.square().sum().item<float>()));
                if (norm > gradClip)
                    foreach (var (sum, _) in gradients.Values) sum.mul_(gradClip / (norm + 1e-6));
            }
            foreach (var (role, (sum, used)) in gradients)
            {
                var value = Bank.Value(role)!;
                var velocity = Bank.Momentum(role)!;
                var grad = value.dim() >= 2 && weightDecay > 0 ? sum + value * weightDecay : sum;
                velocity.copy_(where(used, velocity * momentum + grad, velocity));
                value.copy_(where(used, value - velocity * learningRate, value));
            }
        }
        return total;
    }

    private static Tensor Grow(Tensor t, long[] shape)
    {
        var grown = zeros(shape, t.dtype);
        SharedSlices.View(grown, t.shape).copy_(t);
        return grown;
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
