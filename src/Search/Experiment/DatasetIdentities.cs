using System.Security.Cryptography;
using System.Runtime.InteropServices;
using NasLab.Evaluator;
using NasLab.Search.Store;

namespace NasLab.Search.Experiment;

/// <summary>
/// The identity of the data a process actually reads, so a resume on another machine or a worker elsewhere
/// cannot switch data silently (<c>dataset.path: auto</c> resolves per machine). The checksum covers the
/// decoded images and labels (shape, pixels, labels of the training and test sets), not the files' bytes:
/// the same images in another folder or file layout are the same data.
/// </summary>
public static class DatasetIdentities
{
    public static DatasetIdentity Of(DatasetSource source, ImageDataset train)
    {
        var test = source.LoadTest();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { train, test })
        {
            sha.AppendData(MemoryMarshal.AsBytes<int>([part.Count, part.Channels, part.Height, part.Width, part.ClassCount]));
            sha.AppendData(part.Pixels);
            sha.AppendData(MemoryMarshal.AsBytes(part.Labels));
        }
        return new DatasetIdentity(source.Name, train.Count, test.Count, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    /// <summary>Throws naming both identities when the data this process reads differ from the experiment's.</summary>
    public static void RequireSame(DatasetIdentity stored, DatasetIdentity mine, string store, string process)
    {
        if (stored == mine) return;
        throw new UserErrorException(
            $"{store}: the experiment was created on {stored}, but {process} reads {mine}; " +
            "give every process the same data (dataset.path) or start a new experiment");
    }
}
