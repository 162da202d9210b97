namespace NasLab.Torch.Nn;

/// <summary>
/// Base of all network modules: named parameters, buffers and children (registration order is
/// kept, so state files and parameter lists are deterministic), train / eval mode, device and
/// memory-format moves, state save / load and parameter counting.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> _parameters = [];
    private readonly List<(string Name, Tensor Tensor)> _buffers = [];
    private readonly List<(string Name, Module Module)> _children = [];
    private bool _disposed;

    public bool Training { get; private set; } = true;

    /// <summary>Makes <paramref name="tensor"/> a trainable parameter owned by this module.</summary>
    protected Tensor RegisterParameter(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        tensor.RequiresGrad = true;
        _parameters.Add((name, tensor));
        return tensor;
    }

    /// <summary>Registers state that is saved but not trained (batch-norm running statistics).</summary>
    protected Tensor RegisterBuffer(string name, Tensor tensor)
    {
        CheckName(name);
        tensor.DetachFromDisposeScope();
        _buffers.Add((name, tensor));
        return tensor;
    }

    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        _children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"Invalid member name '{name}': it must be non-empty and contain no '.'.");
        if (_parameters.Any(p => p.Name == name) || _buffers.Any(b => b.Name == name) || _children.Any(c => c.Name == name))
            throw new ArgumentException($"A member named '{name}' is already registered in {GetType().Name}.");
    }

    public IEnumerable<(string Name, Module Module)> NamedChildren() => _children;

    /// <summary>Parameters of this module and all descendants, with dotted names as in PyTorch.</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(string prefix = "")
    {
        foreach (var (name, p) in _parameters) yield return (prefix + name, p);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedParameters(prefix + name + "."))
                yield return item;
    }

    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(string prefix = "")
    {
        foreach (var (name, b) in _buffers) yield return (prefix + name, b);
        foreach (var (name, child) in _children)
            foreach (var item in child.NamedBuffers(prefix + name + "."))
                yield return item;
    }

    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>Parameters and buffers by name: what a state file holds.</summary>
    public IEnumerable<(string Name, Tensor Tensor)> StateEntries() => NamedParameters().Concat(NamedBuffers());

    /// <summary>This module and all descendants, depth first.</summary>
    public IEnumerable<Module> Modules()
    {
        yield return this;
        foreach (var (_, child) in _children)
            foreach (var m in child.Modules())
                yield return m;
    }

    /// <summary>Number of trainable parameter elements (buffers never count).</summary>
    public long ParameterCount() => NamedParameters().Sum(p => p.Parameter.NumElements);

    public Module Train(bool training = true)
    {
        foreach (var m in Modules()) m.Training = training;
        return this;
    }

    public Module Eval() => Train(false);

    public void ZeroGrad()
    {
        foreach (var (_, p) in NamedParameters()) p.ZeroGrad();
    }

    /// <summary>
    /// Converts 4-D parameters and buffers to <paramref name="format"/> in place (identity kept, so
    /// optimizers created before or after still see them).
    /// </summary>
    public Module To(MemoryFormat format)
    {
        foreach (var (_, t) in StateEntries())
        {
            if (t.Dim != 4) continue;
            using var converted = t.ToMemoryFormat(format);
            t.SetData(converted);
        }
        return this;
    }

    public Module To(Device device)
    {
        foreach (var (_, t) in StateEntries())
        {
            using var moved = t.To(device);
            t.SetData(moved);
        }
        return this;
    }

    public void Save(string path) => StateFile.Save(path, StateEntries());

    /// <summary>Loads a state file; every entry must match by name and shape unless not strict.</summary>
    public void Load(string path, bool strict = true) => StateFile.Load(path, StateEntries().ToList(), strict);

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        foreach (var (_, p) in _parameters) p.Dispose();
        foreach (var (_, b) in _buffers) b.Dispose();
        foreach (var (_, c) in _children) c.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>A module with a single-input forward pass.</summary>
public abstract class Module<TIn, TOut> : Module
{
    public abstract TOut Forward(TIn input);

    public TOut Call(TIn input) => Forward(input);
}
