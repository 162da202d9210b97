namespace NasLab.Torch;

/// <summary>
/// Frees every tensor created on this thread while the scope is the innermost one, when the scope
/// is disposed (as TorchSharp's dispose scopes). A training step wrapped in a scope therefore
/// returns all of its temporaries' native memory at once instead of waiting for the GC, which
/// would see only a few managed bytes per tensor and never hurry.
/// Keep a result with <see cref="MoveToOuter"/> or <see cref="Tensor.DetachFromDisposeScope"/>.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? _current;

    private readonly DisposeScope? _outer;
    private readonly HashSet<Tensor> _tensors = new(ReferenceEqualityComparer.Instance);
    private bool _disposed;

    private DisposeScope(DisposeScope? outer) => _outer = outer;

    /// <summary>Opens a scope nested in the current one (if any) and makes it current.</summary>
    public static DisposeScope Begin()
    {
        var scope = new DisposeScope(_current);
        _current = scope;
        return scope;
    }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current => _current;

    /// <summary>Number of live tensors this scope will free.</summary>
    public int Count => _tensors.Count;

    internal static void Register(Tensor t)
    {
        var scope = _current;
        if (scope == null) return;
        scope._tensors.Add(t);
        t.Scope = scope;
    }

    internal void Forget(Tensor t)
    {
        _tensors.Remove(t);
        t.Scope = null;
    }

    /// <summary>Hands <paramref name="t"/> to the enclosing scope (or to nobody) and returns it.</summary>
    public Tensor MoveToOuter(Tensor t)
    {
        if (t.Scope != this) throw new InvalidOperationException("The tensor does not belong to this dispose scope.");
        Forget(t);
        if (_outer != null && !_outer._disposed)
        {
            _outer._tensors.Add(t);
            t.Scope = _outer;
        }
        return t;
    }

    public void Dispose()
    {
        if (_disposed) return;
        if (_current != this)
            throw new InvalidOperationException("Dispose scopes must be disposed in reverse order of creation, on the thread that opened them.");
        _disposed = true;
        _current = _outer;
        foreach (var t in _tensors)
        {
            t.Scope = null;
            t.Dispose();
        }
        _tensors.Clear();
    }
}
