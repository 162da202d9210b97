using NasLab.Torch.Native;
using static NasLab.Torch.Native.NativeMethods;

namespace NasLab.Torch;

// Instance operators. Each returns a new tensor (registered in the current dispose scope).
public sealed partial class Tensor
{
    internal Tensor Unary(UnaryOp op) => Wrap(nl_unary((int)op, Handle, out var r), r);
    internal Tensor Binary(BinaryOp op, Tensor other) => Wrap(nl_binary((int)op, Handle, other.Handle, out var r), r);
    internal Tensor Scalar(ScalarOp op, double s) => Wrap(nl_binary_scalar((int)op, Handle, s, out var r), r);

    private Tensor Reduce(ReduceOp op, long[] dims, bool keepDim) =>
        Wrap(nl_reduce((int)op, Handle, dims, dims.Length, keepDim ? 1 : 0, out var r), r);

    // ---- conversions and views
    public Tensor To(DType dtype) { var d = Device; return Wrap(nl_to(Handle, (int)dtype, (int)d.Type, d.Index, out var r), r); }
    public Tensor To(Device device) => Wrap(nl_to(Handle, (int)DType, (int)device.Type, device.Index, out var r), r);
    public Tensor Contiguous(MemoryFormat format = MemoryFormat.Contiguous) => Wrap(nl_contiguous(Handle, (int)format, out var r), r);
    /// <summary>
    /// PyTorch's <c>x.to(memory_format=...)</c>: exact strides of <paramref name="format"/>, even where
    /// <see cref="Contiguous"/> would keep an ambiguous tensor (size-1 dimensions) unchanged.
    /// </summary>
    public Tensor ToMemoryFormat(MemoryFormat format) => Wrap(nl_to_memory_format(Handle, (int)format, out var r), r);
    public Tensor Clone() => Wrap(nl_clone(Handle, out var r), r);
    /// <summary>Shares storage but is cut from the autograd graph.</summary>
    public Tensor Detach() => Wrap(nl_detach(Handle, out var r), r);
    /// <summary>A second handle to the same tensor (same storage and autograd identity).</summary>
    public Tensor Alias() => Wrap(nl_alias(Handle, out var r), r);
    public Tensor Reshape(params long[] shape) => Wrap(nl_reshape(Handle, shape, shape.Length, out var r), r);
    public Tensor Permute(params long[] dims) => Wrap(nl_permute(Handle, dims, dims.Length, out var r), r);
    public Tensor Transpose(long a, long b) => Wrap(nl_transpose(Handle, a, b, out var r), r);
    public Tensor Flatten(long startDim = 0, long endDim = -1) => Wrap(nl_flatten(Handle, startDim, endDim, out var r), r);
    public Tensor Narrow(long dim, long start, long length) => Wrap(nl_narrow(Handle, dim, start, length, out var r), r);
    public Tensor Select(long dim, long index) => Wrap(nl_select(Handle, dim, index, out var r), r);
    public Tensor Unsqueeze(long dim) => Wrap(nl_unsqueeze(Handle, dim, out var r), r);
    public Tensor Squeeze(long dim) => Wrap(nl_squeeze(Handle, dim, out var r), r);
    public Tensor Expand(params long[] shape) => Wrap(nl_expand(Handle, shape, shape.Length, out var r), r);

    /// <summary>Splits along <paramref name="dim"/> into pieces of the given sizes (MixConv channel groups).</summary>
    public Tensor[] Split(long[] sizes, long dim = 0)
    {
        var outs = new IntPtr[sizes.Length];
        Status.Check(nl_split_with_sizes(Handle, sizes, sizes.Length, dim, outs));
        return outs.Select(h => new Tensor(h)).ToArray();
    }

