using System.Text.Json.Serialization;

namespace NasLab.SearchSpace.Cells;

/// <summary>The NASNet operation set (13 ops). ENAS uses the subset identity, sep3, sep5, avg3, max3.</summary>
public enum CellOp
{
    [JsonStringEnumMemberName("identity")] Identity,
    [JsonStringEnumMemberName("conv1x3_3x1")] Conv1x3Then3x1,
    [JsonStringEnumMemberName("conv1x7_7x1")] Conv1x7Then7x1,
    [JsonStringEnumMemberName("dil3x3")] DilConv3x3,
    [JsonStringEnumMemberName("avg3x3")] AvgPool3x3,
    [JsonStringEnumMemberName("max3x3")] MaxPool3x3,
    [JsonStringEnumMemberName("max5x5")] MaxPool5x5,
    [JsonStringEnumMemberName("max7x7")] MaxPool7x7,
    [JsonStringEnumMemberName("conv1x1")] Conv1x1,
    [JsonStringEnumMemberName("conv3x3")] Conv3x3,
    [JsonStringEnumMemberName("sep3x3")] SepConv3x3,
    [JsonStringEnumMemberName("sep5x5")] SepConv5x5,
    [JsonStringEnumMemberName("sep7x7")] SepConv7x7,
}
