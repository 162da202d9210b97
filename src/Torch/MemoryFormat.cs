namespace NasLab.Torch;

/// <summary>
/// Physical layout of 4-D tensors. ChannelsLast (NHWC) lets oneDNN run depthwise and 1x1 convolutions
/// without layout conversions, which is much faster on CPUs for MobileNet-style networks.
/// </summary>
public enum MemoryFormat { Contiguous = 0, ChannelsLast = 1, Preserve = 2 }

/// <summary>Loss reduction, numbered as libtorch's at::Reduction.</summary>
public enum Reduction { None = 0, Mean = 1, Sum = 2 }
