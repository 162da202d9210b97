using NasLab.Controller.Training;

namespace NasLab.Search.Config;

public enum SearchSpaceKind { Mnasnet, Mixnet, Nasnet, Enas }

public enum DatasetName { Cifar10, Cifar100, FashionMnist, Mnist }

public enum StrategyType { Rl, Random, Evolution }

public enum RewardConstraint { Soft, Hard }

/// <summary>Where latency is measured. <see cref="Remote"/> is written as agent addresses, not by a name of this set.</summary>
public enum LatencyDevice { Cpu1Thread, Cpu2Threads, Custom, Remote }

public enum LatencyMode { Measured, Lut, LutVerify }

/// <summary>The YAML spelling of every enum-valued field, shared by the parser and the writer.</summary>
public static class Choices
{
    public static readonly ChoiceSet<SearchSpaceKind> SearchSpaceKinds = new(
        ("mnasnet", SearchSpaceKind.Mnasnet), ("mixnet", SearchSpaceKind.Mixnet),
        ("nasnet", SearchSpaceKind.Nasnet), ("enas", SearchSpaceKind.Enas));

    public static readonly ChoiceSet<DatasetName> Datasets = new(
        ("cifar10", DatasetName.Cifar10), ("cifar100", DatasetName.Cifar100),
        ("fashion-mnist", DatasetName.FashionMnist), ("mnist", DatasetName.Mnist));

    public static readonly ChoiceSet<StrategyType> StrategyTypes = new(
        ("rl", StrategyType.Rl), ("random", StrategyType.Random), ("evolution", StrategyType.Evolution));

    public static readonly ChoiceSet<PolicyGradientAlgorithm> RlOptimizers = new(
        ("reinforce", PolicyGradientAlgorithm.Reinforce), ("ppo", PolicyGradientAlgorithm.Ppo));

    public static readonly ChoiceSet<RewardConstraint> RewardConstraints = new(
        ("soft", RewardConstraint.Soft), ("hard", RewardConstraint.Hard));

    public static readonly ChoiceSet<LatencyDevice> LatencyDevices = new(
        ("cpu-1thread", LatencyDevice.Cpu1Thread), ("cpu-2threads", LatencyDevice.Cpu2Threads),
        ("custom", LatencyDevice.Custom));

    /// <summary>How <c>latency.device</c>'s values are listed in messages: the names, and the spelling of a remote device.</summary>
    public static string LatencyDeviceValues =>
        $"{string.Join(", ", LatencyDevices.Names)}, {NasLab.LatencyOracle.Remote.AgentAddress.Syntax} or a list of them (a farm of identical devices)";

    public static readonly ChoiceSet<EvaluationMode> EvaluationModes = new(
        ("standalone", EvaluationMode.Standalone), ("weight-sharing", EvaluationMode.WeightSharing));

    public static readonly ChoiceSet<LatencyMode> LatencyModes = new(
        ("measured", LatencyMode.Measured), ("lut", LatencyMode.Lut), ("lut+verify", LatencyMode.LutVerify));
}
