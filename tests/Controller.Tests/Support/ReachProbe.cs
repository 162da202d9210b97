using NasLab.Controller.Strategies;
using NasLab.Controller.Training;
using NasLab.SearchSpace.Schema;
using NasLab.SearchSpace.Spaces;
using NasLab.SearchSpace.Zoo;

namespace NasLab.Controller.Tests.Support;

/// <summary>
/// Measures the distribution of samples-to-reach that the planted-optimum tests' budgets and margins
/// are based on. Not run by the tests; start it by hand to re-measure (e.g. after changing the
/// controller or its hyperparameters):
/// <code>NASLAB_CONTROLLER_PROBE=reach dotnet exec NasLab.Controller.Tests.dll shaped|a1 reinforce|ppo FIRST LAST BUDGET [ENTROPY] [LR] [TANH]</code>
/// One line per seed, as <see cref="PlantedSearch.Describe"/>.
/// </summary>
public static class ReachProbe
{
    public static (DecisionSchema Schema, int[] Target) Problem(string space)
    {
        if (space == "shaped") return (Schemas.MnasNetShaped(), Schemas.PlantedTarget(Schemas.MnasNetShaped()));
        var s = new FactorizedHierarchicalSpace(RecoveryOptions.MnasNetA1);
        return (s.Schema, s.Encode(MnasNets.A1()));
    }

    public static int Run(string[] args)
    {
        var (schema, target) = Problem(args[0]);
        var algorithm = args[1] == "ppo" ? PolicyGradientAlgorithm.Ppo : PolicyGradientAlgorithm.Reinforce;
        var (first, last, budget) = (ulong.Parse(args[2]), ulong.Parse(args[3]), int.Parse(args[4]));
        var training = PlantedSearch.Training with { Algorithm = algorithm, PpoEpochs = 2 };
        if (args.Length > 5) training = training with { EntropyWeight = double.Parse(args[5]) };
        if (args.Length > 6) training = training with { LearningRate = double.Parse(args[6]) };
        var controller = args.Length > 7 ? PlantedSearch.Controller with { TanhConstant = double.Parse(args[7]) } : PlantedSearch.Controller;
        var reward = new PlantedReward(target);
        for (var seed = first; seed <= last; seed++)
        {
            using var rl = new PolicyGradientSearch(schema, seed, controller, training);
            Console.WriteLine($"seed {seed}: {PlantedSearch.Describe(PlantedSearch.Run(rl, reward, budget))}");
        }
        return 0;
    }
}
