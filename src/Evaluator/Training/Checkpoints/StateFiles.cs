using NasLab.SearchSpace.Engine;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NasLab.Evaluator.Training.Checkpoints;

/// <summary>
/// Module and optimizer state in TorchSharp's file formats (<c>module.save</c> / <c>module.load</c>,
/// <c>save_state_dict</c> / <c>load_state_dict</c>), for networks trained channels-last. TorchSharp 0.107 reads and
/// writes tensor bytes only for contiguous (NCHW) tensors, so the state is written from contiguous copies and loaded
/// through a contiguous layout, then put back into the training layout. Values are unchanged either way.
/// </summary>
internal static class StateFiles
{
    /// <summary>Same format as <c>module.save(path)</c>: the state dictionary, 4-D tensors written as NCHW.</summary>
    public static void SaveModule(nn.Module module, string path)
    {
        using var scope = torch.NewDisposeScope();
        var state = module.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.contiguous());
        using var writer = new BinaryWriter(File.Create(path));
        nn.Module.save_state_dict(writer, state);
    }

    /// <summary><c>module.load(path, strict: true)</c> into a module in any layout; it ends in <paramref name="format"/>.</summary>
    public static void LoadModule(nn.Module module, string path, MemoryFormat format)
    {
        using (torch.no_grad())
        {
            foreach (var (_, p) in module.named_parameters()) MakeContiguous(p);
            foreach (var (_, b) in module.named_buffers()) MakeContiguous(b);
        }
        module.load(path, strict: true);
        if (format == MemoryFormat.ChannelsLast) ChannelsLast.Apply(module);
    }

    /// <summary>Options and momentum buffers; the live buffers keep their layout.</summary>
    public static void SaveOptimizer(SGD optimizer, string path)
    {
        var states = MomentumStates(optimizer);
        var live = states.Select(s => s.momentum_buffer).ToArray();
        var copies = live.Select(b => b is null || b.is_contiguous() ? null : b.contiguous()).ToArray();
        try
        {
            for (int i = 0; i < states.Length; i++) if (copies[i] is { } c) states[i].momentum_buffer = c;
            optimizer.save_state_dict(path);
        }
        finally
        {
            for (int i = 0; i < states.Length; i++)
            {
                states[i].momentum_buffer = live[i];
                copies[i]?.Dispose();
            }
        }
    }

    /// <summary>Loads what <see cref="SaveOptimizer"/> wrote; 4-D momentum buffers end in <paramref name="format"/>.</summary>
    public static void LoadOptimizer(SGD optimizer, string path, MemoryFormat format)
    {
        var states = MomentumStates(optimizer);
        // Loading reads bytes into an existing buffer, which must be contiguous; a missing one is created contiguous.
        foreach (var s in states)
            if (s.momentum_buffer is { } b && !b.is_contiguous()) { s.momentum_buffer = b.contiguous().DetachFromDisposeScope(); b.Dispose(); }
        optimizer.load_state_dict(path);
        if (format != MemoryFormat.ChannelsLast) return;
        foreach (var s in states)
            if (s.momentum_buffer is { } b && b.dim() == 4) { s.momentum_buffer = ChannelsLast.Of(b).DetachFromDisposeScope(); b.Dispose(); }
    }

    private static SGD.State[] MomentumStates(SGD optimizer) => optimizer.state_dict().State.Cast<SGD.State>().ToArray();

    private static void MakeContiguous(Tensor t)
    {
        if (t.is_contiguous()) return;
        using var copy = t.contiguous();
        t.set_(copy);
    }
}
