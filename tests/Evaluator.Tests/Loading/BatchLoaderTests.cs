using System.Diagnostics;
using Xunit.Abstractions;

namespace NasLab.Evaluator.Tests;

public class BatchLoaderTests(ITestOutputHelper output)
{
    // 103 RGB 8x8 images; every pixel of image i encodes i so batches can be traced back to samples.
    private static readonly ImageDataset Synthetic =
        DataFiles.InMemory(Enumerable.Range(0, 103).Select(i => i % 10).ToArray(), 3, 8, 8, 10, (i, c, y, x) => (byte)((i * 7 + c * 50 + y * 8 + x) % 256));

    private static readonly int[] All = Enumerable.Range(0, 103).ToArray();

    private static List<(float[] Images, long[] Labels, int[] Indices)> Collect(BatchLoader loader, int epoch, int delayMs = 0)
    {
        var result = new List<(float[], long[], int[])>();
        foreach (var batch in loader.ReadEpoch(epoch))
        {
            using (batch)
            {
                Assert.Equal(batch.N * batch.C * batch.H * batch.W, batch.Images.Length);
                Assert.Equal(batch.N, batch.Labels.Length);
                result.Add(((float[])batch.Images.Clone(), (long[])batch.Labels.Clone(), (int[])batch.SampleIndices.Clone()));
            }
            if (delayMs > 0) Thread.Sleep(delayMs);
        }
        return result;
    }

    private static BatchLoader Training(int prefetch, bool dropLast = false, ulong seed = 5) =>
        new(Synthetic, All, new BatchLoaderOptions(16, ChannelNormalization.Unit(3), seed, Shuffle: true, DropLast: dropLast,
            PrefetchDepth: prefetch, Augmentation: AugmentationOptions.StandardWithCutout(4)));

    [Fact]
    public void Same_seed_gives_identical_batches_whatever_the_prefetch_depth_and_timing()
    {
        using var shallow = Training(prefetch: 1);
        using var deep = Training(prefetch: 8);
        for (int epoch = 0; epoch < 2; epoch++)
        {
            var a = Collect(shallow, epoch, delayMs: 2); // slow consumer: the queue is always full
            var b = Collect(deep, epoch);                // fast consumer: the queue is usually empty
            Assert.Equal(a.Count, b.Count);
            for (int i = 0; i < a.Count; i++)
            {
                Assert.Equal(a[i].Indices, b[i].Indices);
                Assert.Equal(a[i].Labels, b[i].Labels);
                Assert.Equal(a[i].Images, b[i].Images);
            }
        }
    }

    [Fact]
    public void Every_sample_appears_exactly_once_per_epoch_with_its_label()
    {
        using var loader = Training(prefetch: 3);
        var previousOrder = Array.Empty<int>();
        for (int epoch = 0; epoch < 3; epoch++)
        {
            var batches = Collect(loader, epoch);
            Assert.Equal(7, batches.Count); // ceil(103 / 16), last one short
            Assert.Equal(103 - 6 * 16, batches[^1].Indices.Length);
            var order = batches.SelectMany(b => b.Indices).ToArray();
            Assert.Equal(All, order.Order());
            foreach (var b in batches)
                Assert.Equal(b.Indices.Select(i => (long)(i % 10)), b.Labels);
            Assert.NotEqual(previousOrder, order); // reshuffled each epoch
            previousOrder = order;
        }
    }

    [Fact]
    public void Drop_last_drops_only_the_short_final_batch()
    {
        using var loader = Training(prefetch: 2, dropLast: true);
        var batches = Collect(loader, 0);
        Assert.Equal(6, batches.Count);
        Assert.All(batches, b => Assert.Equal(16, b.Indices.Length));
        Assert.Equal(96, batches.SelectMany(b => b.Indices).Distinct().Count());
        Assert.Equal(6, loader.BatchesPerEpoch);
    }

    [Fact]
    public void Different_seeds_shuffle_and_augment_differently()
    {
        using var a = Training(2, seed: 1);
        using var b = Training(2, seed: 2);
        Assert.NotEqual(Collect(a, 0)[0].Indices, Collect(b, 0)[0].Indices);
    }

    [Fact]
    public void Evaluation_loader_is_in_order_and_unaugmented()
    {
        using var loader = BatchLoader.ForEvaluation(Synthetic, [5, 3, 9], ChannelNormalization.Unit(3), batchSize: 2);
        var batches = Collect(loader, 0);
        Assert.Equal([5, 3], batches[0].Indices);
        Assert.Equal([9], batches[1].Indices);
        // Pixel (c=1, y=2, x=3) of image 3 in batch 0 slot 1, exactly as stored.
        Assert.Equal(Synthetic.Image(3)[64 + 2 * 8 + 3] / 255f, batches[0].Images[192 + 64 + 2 * 8 + 3], 6);
        Assert.Equal(Collect(loader, 0)[0].Images, Collect(loader, 1)[0].Images);
    }

    [Fact]
    public void Batch_arrays_are_recycled_after_dispose_and_unusable_afterwards()
    {
        using var loader = BatchLoader.ForEvaluation(Synthetic, All, ChannelNormalization.Unit(3), batchSize: 10, prefetchDepth: 1);
        var seen = new HashSet<float[]>(ReferenceEqualityComparer.Instance);
        Batch? last = null;
        foreach (var batch in loader.ReadEpoch(0))
        {
            if (batch.N == 10) seen.Add(batch.Images);
            batch.Dispose();
            last = batch;
        }
        // 10 full batches but only a handful of distinct arrays: the pool reused them.
        Assert.InRange(seen.Count, 1, 4);
        Assert.Throws<ObjectDisposedException>(() => last!.Images);
    }

