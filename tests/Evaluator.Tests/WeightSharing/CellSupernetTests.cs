using NasLab.Evaluator.WeightSharing;
using NasLab.SearchSpace.Architecture;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Cells;
using NasLab.SearchSpace.Zoo;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Tests.WeightSharing;

/// <summary>
/// The supernet over ENAS's cell space: each block's chosen op keeps its own weights per place and input, shared
/// by every architecture that chooses it there, and a cell's output is shared by state, so the next cell reads the
/// same weights for a state whichever other states the cell also keeps.
/// </summary>
[Collection(TrainingCollection.Name)]
public class CellSupernetTests
{
    private const int F = 8;

    // N = 1 and two reductions: cells.0 (normal, output 1), reduction_cells.0, cells.1, reduction_cells.1, cells.2.
    private static CellNetwork Net(string name, CellGenotype normal) => NasNets.Cifar() with
    {
        Name = name, Normal = normal, Reduction = Reduction, CellsPerStack = 1, Filters = F, StemFilters = 8,
        InputResolution = 16, NumClasses = 10,
    };

    private static readonly CellGenotype Reduction = Genotype(
        new CellBlock(CellGenotype.Prev, CellOp.SepConv3x3, CellGenotype.Cur, CellOp.AvgPool3x3),
        new CellBlock(2, CellOp.Identity, CellGenotype.Cur, CellOp.SepConv5x5));

    // A and B make the same first block; A's second block reads b1, so A keeps only b2 (state 3); B keeps b1 and b2.
    private static CellNetwork A() => Net("cells-a", Genotype(
        new CellBlock(CellGenotype.Cur, CellOp.SepConv3x3, CellGenotype.Prev, CellOp.Identity),
        new CellBlock(2, CellOp.AvgPool3x3, CellGenotype.Cur, CellOp.SepConv5x5)));

    private static CellNetwork B() => Net("cells-b", Genotype(
        new CellBlock(CellGenotype.Cur, CellOp.SepConv3x3, CellGenotype.Prev, CellOp.Identity),
        new CellBlock(CellGenotype.Cur, CellOp.MaxPool3x3, CellGenotype.Prev, CellOp.SepConv3x3)));

    // NASNet's convention: the normal cell also outputs h_(i-1) (state 0), a cell input rather than a block.
    private static CellNetwork C() => Net("cells-c", B().Normal with { Concat = [CellGenotype.Prev, 2, 3] });

    private static CellGenotype Genotype(params CellBlock[] blocks) =>
        new() { Blocks = ValueList.From(blocks), Concat = ValueList.From(CellGenotype.LooseEnds(blocks)) };

    private static (Tensor Images, Tensor Labels) Batch(int seed, int size = 8)
    {
        var generator = new Generator((ulong)seed);
        return (randn([size, 3, 16, 16], generator: generator), randint(0, 10, [size], generator: generator));
    }

    private static Tensor Weight(nn.Module module, string name) => module.named_parameters().Single(p => p.name == name).parameter;

    [Fact]
    public void The_genotypes_keep_the_states_the_tests_rely_on()
    {
        Assert.Equal([3], A().Normal.Concat);
        Assert.Equal([2, 3], B().Normal.Concat);
    }

    [Fact]
    public void A_cell_output_is_shared_by_state_and_a_chosen_op_by_its_place_and_input()
    {
        torch.manual_seed(31);
        using var supernet = new Supernet();
        var b = supernet.Materialize(B());
        var a = supernet.Materialize(A());
        // reduction_cells.0 reads cells.0's output: B's is [b1, b2] (2F channels), A's only b2. A's 1x1 conv over b2
        // is the second half of B's.
        var curA = Weight(a, "reduction_cells.0.cur.conv.weight");
        var curB = Weight(b, "reduction_cells.0.cur.conv.weight");
        Assert.Equal(F, curA.shape[1]);
        Assert.Equal(2 * F, curB.shape[1]);
        Assert.True(Same(curB.narrow(1, F, F), curA));
        // The same choice in the same place (block 1: sep3x3 on cur) is the same weights in both.
        Assert.True(Same(Weight(a, "cells.0.blocks.0.left.sep1.dw.weight"), Weight(b, "cells.0.blocks.0.left.sep1.dw.weight")));
        // Block 2's right op is sep5x5 on cur in A, sep3x3 on prev in B: other weights, not a slice of each other.
        var a5 = Weight(a, "cells.0.blocks.1.right.sep1.dw.weight");
        var b3 = Weight(b, "cells.0.blocks.1.right.sep1.dw.weight");
        Assert.False(Same(a5.narrow(2, 1, 3).narrow(3, 1, 3), b3));
    }

