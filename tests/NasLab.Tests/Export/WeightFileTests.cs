using System.Text;
using NasLab.Cli.Commands;
using NasLab.SearchSpace.Builder;
using NasLab.SearchSpace.Zoo;
using NasLab.Tests.Support;
using static TorchSharp.torch;

namespace NasLab.Tests.Export;

/// <summary>
/// Damaged <c>--weights</c> files (TorchSharp <c>module.save</c> format: LEB128 entry count, then per entry a
/// length-prefixed name, LEB128 dtype, rank, dims and the raw bytes) are user errors naming the option.
/// </summary>
public sealed class WeightFileTests : IDisposable
{
    private const string Network = "mobilenet-v1-0.5-cifar";
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (int Code, string Out, string Err) Export(string weights) =>
        NasLabCli.Run("export", _dir.File("unused.db"), Network, "--format", "onnx", "-o", _dir.File("m.onnx"), "--weights", weights);

    private byte[] SavedWeights(out string firstName, out long[] firstShape) => SavedWeights(out firstName, out firstShape, out _);

    private byte[] SavedWeights(out string firstName, out long[] firstShape, out int entries)
    {
        using var scope = NewDisposeScope();
        using var module = NetworkBuilder.Build(ModelZoo.Get(Network));
        var first = module.state_dict().First();
        (firstName, firstShape, entries) = (first.Key, first.Value.shape, module.state_dict().Count);
        var path = _dir.File("saved.bin");
        module.save(path);
        return File.ReadAllBytes(path);
    }

    private string WriteFile(string name, byte[] bytes)
    {
        var path = _dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Leb128(Stream s, ulong v)
    {
        do
        {
            var b = (byte)(v & 0x7F);
            v >>= 7;
            s.WriteByte(v == 0 ? b : (byte)(b | 0x80));
        } while (v != 0);
    }

    /// <summary>One entry header: name, dtype float32 (6), rank and dims; the data bytes are left to the caller.</summary>
    private static byte[] Header(int count, string name, params ulong[] dims)
    {
        var s = new MemoryStream();
        Leb128(s, (ulong)count);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        Leb128(s, (ulong)nameBytes.Length); // BinaryWriter.Write(string): 7-bit length, same encoding for these sizes
        s.Write(nameBytes);
        Leb128(s, 6);
        Leb128(s, (ulong)dims.Length);
        foreach (var d in dims) Leb128(s, d);
        return s.ToArray();
    }

    private void AssertWeightsError(string path, string detail)
    {
        var (code, _, stderr) = Export(path);
        Assert.True(code == ExitCodes.UserError, $"exit {code}: {stderr}");
        Assert.StartsWith("--weights:", stderr);
        Assert.Contains(path, stderr);
        Assert.Contains(detail, stderr);
    }

    [Fact]
    public void An_intact_file_still_exports()
    {
        var path = WriteFile("ok.bin", SavedWeights(out _, out _));
        var (code, _, stderr) = Export(path);
        Assert.Equal((ExitCodes.Ok, ""), (code, stderr));
    }

    [Fact]
    public void A_file_cut_to_ten_bytes_is_a_user_error()
    {
        var bytes = SavedWeights(out _, out _);
        AssertWeightsError(WriteFile("ten.bin", bytes[..10]), "ends early");
    }

    [Fact]
    public void A_huge_name_length_is_a_user_error()
    {
        var s = new MemoryStream();
        Leb128(s, 1);
        Leb128(s, int.MaxValue); // a 2 GiB name in a 20-byte file
        s.Write("abcdefghijklmnop"u8);
        AssertWeightsError(WriteFile("name.bin", s.ToArray()), "name of entry 1");
    }

    [Fact]
    public void Huge_dims_are_a_user_error_without_allocating_them()
    {
        SavedWeights(out var name, out _);
        var bytes = Header(1, name, 1UL << 40, 1UL << 40).Concat(new byte[64]).ToArray();
        AssertWeightsError(WriteFile("dims.bin", bytes), $"'{name}'");
    }

    [Fact]
    public void A_byte_count_that_does_not_match_the_shape_is_a_user_error()
    {
        var bytes = SavedWeights(out var name, out var shape, out var entries);
        // The first tensor's data is 4 bytes short: everything after it is read out of step.
        var header = Header(entries, name, shape.Select(d => (ulong)d).ToArray()).Length;
        var elements = shape.Aggregate(1L, (a, d) => a * d);
        var cut = bytes[..(header + (int)elements * 4 - 4)].Concat(bytes[(header + (int)elements * 4)..]).ToArray();
        AssertWeightsError(WriteFile("short.bin", cut), "is not an intact TorchSharp weight file");
    }

    [Fact]
    public void Trailing_bytes_after_the_last_tensor_are_a_user_error()
    {
        var bytes = SavedWeights(out _, out _).Concat(new byte[] { 1, 2, 3 }).ToArray();
        AssertWeightsError(WriteFile("tail.bin", bytes), "3 byte(s) after");
    }
}
