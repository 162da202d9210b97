using System.Runtime.InteropServices;

namespace NasLab.Torch.Native;

// P/Invoke declarations of the shim (src/Torch/native). Every function except the *_free ones
// returns a status code that Status.Check turns into a TorchException.
#pragma warning disable IDE1006 // Names mirror the C symbols.
internal static class NativeMethods
{
    private const string Lib = NativeLibraryLoader.LibraryName;
    private const CallingConvention Cc = CallingConvention.Cdecl;

    // errors, runtime
    [DllImport(Lib, CallingConvention = Cc)] public static extern IntPtr nl_last_error();
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_manual_seed(ulong seed);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_set_num_threads(int n);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_get_num_threads(out int n);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_version(byte[] buffer, int capacity);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_cuda_device_count(out int n);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_generator_new(ulong seed, out IntPtr gen);
    [DllImport(Lib, CallingConvention = Cc)] public static extern void nl_generator_free(IntPtr gen);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_generator_state_size(IntPtr gen, out long size);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_generator_get_state(IntPtr gen, byte[] buffer, long capacity);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_generator_set_state(IntPtr gen, byte[] buffer, long size);

    // tensor lifetime and metadata
    [DllImport(Lib, CallingConvention = Cc)] public static extern void nl_tensor_free(IntPtr t);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_create(int kind, long[] shape, int ndim, int dtype, int deviceType, int deviceIndex, double value, IntPtr generator, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_arange(double start, double end, double step, int dtype, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern unsafe int nl_from_data(void* data, long nbytes, long[] shape, int ndim, int dtype, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern unsafe int nl_copy_to_host(TensorSafeHandle t, void* data, long nbytes);
    [DllImport(Lib, CallingConvention = Cc)] public static extern unsafe int nl_copy_from_host(TensorSafeHandle t, void* data, long nbytes);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_tensor_info(TensorSafeHandle t, out int ndim, out int dtype, out int deviceType, out int deviceIndex, out int requiresGrad);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_tensor_shape(TensorSafeHandle t, long[] shape, int capacity);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_tensor_is_contiguous(TensorSafeHandle t, int format, out int result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_item(TensorSafeHandle t, out double value);

    // views and conversions
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_to(TensorSafeHandle t, int dtype, int deviceType, int deviceIndex, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_contiguous(TensorSafeHandle t, int format, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_to_memory_format(TensorSafeHandle t, int format, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_clone(TensorSafeHandle t, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_detach(TensorSafeHandle t, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_alias(TensorSafeHandle t, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_reshape(TensorSafeHandle t, long[] shape, int ndim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_permute(TensorSafeHandle t, long[] dims, int ndim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_transpose(TensorSafeHandle t, long a, long b, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_flatten(TensorSafeHandle t, long start, long end, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_narrow(TensorSafeHandle t, long dim, long start, long length, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_select(TensorSafeHandle t, long dim, long index, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_unsqueeze(TensorSafeHandle t, long dim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_squeeze(TensorSafeHandle t, long dim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_expand(TensorSafeHandle t, long[] shape, int ndim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_cat(IntPtr[] tensors, int n, long dim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_stack(IntPtr[] tensors, int n, long dim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_split_with_sizes(TensorSafeHandle t, long[] sizes, int n, long dim, IntPtr[] results);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_init_(TensorSafeHandle t, int kind, double a, double b, IntPtr generator);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_copy_(TensorSafeHandle dst, TensorSafeHandle src);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_set_data(TensorSafeHandle dst, TensorSafeHandle src);

    // element-wise and reductions
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_unary(int op, TensorSafeHandle x, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_binary(int op, TensorSafeHandle a, TensorSafeHandle b, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_binary_scalar(int op, TensorSafeHandle a, double s, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_clamp(TensorSafeHandle x, double lo, double hi, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_reduce(int op, TensorSafeHandle x, long[] dims, int ndims, int keepdim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_argmax(TensorSafeHandle x, long dim, int keepdim, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_where(TensorSafeHandle cond, TensorSafeHandle a, TensorSafeHandle b, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_allclose(TensorSafeHandle a, TensorSafeHandle b, double rtol, double atol, out int result);

    // nn
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_conv2d(TensorSafeHandle x, TensorSafeHandle w, TensorSafeHandle b, long[] stride, long[] padding, long[] dilation, long groups, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_batch_norm(TensorSafeHandle x, TensorSafeHandle w, TensorSafeHandle b, TensorSafeHandle runningMean, TensorSafeHandle runningVar, int training, double momentum, double eps, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_linear(TensorSafeHandle x, TensorSafeHandle w, TensorSafeHandle b, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_softmax(TensorSafeHandle x, long dim, int log, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_avg_pool2d(TensorSafeHandle x, long[] kernel, long[] stride, long[] padding, int ceilMode, int countIncludePad, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_max_pool2d(TensorSafeHandle x, long[] kernel, long[] stride, long[] padding, long[] dilation, int ceilMode, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_adaptive_avg_pool2d(TensorSafeHandle x, long[] outputSize, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_pad(TensorSafeHandle x, long[] pads, int n, double value, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_dropout(TensorSafeHandle x, double p, int training, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_cross_entropy(TensorSafeHandle logits, TensorSafeHandle target, TensorSafeHandle weight, int reduction, long ignoreIndex, double labelSmoothing, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_nll_loss(TensorSafeHandle logp, TensorSafeHandle target, int reduction, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_mse_loss(TensorSafeHandle a, TensorSafeHandle b, int reduction, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_embedding(TensorSafeHandle weight, TensorSafeHandle indices, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_lstm_cell(TensorSafeHandle x, TensorSafeHandle h, TensorSafeHandle c, TensorSafeHandle wIh, TensorSafeHandle wHh, TensorSafeHandle bIh, TensorSafeHandle bHh, out IntPtr hOut, out IntPtr cOut);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_multinomial(TensorSafeHandle probs, long n, int replacement, IntPtr generator, out IntPtr result);

    // autograd
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_set_requires_grad(TensorSafeHandle t, int value);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_backward(TensorSafeHandle t, TensorSafeHandle grad, int retainGraph);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_grad(TensorSafeHandle t, out IntPtr result);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_zero_grad(TensorSafeHandle t);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_set_grad_enabled(int enabled, out int previous);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_clip_grad_norm(IntPtr[] parameters, int n, double maxNorm, out double totalNorm);

    // optimizers
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_sgd_new(IntPtr[] parameters, int n, double lr, double momentum, double dampening, double weightDecay, int nesterov, out IntPtr optimizer);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_adam_new(IntPtr[] parameters, int n, double lr, double beta1, double beta2, double eps, double weightDecay, int amsgrad, out IntPtr optimizer);
    [DllImport(Lib, CallingConvention = Cc)] public static extern void nl_optim_free(IntPtr optimizer);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_step(IntPtr optimizer);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_zero_grad(IntPtr optimizer);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_set_lr(IntPtr optimizer, double lr);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_get_lr(IntPtr optimizer, out double lr);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_save(IntPtr optimizer, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
    [DllImport(Lib, CallingConvention = Cc)] public static extern int nl_optim_load(IntPtr optimizer, [MarshalAs(UnmanagedType.LPUTF8Str)] string path);
}
