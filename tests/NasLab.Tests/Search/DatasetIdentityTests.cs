using NasLab.Search.Config;
using NasLab.Search.Loop;
using NasLab.Search.Store.LiteDb;

namespace NasLab.Tests.Search;

/// <summary>
/// The store records the data an experiment was created on (name, record counts, checksum of the decoded
/// images), and a later process that reads different data is refused with a message naming both.
/// </summary>
public sealed class DatasetIdentityTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("naslab-data-id-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_resume_on_changed_data_is_refused_naming_both_datasets()
    {
        // A small dataset in CIFAR-10's binary format (1 label byte + 3,072 pixel bytes per record), so one
        // pixel can be changed afterwards; identity is about bytes, not about what the images show.
        var data = Path.Combine(_dir, "cifar");
        Directory.CreateDirectory(data);
        var random = new Random(7);
        foreach (var (file, records) in new[] { ("data_batch_1.bin", 60), ("data_batch_2.bin", 60), ("data_batch_3.bin", 60),
                     ("data_batch_4.bin", 60), ("data_batch_5.bin", 60), ("test_batch.bin", 25) })
        {
            var bytes = new byte[records * 3073];
            random.NextBytes(bytes);
            for (int r = 0; r < records; r++) bytes[r * 3073] = (byte)(r % 10);
            File.WriteAllBytes(Path.Combine(data, file), bytes);
        }

        var yaml = Path.Combine(_dir, "id.yaml");
        File.WriteAllText(yaml, $"""
            name: id
            output_dir: {_dir}/runs
            dataset:
              path: {data}
              validation_size: 100
              train_subset: 128
            reward:
              target_ms: 5
            latency:
              mode: measured
            """);
        // Stopped before the first trial: the store exists and holds the data's identity.
        SearchSession.Start(yaml, false, NullSearchObserver.Instance, new CancellationToken(canceled: true), latencyCacheDirectory: Path.Combine(_dir, "cache"));
        var db = ExperimentConfigLoader.LoadFile(yaml).DatabasePath;
        string stored;
        using (var store = LiteDbTrialStore.OpenReadOnly(db))
        {
            var identity = store.GetExperiment().Dataset;
            Assert.Equal("cifar10", identity.Name);
            Assert.Equal(300, identity.TrainRecords);
            Assert.Equal(25, identity.TestRecords);
            Assert.Equal(64, identity.Sha256.Length);
            stored = identity.Sha256;
        }

        // One pixel of one training image changes (byte 1 of a record is its first pixel; byte 0 its label).
        var batch = Path.Combine(data, "data_batch_1.bin");
        var changed = File.ReadAllBytes(batch);
        changed[1] ^= 0xFF;
        File.WriteAllBytes(batch, changed);

        var e = Assert.Throws<UserErrorException>(() =>
            SearchSession.Resume(Path.GetDirectoryName(db)!, false, NullSearchObserver.Instance, CancellationToken.None, latencyCacheDirectory: Path.Combine(_dir, "cache")));
        Assert.Contains(stored[..12], e.Message);
        Assert.Contains("300 train", e.Message);
        Assert.Contains("reads cifar10", e.Message);
        Assert.DoesNotContain(stored[..12], e.Message[(e.Message.IndexOf("reads", StringComparison.Ordinal))..]);
    }
}
