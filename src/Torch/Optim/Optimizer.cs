using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch.Optim;

/// <summary>
/// A libtorch optimizer (torch::optim) over a fixed list of parameters, so update rules match
/// PyTorch's exactly. The parameter tensors must outlive the optimizer.
/// </summary>
public abstract class Optimizer : IDisposable
{
    private IntPtr _handle;
    private readonly IReadOnlyList<Tensor> _parameters;

    private protected Optimizer(IReadOnlyList<Tensor> parameters, Func<IntPtr[], (int Rc, IntPtr Handle)> create)
    {
        if (parameters.Count == 0) throw new ArgumentException("An optimizer needs at least one parameter.", nameof(parameters));
        _parameters = parameters.ToList();
        var (rc, handle) = create(Tensor.Handles(_parameters));
        GC.KeepAlive(_parameters);
        Status.Check(rc);
        _handle = handle;
    }

    private IntPtr Handle => _handle != IntPtr.Zero ? _handle : throw new ObjectDisposedException(GetType().Name);

    public IReadOnlyList<Tensor> Parameters => _parameters;

    public void Step() => Status.Check(nl_optim_step(Handle));

    /// <summary>Drops all gradients (set to none, as PyTorch 2.x does).</summary>
    public void ZeroGrad() => Status.Check(nl_optim_zero_grad(Handle));

    public double LearningRate
    {
        get { Status.Check(nl_optim_get_lr(Handle, out var lr)); return lr; }
        set => Status.Check(nl_optim_set_lr(Handle, value));
    }

    /// <summary>Saves momentum buffers / moments (libtorch archive format).</summary>
    public void Save(string path) => Status.Check(nl_optim_save(Handle, path));

    public void Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Optimizer state file not found: {path}", path);
        Status.Check(nl_optim_load(Handle, path));
    }

    public void Dispose()
    {
        if (_handle == IntPtr.Zero) return;
        nl_optim_free(_handle);
        _handle = IntPtr.Zero;
        GC.SuppressFinalize(this);
    }

    ~Optimizer()
    {
        if (_handle != IntPtr.Zero) nl_optim_free(_handle);
    }
}

/// <summary>SGD with optional momentum, Nesterov momentum and (L2) weight decay.</summary>
public sealed class Sgd(IReadOnlyList<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0,
    bool nesterov = false, double dampening = 0)
    : Optimizer(parameters, handles =>
    {
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires momentum > 0 and dampening = 0.");
        return (nl_sgd_new(handles, handles.Length, learningRate, momentum, dampening, weightDecay, nesterov ? 1 : 0, out var h), h);
    });

/// <summary>Adam (optionally AMSGrad) with L2 weight decay.</summary>
public sealed class Adam(IReadOnlyList<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999,
    double eps = 1e-8, double weightDecay = 0, bool amsgrad = false)
    : Optimizer(parameters, handles => (nl_adam_new(handles, handles.Length, learningRate, beta1, beta2, eps, weightDecay, amsgrad ? 1 : 0, out var h), h));
