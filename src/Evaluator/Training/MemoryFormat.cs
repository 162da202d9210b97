namespace NasLab.Evaluator.Training;

/// <summary>
/// Physical layout of the network's 4-D weights and input batches during training. ChannelsLast (NHWC) lets
/// oneDNN run depthwise and 1x1 convolutions without layout conversions, much faster on CPUs for MobileNet-style
/// networks; the values computed are the same up to summation order.
/// </summary>
public enum MemoryFormat { Contiguous = 0, ChannelsLast = 1 }
