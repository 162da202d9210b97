using System.Diagnostics;
using System.Text.Json;

namespace NasLab.Tests.Training;

/// <summary>
/// Reads naslab's PyTorch-side weight files with Debian's Python and torch 1.13 (independent of TorchSharp):
/// the .pt file with <c>torch.load</c>, the .safetensors file by its published layout (8-byte little-endian header
/// length, JSON header of dtype / shape / data_offsets, raw little-endian data). The script checks both hold the
/// same keys and equal tensors, and returns every tensor as float64 (exact for float32 and small int64 values).
/// </summary>
public static class PyTorchStateReader
{
    public const string Python = "/usr/bin/python3";

    private const string Script = """
        import json, struct, sys, torch
        pt_path, st_path, out_path = sys.argv[1:4]
        state = torch.load(pt_path)
        with open(st_path, 'rb') as f:
            size = struct.unpack('<Q', f.read(8))[0]
            header = json.loads(f.read(size))
            data = f.read()
        dtypes = {'F32': torch.float32, 'I64': torch.int64}
        keys = sorted(k for k in header if k != '__metadata__')
        assert keys == sorted(state.keys()), (keys, sorted(state.keys()))
        index = []
        with open(out_path, 'wb') as out:
            for key in keys:
                meta = header[key]
                begin, end = meta['data_offsets']
                t = torch.frombuffer(bytearray(data[begin:end]), dtype=dtypes[meta['dtype']]).reshape(meta['shape'])
                assert torch.equal(t, state[key]), key
                values = t.to(torch.float64).flatten().tolist()
                out.write(struct.pack('<%dd' % len(values), *values))
                index.append([key, list(t.shape)])
        print(json.dumps(index))
        """;

    /// <summary>Key -> (shape, values) of the tensors in <paramref name="ptFile"/> and <paramref name="safetensorsFile"/>.</summary>
    public static Dictionary<string, (long[] Shape, double[] Values)> Read(string ptFile, string safetensorsFile, string scratchDir)
    {
        var script = Path.Combine(scratchDir, "read_state.py");
        var raw = Path.Combine(scratchDir, "state.f64");
        File.WriteAllText(script, Script);
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { script, ptFile, safetensorsFile, raw }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{Python} could not read the weights:\n{stderr}");

        var index = JsonSerializer.Deserialize<JsonElement[][]>(stdout.Result)!;
        var bytes = File.ReadAllBytes(raw);
        var result = new Dictionary<string, (long[], double[])>();
        int offset = 0;
        foreach (var entry in index)
        {
            var shape = entry[1].EnumerateArray().Select(e => e.GetInt64()).ToArray();
            int count = (int)shape.Aggregate(1L, (a, b) => a * b);
            var values = new double[count];
            Buffer.BlockCopy(bytes, offset, values, 0, count * sizeof(double));
            offset += count * sizeof(double);
            result[entry[0].GetString()!] = (shape, values);
        }
        Assert.Equal(bytes.Length, offset);
        return result;
    }
}
