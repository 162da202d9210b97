using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests;

/// <summary>Checks on the real data shipped with the workplace. Each test prints which data it used, or why it did not run.</summary>
public class RealDatasetTests(ITestOutputHelper output)
{
    [Fact]
    public void Cifar10_subset_has_the_documented_records_classes_and_names()
    {
        if (RealData.Cifar10SubsetDirectory is not { } dir) { output.WriteLine(RealData.CifarMissing); return; }
        var source = DatasetCatalog.Open("cifar10", dir);
        var train = RealData.Cifar10SubsetTrain!;
        var test = source.LoadTest();
        output.WriteLine($"Data used: CIFAR-10 subset at {source.Directory}: {train}; {test}");

        // Independent truth: the README and the file sizes (length / 3073).
        long expectedTrain = Enumerable.Range(1, 5).Sum(b => new FileInfo(Path.Combine(dir, $"data_batch_{b}.bin")).Length / 3073);
        Assert.Equal(5085, expectedTrain);
        Assert.Equal(5085, train.Count);
        Assert.Equal(1017, test.Count);
        Assert.Equal((3, 32, 32), (train.Channels, train.Height, train.Width));
        Assert.All(train.Labels.ToArray(), l => Assert.InRange(l, 0, 9));
        Assert.All(train.ClassHistogram(), n => Assert.InRange(n, 83 * 5, 120 * 5));
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], train.ClassNames);

        // The first pixel of the first record, read directly from the file.
        var raw = File.ReadAllBytes(Path.Combine(dir, "data_batch_1.bin"));
        Assert.Equal(raw[0], train.Label(0));
        Assert.Equal(raw[1 + 2048 + 5 * 32 + 7], train.Image(0)[2048 + 5 * 32 + 7]);
    }

    [Fact]
    public void Fashion_mnist_has_60000_train_and_10000_test_images_of_28x28()
    {
        if (!RealData.FashionMnistInstalled) { output.WriteLine(RealData.FashionMissing); return; }
        var source = DatasetCatalog.Open("fashion-mnist", DatasetCatalog.DebianFashionMnistDirectory);
        var train = source.LoadTrain();
        var test = source.LoadTest();
        output.WriteLine($"Data used: {train}; {test}");

        Assert.Equal(60000, train.Count);
        Assert.Equal(10000, test.Count);
        Assert.Equal((1, 28, 28), (train.Channels, train.Height, train.Width));
        // Fashion-MNIST is exactly balanced: 6000 / 1000 per class.
        Assert.All(train.ClassHistogram(), n => Assert.Equal(6000, n));
        Assert.All(test.ClassHistogram(), n => Assert.Equal(1000, n));
        Assert.Equal("Ankle boot", train.ClassNames![9]);
    }

    [Fact]
    public void Default_resolver_reports_which_data_it_picked()
    {
        var resolved = DefaultDatasetResolver.TryResolve();
        output.WriteLine($"Data used: {resolved?.Description ?? "none available"}");
        if (RealData.Cifar10SubsetDirectory is not null)
        {
            Assert.NotNull(resolved);
            Assert.Equal("cifar10", resolved.Source.Name);
            Assert.Contains("CIFAR-10 subset", resolved.Description);
        }
        else if (RealData.FashionMnistInstalled)
        {
            Assert.Equal("fashion-mnist", resolved!.Source.Name);
        }
        else Assert.Null(resolved);
    }
}
