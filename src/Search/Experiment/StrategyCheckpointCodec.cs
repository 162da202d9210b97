using NasLab.Controller.State;
using NasLab.Controller.Strategies;

namespace NasLab.Search.Experiment;

/// <summary>
/// The trial store keeps one blob per strategy checkpoint: the strategy's state value
/// (<see cref="StrategyState"/>, JSON plus named byte blobs) as <see cref="StrategyStateArchive"/>
/// bytes. Nothing touches the disk besides the store's own transaction.
/// </summary>
public static class StrategyCheckpointCodec
{
    public static byte[] Save(ISearchStrategy strategy) => StrategyStateArchive.ToBytes(strategy.SaveState());

    public static void Load(ISearchStrategy strategy, byte[] blob) => strategy.LoadState(StrategyStateArchive.FromBytes(blob));
}
