using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Evaluator.WeightSharing;

/// <summary>
/// Scores an architecture on the supernet: its sub-network, batch norm recalibrated on fixed training batches, then
/// its accuracy on fixed validation batches. Every architecture gets the same images, so scores compare.
/// </summary>
public static class SupernetScorer
{
    public static double Accuracy(Supernet supernet, NetworkArchitecture net, IReadOnlyList<Tensor> recalibration, IReadOnlyList<(Tensor Images, Tensor Labels)> validation)
    {
        using var scope = torch.NewDisposeScope();
        var module = supernet.Materialize(net);
        ChannelsLast.Apply(module); // the layout the supernet trains in, and stand-alone training too
        Supernet.RecalibrateBatchNorm(module, recalibration.Select(ChannelsLast.Of));
        long correct = 0, total = 0;
        using (torch.no_grad())
            foreach (var (images, labels) in validation)
            {
                correct += module.call(ChannelsLast.Of(images)).argmax(1).eq(labels).sum().item<long>();
                total += labels.shape[0];
            }
        module.Dispose();
        return total == 0 ? 0 : correct / (double)total;
    }
}
