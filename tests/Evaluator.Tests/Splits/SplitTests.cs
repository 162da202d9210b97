using NasLab.SearchSpace.Randomness;
using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests;

public class SplitTests(ITestOutputHelper output)
{
    // Deliberately unbalanced: 0..6 have 50, 100, ..., 350 images, shuffled in the file.
    private static ImageDataset Unbalanced(DatasetPartition partition = DatasetPartition.Train)
    {
        var labels = Enumerable.Range(0, 7).SelectMany(c => Enumerable.Repeat(c, 50 * (c + 1))).ToArray();
        new Xoshiro256StarStar(99).Shuffle<int>(labels);
        return DataFiles.InMemory(labels, 1, 2, 2, 7, (i, _, _, _) => (byte)i, partition);
    }

    private static void AssertStratified(ImageDataset ds, IReadOnlyCollection<int> pool, int[] selected)
    {
        var poolCounts = new int[ds.ClassCount];
        foreach (int i in pool) poolCounts[ds.Label(i)]++;
        var selectedCounts = new int[ds.ClassCount];
        foreach (int i in selected) selectedCounts[ds.Label(i)]++;
        for (int c = 0; c < ds.ClassCount; c++)
        {
            double exact = (double)selected.Length * poolCounts[c] / pool.Count;
            Assert.True(Math.Abs(selectedCounts[c] - exact) < 1.0, $"class {c}: {selectedCounts[c]} selected, exact share {exact}");
        }
    }

    [Fact]
    public void Validation_split_is_stratified_disjoint_and_complete()
    {
        var ds = Unbalanced();
        var split = TrainValidationSplit.Create(ds, 333, seed: 1);

        Assert.Equal(333, split.ValidationIndices.Length);
        Assert.Equal(ds.Count - 333, split.TrainIndices.Length);
        Assert.Empty(split.TrainIndices.Intersect(split.ValidationIndices));
        Assert.Equal(Enumerable.Range(0, ds.Count), split.TrainIndices.Concat(split.ValidationIndices).Order());
        AssertStratified(ds, Enumerable.Range(0, ds.Count).ToArray(), split.ValidationIndices);
    }

    [Fact]
    public void Same_seed_gives_same_split_and_different_seeds_differ()
    {
        var ds = Unbalanced();
        var a = TrainValidationSplit.Create(ds, 200, seed: 7);
        var b = TrainValidationSplit.Create(ds, 200, seed: 7);
        var c = TrainValidationSplit.Create(ds, 200, seed: 8);

        Assert.Equal(a.ValidationIndices, b.ValidationIndices);
        Assert.Equal(a.TrainIndices, b.TrainIndices);
        Assert.NotEqual(a.ValidationIndices, c.ValidationIndices);
        // Different seeds should overlap only about as much as chance (200/1400 of 200 ~ 29), far from identical.
        Assert.True(a.ValidationIndices.Intersect(c.ValidationIndices).Count() < 100);
    }

    [Fact]
    public void Split_is_pinned_across_machines_and_runtimes()
    {
        // Guards the cross-machine promise: these indices were produced by this implementation (own PRNG, no
        // System.Random); if they change, previously recorded search results would no longer be reproducible.
        var labels = Enumerable.Range(0, 20).Select(i => i % 2).ToArray();
        var ds = DataFiles.InMemory(labels, 1, 1, 1, 2, (_, _, _, _) => 0, DatasetPartition.Train);
        var split = TrainValidationSplit.Create(ds, 4, seed: 2024);
        var again = StratifiedSampler.Select(labels, Enumerable.Range(0, 20).Reverse().ToArray(), 4, 2024);
        Assert.Equal(split.ValidationIndices, again.Selected); // pool order does not matter
        Assert.Equal(2, split.ValidationIndices.Count(i => i % 2 == 0));
        Assert.Equal([0, 3, 8, 11], split.ValidationIndices); // regression pin, not derived independently
        output.WriteLine($"seed 2024 validation indices: {string.Join(",", split.ValidationIndices)}");
    }

    [Fact]
    public void Fraction_rounds_to_nearest_count()
    {
        var split = TrainValidationSplit.CreateFraction(Unbalanced(), 0.1, seed: 3);
        Assert.Equal(140, split.ValidationIndices.Length);
    }

    [Fact]
    public void Validation_from_test_files_is_refused()
    {
        var e = Assert.Throws<InvalidOperationException>(() => TrainValidationSplit.Create(Unbalanced(DatasetPartition.Test), 10, 1));
        Assert.Contains("test", e.Message);
    }

    [Fact]
    public void Training_subset_is_stratified_within_the_training_part_and_keeps_validation()
    {
        var ds = Unbalanced();
        var split = TrainValidationSplit.Create(ds, 140, seed: 5);
        var proxy = split.WithTrainingSubset(ds, 500, subsetSeed: 11);

        Assert.Equal(500, proxy.TrainIndices.Length);
        Assert.Equal(split.ValidationIndices, proxy.ValidationIndices);
        Assert.Empty(proxy.TrainIndices.Except(split.TrainIndices));
        AssertStratified(ds, split.TrainIndices, proxy.TrainIndices);
        Assert.Equal(proxy.TrainIndices, split.WithTrainingSubset(ds, 500, 11).TrainIndices);
    }

    [Fact]
    public void Largest_remainder_quotas_are_within_one_of_exact_and_sum_exactly()
    {
        // Hand-computed: shares of 10 over (1, 1, 1) are 3.33 each -> 4, 3, 3 (tie to the lowest group).
        Assert.Equal([4, 3, 3], StratifiedSampler.LargestRemainderQuotas([1, 1, 1], 10));
        // 7 over (5, 3, 2): exact 3.5, 2.1, 1.4 -> floors 3, 2, 1 (6), remainder to the largest fraction (3.5).
        Assert.Equal([4, 2, 1], StratifiedSampler.LargestRemainderQuotas([5, 3, 2], 7));
    }

    [Fact]
    public void Real_cifar10_subset_split_is_stratified()
    {
        if (RealData.Cifar10SubsetTrain is not { } train) { output.WriteLine(RealData.CifarMissing); return; }
        output.WriteLine($"Data used: {train}");
        var split = TrainValidationSplit.Create(train, 1000, seed: 0);
        AssertStratified(train, Enumerable.Range(0, train.Count).ToArray(), split.ValidationIndices);
        Assert.Equal(4085, split.TrainIndices.Length);
    }
}
