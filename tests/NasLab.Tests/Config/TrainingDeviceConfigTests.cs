using NasLab.Search.Config;
using TorchSharp;

namespace NasLab.Tests.Config;

/// <summary><c>proxy_training.device</c>: where children and <c>naslab train</c> train.</summary>
public class TrainingDeviceConfigTests
{
    private const string Src = "experiments/foo.yaml";

    private static ExperimentConfig Parse(string device) =>
        ExperimentConfigLoader.Parse($"reward:\n  target_ms: 75\nproxy_training:\n  device: {device}\n", Src, "foo");

    [Fact]
    public void Cpu_is_the_default_and_is_written_in_the_resolved_config()
    {
        var c = ExperimentConfigLoader.Parse("reward:\n  target_ms: 75\n", Src, "foo");
        Assert.Equal("cpu", c.ProxyTraining.Device);
        Assert.Equal("cpu", Parse("CPU").ProxyTraining.Device);
        Assert.Contains("  device: cpu", ConfigYamlWriter.Write(c));
    }

    [Fact]
    public void An_unknown_device_is_a_located_error_naming_the_allowed_values()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("gpu"));
        Assert.Contains("experiments/foo.yaml:4:", e.Message);
        Assert.Contains("proxy_training.device", e.Message);
        Assert.Contains("allowed: cpu, cuda, cuda:N", e.Message);
    }

    [Fact]
    public void Cuda_on_a_host_without_cuda_says_so_before_anything_runs()
    {
        if (torch.cuda.is_available()) return; // a CUDA host: cuda is valid there
        var e = Assert.Throws<ConfigException>(() => Parse("cuda:0"));
        Assert.Contains("proxy_training.device", e.Message);
        Assert.Contains("needs CUDA", e.Message);
    }
}
