using System.Text.Json;
using NasLab.Cli.Commands;
using NasLab.Tests.Support;

namespace NasLab.Tests.Commands;

/// <summary><c>naslab zoo --json</c>: exact integer counts, checked against the published ones.</summary>
public sealed class ZooJsonTests
{
    [Fact]
    public void Json_gives_the_exact_published_parameter_and_mac_counts()
    {
        var (code, output, error) = NasLabCli.Run("zoo", "mnasnet-a1", "mobilenet-v2", "efficientnet-b0", "mixnet-s", "--json");

        Assert.Equal((ExitCodes.Ok, ""), (code, error));
        var rows = JsonDocument.Parse(output).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("name").GetString()!, r => r);
        // ../shared/reference/ARCHITECTURES.md, target table (ImageNet, 224 px, 1000 classes).
        var published = new Dictionary<string, (long Params, long Macs)>
        {
            ["mnasnet-a1"] = (3_887_038, 311_579_072),
            ["mobilenet-v2"] = (3_504_872, 300_774_272),
            ["efficientnet-b0"] = (5_288_548, 385_814_752),
            ["mixnet-s"] = (4_134_606, 239_173_360),
        };
        Assert.Equal(published.Keys.Order(), rows.Keys.Order());
        foreach (var (name, (parameters, macs)) in published)
        {
            Assert.Equal(parameters, rows[name].GetProperty("params").GetInt64());
            Assert.Equal(macs, rows[name].GetProperty("macs").GetInt64());
            Assert.Equal(224, rows[name].GetProperty("input_resolution").GetInt32());
            Assert.Equal(1000, rows[name].GetProperty("classes").GetInt32());
        }
    }
}
