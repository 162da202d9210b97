using System.Text.Json.Serialization;

namespace NasLab.SearchSpace.Architecture;

/// <summary>Nonlinearity after a conv + BN. <see cref="None"/> is used for linear bottlenecks.</summary>
public enum Activation
{
    [JsonStringEnumMemberName("linear")] None,
    [JsonStringEnumMemberName("relu")] ReLU,
    [JsonStringEnumMemberName("relu6")] ReLU6,
    [JsonStringEnumMemberName("swish")] Swish,
    [JsonStringEnumMemberName("hswish")] HardSwish,
}
