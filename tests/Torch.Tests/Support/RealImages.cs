using System.IO.Compression;

namespace NasLab.Torch.Tests.Support;

/// <summary>
/// Real images for training tests: the CIFAR-10 subset in ../shared when present, otherwise
/// Fashion-MNIST from Debian's dataset-fashion-mnist package (installed by bootstrap.sh).
/// Pixels are float NCHW in [0, 1]; <see cref="Source"/> says which data was used.
/// </summary>
public sealed record RealImages(string Source, int Channels, int Size, float[] TrainX, long[] TrainY, float[] TestX, long[] TestY)
{
    public int TrainCount => TrainY.Length;
    public int TestCount => TestY.Length;

    public static RealImages Load(int maxTrain = int.MaxValue)
    {
        var cifar = FindCifar();
        if (cifar != null) return LoadCifar(cifar, maxTrain);
        const string fashion = "/usr/share/datasets/fashion-mnist";
        if (File.Exists(Path.Combine(fashion, "train-images-idx3-ubyte.gz"))) return LoadFashion(fashion, maxTrain);
        throw new InvalidOperationException("No real images: neither ../shared/data/cifar10-subset nor /usr/share/datasets/fashion-mnist exists. Run ./bootstrap.sh.");
    }

    private static string? FindCifar()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "cifar10-subset");
            if (File.Exists(Path.Combine(candidate, "test_batch.bin"))) return candidate;
        }
        return null;
    }

    private static RealImages LoadCifar(string dir, int maxTrain)
    {
        var train = Enumerable.Range(1, 5).Select(i => File.ReadAllBytes(Path.Combine(dir, $"data_batch_{i}.bin"))).SelectMany(b => b).ToArray();
        var test = File.ReadAllBytes(Path.Combine(dir, "test_batch.bin"));
        var (tx, ty) = DecodeCifar(train, maxTrain);
        var (vx, vy) = DecodeCifar(test, int.MaxValue);
        return new RealImages($"CIFAR-10 subset at {dir}", 3, 32, tx, ty, vx, vy);
    }

    private static (float[], long[]) DecodeCifar(byte[] bytes, int max)
    {
        const int record = 3073;
        int n = Math.Min(max, bytes.Length / record);
        var x = new float[n * 3072];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = bytes[i * record];
            for (int k = 0; k < 3072; k++) x[i * 3072 + k] = bytes[i * record + 1 + k] / 255f;
        }
        return (x, y);
    }

    private static RealImages LoadFashion(string dir, int maxTrain)
    {
        var (tx, ty) = DecodeIdx(dir, "train", Math.Min(maxTrain, 6000));
        var (vx, vy) = DecodeIdx(dir, "t10k", 1000);
        return new RealImages($"Fashion-MNIST at {dir} (CIFAR-10 subset not found)", 1, 28, tx, ty, vx, vy);
    }

    private static (float[], long[]) DecodeIdx(string dir, string prefix, int max)
    {
        byte[] Read(string name)
        {
            using var gz = new GZipStream(File.OpenRead(Path.Combine(dir, name)), CompressionMode.Decompress);
            using var ms = new MemoryStream();
            gz.CopyTo(ms);
            return ms.ToArray();
        }
        var images = Read($"{prefix}-images-idx3-ubyte.gz");
        var labels = Read($"{prefix}-labels-idx1-ubyte.gz");
        int n = Math.Min(max, labels.Length - 8);
        var x = new float[n * 784];
        var y = new long[n];
        for (int i = 0; i < n; i++)
        {
            y[i] = labels[8 + i];
            for (int k = 0; k < 784; k++) x[i * 784 + k] = images[16 + i * 784 + k] / 255f;
        }
        return (x, y);
    }
}