    [Fact]
    public void Disposing_the_loader_mid_epoch_stops_the_worker_promptly()
    {
        // Large enough that the worker cannot finish the epoch in the time the test takes.
        var big = DataFiles.InMemory(new int[4000], 3, 32, 32, 1, (i, _, _, _) => (byte)i);
        var loader = BatchLoader.ForTraining(big, Enumerable.Range(0, 4000).ToArray(), ChannelNormalization.Unit(3), batchSize: 8, seed: 1, prefetchDepth: 2);
        var firstBatch = new ManualResetEventSlim();
        Exception? consumerError = null;
        var consumer = new Thread(() =>
        {
            try
            {
                foreach (var b in loader.ReadEpoch(0)) { b.Dispose(); firstBatch.Set(); Thread.Sleep(20); }
            }
            catch (Exception e) { consumerError = e; }
        });
        consumer.Start();
        Assert.True(firstBatch.Wait(TimeSpan.FromSeconds(10)));

        var clock = Stopwatch.StartNew();
        loader.Dispose();
        Assert.True(consumer.Join(TimeSpan.FromSeconds(5)), "consumer still blocked after dispose");
        output.WriteLine($"dispose + consumer exit took {clock.ElapsedMilliseconds} ms");
        Assert.IsAssignableFrom<OperationCanceledException>(consumerError);

        long produced = loader.Statistics.BatchesProduced;
        Thread.Sleep(100);
        Assert.Equal(produced, loader.Statistics.BatchesProduced); // worker is gone
        Assert.True(produced < 500, $"worker ran on to {produced} of 500 batches");
        Assert.Throws<ObjectDisposedException>(() => loader.ReadEpoch(1));
    }

    [Fact]
    public void Cancellation_token_stops_the_epoch_and_the_loader_stays_usable()
    {
        using var loader = Training(prefetch: 1);
        using var cts = new CancellationTokenSource();
        int read = 0;
        Assert.ThrowsAny<OperationCanceledException>(() =>
        {
            foreach (var b in loader.ReadEpoch(0, cts.Token)) { b.Dispose(); if (++read == 2) cts.Cancel(); }
        });
        Assert.Equal(2, read);
        Assert.Equal(7, Collect(loader, 0).Count);
    }

    [Fact]
    public void Breaking_out_early_stops_the_worker_and_allows_the_next_epoch()
    {
        using var loader = Training(prefetch: 1);
        foreach (var b in loader.ReadEpoch(0)) { b.Dispose(); break; }
        long produced = loader.Statistics.BatchesProduced;
        Thread.Sleep(50);
        Assert.Equal(produced, loader.Statistics.BatchesProduced);
        Assert.True(produced <= 3);
        Assert.Equal(7, Collect(loader, 1).Count);
    }

    [Fact]
    public void Only_one_epoch_can_be_read_at_a_time()
    {
        using var loader = Training(prefetch: 1);
        using var first = loader.ReadEpoch(0).GetEnumerator();
        Assert.True(first.MoveNext());
        Assert.Throws<InvalidOperationException>(() => loader.ReadEpoch(1).GetEnumerator().MoveNext());
    }

    [Fact]
    public void Fashion_style_grey_28x28_is_delivered_as_3x32x32()
    {
        var grey = DataFiles.InMemory([1, 2], 1, 28, 28, 10, (i, _, y, x) => (byte)(i * 100 + y));
        var geometry = SampleGeometry.Of(grey).Resized(32, 32).WithChannels(3);
        using var loader = BatchLoader.ForEvaluation(grey, [0, 1], new ChannelNormalization([0.5], [0.5]).ForChannels(3), 2, geometry);
        var batch = Collect(loader, 0).Single();
        Assert.Equal(2 * 3 * 32 * 32, batch.Images.Length);
        Assert.Equal(batch.Images.AsSpan(0, 1024).ToArray(), batch.Images.AsSpan(2048, 1024).ToArray());
    }

    [Fact]
    public void Real_subset_throughput_with_augmentation_batch_128()
    {
        if (RealData.Cifar10SubsetTrain is not { } train) { output.WriteLine(RealData.CifarMissing); return; }
        var split = TrainValidationSplit.Create(train, 1000, seed: 0);
        var norm = ChannelNormalization.Compute(train, split.TrainIndices);
        using var loader = BatchLoader.ForTraining(train, split.TrainIndices, norm, batchSize: 128, seed: 0,
            augmentation: AugmentationOptions.StandardWithCutout(16), prefetchDepth: 4);

        Collect(loader, 0); // warm-up (JIT)
        var waitBefore = loader.Statistics.ConsumerWait;
        var clock = Stopwatch.StartNew();
        int images = 0;
        const int epochs = 8;
        for (int e = 1; e <= epochs; e++)
            foreach (var b in loader.ReadEpoch(e)) { images += b.N; b.Dispose(); }
        double seconds = clock.Elapsed.TotalSeconds;
        output.WriteLine($"Data used: {train}");
        output.WriteLine($"Loader throughput (batch 128, crop+flip+cutout, normalize): {images / seconds:F0} images/s " +
                         $"({images} images in {seconds * 1000:F0} ms; consumer with no work waited {(loader.Statistics.ConsumerWait - waitBefore).TotalMilliseconds:F0} ms)");
        Assert.Equal(epochs * (4085 / 128) * 128, images);
    }
}