    [Fact]
    public void A_sub_network_computes_exactly_what_the_architecture_built_alone_computes_with_the_copied_weights()
    {
        torch.manual_seed(32);
        using var supernet = new Supernet();
        for (var step = 0; step < 2; step++)
        {
            var (x, y) = Batch(step);
            supernet.TrainStep(A(), x, y, 0.05);
            supernet.TrainStep(B(), x, y, 0.05);
            supernet.TrainStep(C(), x, y, 0.05);
        }
        foreach (var net in new[] { A(), B(), C() })
        {
            var sub = supernet.Materialize(net);
            var alone = NetworkBuilder.Build(net);
            var roles = SharedRoles.For(net, alone);
            using (torch.no_grad())
                foreach (var (name, p) in alone.named_parameters())
                    p.copy_(HandGather(supernet.Bank.Value(roles(name, p.shape).Role)!, p.shape, ReadsCellOutput(net, name)));
            Reference.AssertSameOutputs(sub, alone, Batch(99).Images, net.Name);
        }
    }

    [Fact]
    public void A_training_step_is_plain_SGD_on_the_sub_network_and_leaves_the_states_it_does_not_keep_alone()
    {
        torch.manual_seed(33);
        using var supernet = new Supernet();
        supernet.Materialize(B()); // the bank now holds b1's channels of every reader of cells.0's output
        var before = supernet.Bank.Roles.ToDictionary(r => r, r => supernet.Bank.Value(r)!.clone());

        var alone = supernet.Materialize(A());
        var sgd = Reference.Sgd(alone);
        var (x, y) = Batch(5);
        alone.train();
        nn.functional.cross_entropy(alone.call(x), y).backward();
        sgd.step();

        supernet.TrainStep(A(), x, y, 0.05, momentum: 0.9, weightDecay: 4e-5);
        var roles = SharedRoles.For(A(), alone);
        foreach (var (name, p) in alone.named_parameters())
        {
            var shared = HandGather(supernet.Bank.Value(roles(name, p.shape).Role)!, p.shape, ReadsCellOutput(A(), name));
            Reference.AssertClose(shared, p, name);
        }
        // b1's channels (state 2: [2F, 3F)) of reduction_cells.0's 1x1 conv are B's alone: A's step leaves them be.
        const string reader = "reduction_cells.0.cur.conv.weight";
        Assert.True(Same(before[reader].narrow(1, 2 * F, F), supernet.Bank.Value(reader)!.narrow(1, 2 * F, F)));
        Assert.False(Same(before[reader].narrow(1, 3 * F, F), supernet.Bank.Value(reader)!.narrow(1, 3 * F, F)));
        // B's block 2 op (sep3x3 on prev) is untouched by a step of A.
        var bOnly = before.Keys.Single(r => r.StartsWith("cells.0.blocks.1.right|sep3x3|in:prev|sep1.dw.weight", StringComparison.Ordinal));
        Assert.True(Same(before[bOnly], supernet.Bank.Value(bOnly)!));
    }

    /// <summary>
    /// Which cell's output a parameter's input channels read, spelled out from the schedule independently of the
    /// supernet: the 1x1 convs that bring a cell's inputs to F, and the classifier; null for every other parameter.
    /// </summary>
    private static (CellGenotype Genotype, int Filters)? ReadsCellOutput(CellNetwork net, string name)
    {
        var schedule = CellSchedule.Of(net);
        if (name == "head.classifier.weight") return (schedule[^1].Genotype(net), schedule[^1].Filters);
        foreach (var cell in schedule)
        {
            if (!name.StartsWith(cell.Name + ".", StringComparison.Ordinal) || !name.EndsWith("conv.weight", StringComparison.Ordinal)) continue;
            var input = name[(cell.Name.Length + 1)..].StartsWith("cur.", StringComparison.Ordinal) ? cell.Cur
                : name[(cell.Name.Length + 1)..].StartsWith("prev.", StringComparison.Ordinal) ? cell.Prev : null;
            return input is int output and > 0 ? (schedule[output - 1].Genotype(net), schedule[output - 1].Filters) : null;
        }
        return null;
    }

    /// <summary>ENAS's rule spelled by hand: kept state s is input channels [sF, sF + F) of the shared tensor (F of the feeding cell); leading slices otherwise.</summary>
    private static Tensor HandGather(Tensor shared, long[] shape, (CellGenotype Genotype, int Filters)? feeding)
    {
        if (feeding is null)
        {
            var t = shared;
            for (var d = 0; d < shape.Length; d++) t = t.narrow(d, d >= 2 && shape.Length == 4 ? (shared.shape[d] - shape[d]) / 2 : 0, shape[d]);
            return t;
        }
        var (genotype, f) = feeding.Value;
        var columns = genotype.Concat.Select(s => shared.narrow(0, 0, shape[0]).narrow(1, s * f, f)).ToArray();
        return cat(columns, 1);
    }

    private static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && (a == b).all().item<bool>();
}
