namespace NasLab.Controller.Tests.Support;

/// <summary>Synthetic reward with a known optimum: the fraction of decisions equal to the target's.</summary>
public sealed class PlantedReward(int[] target)
{
    public int[] Target { get; } = target;

    public double Of(int[] decisions)
    {
        int hits = 0;
        for (int i = 0; i < Target.Length; i++) if (decisions[i] == Target[i]) hits++;
        return (double)hits / Target.Length;
    }
}
