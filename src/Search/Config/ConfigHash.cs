using System.Security.Cryptography;
using System.Text;

namespace NasLab.Search.Config;

/// <summary>
/// Identity of an experiment's meaning: SHA-256 of the canonical resolved YAML without budget and
/// output_dir. Comments, key order and spelled-out defaults do not change it; any setting that changes
/// what a trial measures does.
/// </summary>
public static class ConfigHash
{
    public static string Compute(ExperimentConfig config)
    {
        var canonical = ConfigYamlWriter.Write(config, includeRunControl: false);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}