    // ---- activations and element-wise math
    public Tensor Relu() => Unary(UnaryOp.Relu);
    public Tensor Relu6() => Unary(UnaryOp.Relu6);
    public Tensor HardSwish() => Unary(UnaryOp.HardSwish);
    public Tensor HardSigmoid() => Unary(UnaryOp.HardSigmoid);
    /// <summary>Swish / SiLU: x * sigmoid(x).</summary>
    public Tensor Silu() => Unary(UnaryOp.Silu);
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid);
    public Tensor Tanh() => Unary(UnaryOp.Tanh);
    public Tensor Exp() => Unary(UnaryOp.Exp);
    public Tensor Log() => Unary(UnaryOp.Log);
    public Tensor Neg() => Unary(UnaryOp.Neg);
    public Tensor Abs() => Unary(UnaryOp.Abs);
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt);
    public Tensor Square() => Unary(UnaryOp.Square);
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot);
    public Tensor IsNan() => Unary(UnaryOp.IsNan);
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite);
    public Tensor Pow(double exponent) => Scalar(ScalarOp.Pow, exponent);
    public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent);
    public Tensor Clamp(double min, double max) => Wrap(nl_clamp(Handle, min, max, out var r), r);
    public Tensor ClampMin(double min) => Scalar(ScalarOp.ClampMin, min);
    public Tensor ClampMax(double max) => Scalar(ScalarOp.ClampMax, max);
    public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, other);
    public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, other);
    public Tensor MatMul(Tensor other) => Binary(BinaryOp.MatMul, other);
    public Tensor Softmax(long dim) => Wrap(nl_softmax(Handle, dim, 0, out var r), r);
    public Tensor LogSoftmax(long dim) => Wrap(nl_softmax(Handle, dim, 1, out var r), r);

    // ---- comparisons (bool tensors)
    public Tensor Eq(Tensor other) => Binary(BinaryOp.Eq, other);
    public Tensor Eq(double s) => Scalar(ScalarOp.Eq, s);
    public Tensor Ne(Tensor other) => Binary(BinaryOp.Ne, other);
    public Tensor Gt(Tensor other) => Binary(BinaryOp.Gt, other);
    public Tensor Gt(double s) => Scalar(ScalarOp.Gt, s);
    public Tensor Lt(Tensor other) => Binary(BinaryOp.Lt, other);
    public Tensor Lt(double s) => Scalar(ScalarOp.Lt, s);
    public Tensor Ge(double s) => Scalar(ScalarOp.Ge, s);
    public Tensor Le(double s) => Scalar(ScalarOp.Le, s);

    public static Tensor Where(Tensor condition, Tensor a, Tensor b) => Wrap(nl_where(condition.Handle, a.Handle, b.Handle, out var r), r);

    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8)
    {
        Status.Check(nl_allclose(Handle, other.Handle, rtol, atol, out var r));
        return r != 0;
    }

    // ---- reductions
    public Tensor Sum() => Reduce(ReduceOp.Sum, [], false);
    public Tensor Sum(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim);
    public Tensor Mean() => Reduce(ReduceOp.Mean, [], false);
    public Tensor Mean(long[] dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim);
    public Tensor Max() => Reduce(ReduceOp.Max, [], false);
    public Tensor Max(long dim, bool keepDim = false) => Reduce(ReduceOp.Max, [dim], keepDim);
    public Tensor Min() => Reduce(ReduceOp.Min, [], false);
    public Tensor Min(long dim, bool keepDim = false) => Reduce(ReduceOp.Min, [dim], keepDim);
    public Tensor Prod() => Reduce(ReduceOp.Prod, [], false);
    public Tensor Std() => Reduce(ReduceOp.Std, [], false);
    public Tensor Var() => Reduce(ReduceOp.Var, [], false);
    public Tensor ArgMax(long dim, bool keepDim = false) => Wrap(nl_argmax(Handle, dim, keepDim ? 1 : 0, out var r), r);

    // ---- operators
    public static Tensor operator +(Tensor a, Tensor b) => a.Binary(BinaryOp.Add, b);
    public static Tensor operator -(Tensor a, Tensor b) => a.Binary(BinaryOp.Sub, b);
    public static Tensor operator *(Tensor a, Tensor b) => a.Binary(BinaryOp.Mul, b);
    public static Tensor operator /(Tensor a, Tensor b) => a.Binary(BinaryOp.Div, b);
    public static Tensor operator +(Tensor a, double s) => a.Scalar(ScalarOp.Add, s);
    public static Tensor operator -(Tensor a, double s) => a.Scalar(ScalarOp.Sub, s);
    public static Tensor operator *(Tensor a, double s) => a.Scalar(ScalarOp.Mul, s);
    public static Tensor operator /(Tensor a, double s) => a.Scalar(ScalarOp.Div, s);
    public static Tensor operator +(double s, Tensor a) => a.Scalar(ScalarOp.Add, s);
    public static Tensor operator -(double s, Tensor a) => a.Scalar(ScalarOp.ReverseSub, s);
    public static Tensor operator *(double s, Tensor a) => a.Scalar(ScalarOp.Mul, s);
    public static Tensor operator /(double s, Tensor a) => a.Scalar(ScalarOp.ReverseDiv, s);
    public static Tensor operator -(Tensor a) => a.Unary(UnaryOp.Neg);

    // ---- in-place initialisation (never recorded by autograd)
    public Tensor Fill_(double value) { Status.Check(nl_init_(Handle, (int)InitKind.Fill, value, 0, IntPtr.Zero)); return this; }
    public Tensor Zero_() { Status.Check(nl_init_(Handle, (int)InitKind.Zero, 0, 0, IntPtr.Zero)); return this; }
    public Tensor Uniform_(double low, double high, Generator? generator = null) { Status.Check(nl_init_(Handle, (int)InitKind.Uniform, low, high, generator?.Handle ?? IntPtr.Zero)); return this; }
    public Tensor Normal_(double mean, double std, Generator? generator = null) { Status.Check(nl_init_(Handle, (int)InitKind.Normal, mean, std, generator?.Handle ?? IntPtr.Zero)); return this; }
    /// <summary>Copies <paramref name="source"/>'s values into this tensor (broadcasting, converting dtype).</summary>
    public Tensor Copy_(Tensor source) { Status.Check(nl_copy_(Handle, source.Handle)); return this; }

    /// <summary>
    /// Makes this tensor refer to <paramref name="source"/>'s data (layout, device) while keeping its
    /// identity, so optimizers and modules holding it see the change (PyTorch's <c>p.data = ...</c>).
    /// </summary>
    public void SetData(Tensor source) => Status.Check(nl_set_data(Handle, source.Handle));

    // ---- autograd
    /// <summary>The accumulated gradient, or null before the first backward pass.</summary>
    public Tensor? Grad
    {
        get
        {
            Status.Check(nl_grad(Handle, out var r));
            return r == IntPtr.Zero ? null : new Tensor(r);
        }
    }

    public void Backward(Tensor? gradient = null, bool retainGraph = false) =>
        Status.Check(nl_backward(Handle, gradient?.Handle ?? TensorSafeHandle.Null, retainGraph ? 1 : 0));

    /// <summary>Drops the accumulated gradient.</summary>
    public void ZeroGrad() => Status.Check(nl_zero_grad(Handle));
}
