using System.Text.Json.Serialization;

namespace NasLab.SearchSpace.Architecture;

/// <summary>Nonlinearity after a conv + BN. <see cref="None"/> is used for linear bottlenecks.</summary>
public enum Activation
{
    [JsonStringEnumMemberName(ActivationNames.Linear)] None,
    [JsonStringEnumMemberName(ActivationNames.ReLU)] ReLU,
    [JsonStringEnumMemberName(ActivationNames.ReLU6)] ReLU6,
    [JsonStringEnumMemberName(ActivationNames.Swish)] Swish,
    [JsonStringEnumMemberName(ActivationNames.HardSwish)] HardSwish,
}
