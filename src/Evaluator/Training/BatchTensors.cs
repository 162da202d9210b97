using System.Runtime.InteropServices;
using NasLab.SearchSpace.Engine;
using TorchSharp;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Training;

/// <summary>Turns a loader batch into the input and label tensors a training or evaluation step consumes.</summary>
internal static class BatchTensors
{
    /// <summary>
    /// Copies the batch into new tensors (one bulk copy of the images into native memory, so no managed array
    /// stays pinned for the tensor's lifetime), in <paramref name="format"/>, and returns the batch's arrays to the
    /// loader's pool, then moves them to <paramref name="device"/> (null or the CPU: no move). Call inside the
    /// caller's dispose scope, which then frees the tensors.
    /// </summary>
    public static (Tensor X, Tensor Y, int N) From(Batch batch, MemoryFormat format, Device? device = null)
    {
        int n = batch.N;
        Tensor x, y;
        using (batch)
        {
            x = torch.empty([n, batch.C, batch.H, batch.W], ScalarType.Float32);
            MemoryMarshal.AsBytes(batch.Images.AsSpan(0, n * batch.C * batch.H * batch.W)).CopyTo(x.bytes);
            y = torch.empty([n], ScalarType.Int64);
            MemoryMarshal.AsBytes(batch.Labels.AsSpan(0, n)).CopyTo(y.bytes);
        }
        if (device is not null && device.type != DeviceType.CPU) { x = x.to(device); y = y.to(device); }
        if (format == MemoryFormat.ChannelsLast) x = ChannelsLast.Of(x);
        return (x, y, n);
    }
}
