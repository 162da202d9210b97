using NasLab.Search.Config;
using NasLab.Search.Store;

namespace NasLab.Dashboard.Tests.Support;

/// <summary>The identity of a minimal experiment, for tests that create its store directly.</summary>
internal static class TestIdentity
{
    public static ExperimentIdentity Of(string name)
    {
        var yaml = ConfigYamlWriter.Write(ExperimentConfigLoader.Parse($"name: {name}\nreward: {{target_ms: 5}}\n", $"{name}.yaml"));
        return new ExperimentIdentity(name, yaml, yaml, new string('a', 64), new DatasetIdentity("cifar10", 1, 1, new string('b', 64)));
    }
}
