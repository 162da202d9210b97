// Tensor lifetime, creation, metadata, data transfer and layout conversions.
#include "shim.h"

#include <cstring>

using nl::Ints;
using nl::T;
using nl::TensorHandle;
using nl::Wrap;

namespace {
at::TensorOptions Options(int dtype, int device_type, int device_index) {
  return at::TensorOptions()
      .dtype(static_cast<at::ScalarType>(dtype))
      .device(nl::MakeDevice(device_type, device_index));
}

at::Generator* GenOrNull(void* g) { return static_cast<at::Generator*>(g); }
c10::optional<at::Generator> OptGen(void* g) {
  if (g == nullptr) return c10::nullopt;
  return *GenOrNull(g);
}
}  // namespace

NL_API void nl_tensor_free(TensorHandle t) { delete t; }

// kind: 0 empty, 1 zeros, 2 ones, 3 full(value), 4 randn, 5 rand (uniform [0,1))
NL_API int nl_create(int kind, const int64_t* shape, int ndim, int dtype, int device_type, int device_index,
                     double value, void* generator, TensorHandle* out) {
  NL_BEGIN
  auto opts = Options(dtype, device_type, device_index);
  auto size = Ints(shape, ndim);
  switch (kind) {
    case 0: *out = Wrap(at::empty(size, opts)); break;
    case 1: *out = Wrap(at::zeros(size, opts)); break;
    case 2: *out = Wrap(at::ones(size, opts)); break;
    case 3: *out = Wrap(at::full(size, value, opts)); break;
    case 4: *out = Wrap(at::randn(size, OptGen(generator), opts)); break;
    case 5: *out = Wrap(at::rand(size, OptGen(generator), opts)); break;
    default: throw std::invalid_argument("unknown creation kind " + std::to_string(kind));
  }
  NL_END
}

NL_API int nl_arange(double start, double end, double step, int dtype, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::arange(start, end, step, at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype))));
  NL_END
}

// Copies nbytes from host memory into a new CPU tensor (one memcpy, no per-element work).
NL_API int nl_from_data(const void* data, int64_t nbytes, const int64_t* shape, int ndim, int dtype, TensorHandle* out) {
  NL_BEGIN
  at::Tensor t = at::empty(Ints(shape, ndim), at::TensorOptions().dtype(static_cast<at::ScalarType>(dtype)));
  const int64_t expected = t.numel() * static_cast<int64_t>(t.element_size());
  if (expected != nbytes)
    throw std::invalid_argument("data has " + std::to_string(nbytes) + " bytes but shape " +
                                c10::str(t.sizes()) + " of " + std::string(c10::toString(t.scalar_type())) +
                                " needs " + std::to_string(expected));
  if (nbytes > 0) std::memcpy(t.data_ptr(), data, static_cast<size_t>(nbytes));
  *out = Wrap(std::move(t));
  NL_END
}

// Copies the tensor's elements in logical (row-major) order into host memory.
NL_API int nl_copy_to_host(TensorHandle t, void* data, int64_t nbytes) {
  NL_BEGIN
  at::Tensor src = T(t).detach().to(at::kCPU).contiguous();
  const int64_t have = src.numel() * static_cast<int64_t>(src.element_size());
  if (have != nbytes)
    throw std::invalid_argument("destination has " + std::to_string(nbytes) + " bytes but tensor of shape " +
                                c10::str(src.sizes()) + " holds " + std::to_string(have));
  if (nbytes > 0) std::memcpy(data, src.data_ptr(), static_cast<size_t>(nbytes));
  NL_END
}

// Overwrites the tensor's elements from host memory (used by state loading; bypasses autograd).
NL_API int nl_copy_from_host(TensorHandle t, const void* data, int64_t nbytes) {
  NL_BEGIN
  at::Tensor& dst = T(t);
  const int64_t need = dst.numel() * static_cast<int64_t>(dst.element_size());
  if (need != nbytes)
    throw std::invalid_argument("source has " + std::to_string(nbytes) + " bytes but tensor of shape " +
                                c10::str(dst.sizes()) + " needs " + std::to_string(need));
  at::Tensor tmp = at::empty(dst.sizes(), dst.options().device(at::kCPU).memory_format(at::MemoryFormat::Contiguous));
  if (nbytes > 0) std::memcpy(tmp.data_ptr(), data, static_cast<size_t>(nbytes));
  at::NoGradGuard no_grad;
  dst.copy_(tmp);
  NL_END
}

NL_API int nl_tensor_info(TensorHandle t, int* ndim, int* dtype, int* device_type, int* device_index, int* requires_grad) {
  NL_BEGIN
  const at::Tensor& x = T(t);
  *ndim = static_cast<int>(x.dim());
  *dtype = static_cast<int>(x.scalar_type());
  *device_type = x.device().is_cuda() ? 1 : 0;
  *device_index = x.device().has_index() ? x.device().index() : 0;
  *requires_grad = x.requires_grad() ? 1 : 0;
  NL_END
}

NL_API int nl_tensor_shape(TensorHandle t, int64_t* shape, int capacity) {
  NL_BEGIN
  const at::Tensor& x = T(t);
  if (x.dim() > capacity) throw std::invalid_argument("shape buffer too small");
  for (int64_t i = 0; i < x.dim(); ++i) shape[i] = x.size(i);
  NL_END
}

NL_API int nl_tensor_is_contiguous(TensorHandle t, int format, int* out) {
  NL_BEGIN
  *out = T(t).is_contiguous(nl::Format(format)) ? 1 : 0;
  NL_END
}

NL_API int nl_item(TensorHandle t, double* out) {
  NL_BEGIN
  *out = T(t).item<double>();
  NL_END
}

// --- Layout, dtype and device conversions.

NL_API int nl_to(TensorHandle t, int dtype, int device_type, int device_index, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).to(nl::MakeDevice(device_type, device_index), static_cast<at::ScalarType>(dtype)));
  NL_END
}

NL_API int nl_contiguous(TensorHandle t, int format, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).contiguous(nl::Format(format)));
  NL_END
}

// Like PyTorch's x.to(memory_format=...): allocates the exact strides of the format whenever the
// tensor's suggested format differs. contiguous() instead keeps ambiguous tensors as they are (a
// [O, I, 1, 1] or [C, 1, k, k] weight counts as channels-last-contiguous with NCHW strides), and
// oneDNN then picks slow blocked-NCHW kernels with reorders for the whole layer.
NL_API int nl_to_memory_format(TensorHandle t, int format, TensorHandle* out) {
  NL_BEGIN
  at::Tensor& x = T(t);
  *out = Wrap(x.to(x.options(), /*non_blocking=*/false, /*copy=*/false, nl::Format(format)));
  NL_END
}

NL_API int nl_clone(TensorHandle t, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).clone());
  NL_END
}

NL_API int nl_detach(TensorHandle t, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).detach());
  NL_END
}

NL_API int nl_alias(TensorHandle t, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t));
  NL_END
}

NL_API int nl_reshape(TensorHandle t, const int64_t* shape, int ndim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).reshape(Ints(shape, ndim)));
  NL_END
}

NL_API int nl_permute(TensorHandle t, const int64_t* dims, int ndim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).permute(Ints(dims, ndim)));
  NL_END
}

NL_API int nl_transpose(TensorHandle t, int64_t a, int64_t b, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).transpose(a, b));
  NL_END
}

NL_API int nl_flatten(TensorHandle t, int64_t start, int64_t end, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).flatten(start, end));
  NL_END
}

NL_API int nl_narrow(TensorHandle t, int64_t dim, int64_t start, int64_t length, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).narrow(dim, start, length));
  NL_END
}

NL_API int nl_select(TensorHandle t, int64_t dim, int64_t index, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).select(dim, index));
  NL_END
}

NL_API int nl_unsqueeze(TensorHandle t, int64_t dim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).unsqueeze(dim));
  NL_END
}

NL_API int nl_squeeze(TensorHandle t, int64_t dim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).squeeze(dim));
  NL_END
}

NL_API int nl_expand(TensorHandle t, const int64_t* shape, int ndim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(T(t).expand(Ints(shape, ndim)));
  NL_END
}

NL_API int nl_cat(const TensorHandle* ts, int n, int64_t dim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::cat(nl::TensorList(ts, n), dim));
  NL_END
}

NL_API int nl_stack(const TensorHandle* ts, int n, int64_t dim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::stack(nl::TensorList(ts, n), dim));
  NL_END
}

// Splits into pieces of the given sizes along dim; outs must have room for n handles.
NL_API int nl_split_with_sizes(TensorHandle t, const int64_t* sizes, int n, int64_t dim, TensorHandle* outs) {
  NL_BEGIN
  auto parts = T(t).split_with_sizes(Ints(sizes, n), dim);
  for (int i = 0; i < n; ++i) outs[i] = Wrap(parts[static_cast<size_t>(i)]);
  NL_END
}

// --- In-place initialisation, always outside autograd (parameters are leaves).
// kind: 0 fill(a), 1 uniform(a, b), 2 normal(mean a, std b), 3 zero
NL_API int nl_init_(TensorHandle t, int kind, double a, double b, void* generator) {
  NL_BEGIN
  at::NoGradGuard no_grad;
  at::Tensor& x = T(t);
  switch (kind) {
    case 0: x.fill_(a); break;
    case 1: x.uniform_(a, b, OptGen(generator)); break;
    case 2: x.normal_(a, b, OptGen(generator)); break;
    case 3: x.zero_(); break;
    default: throw std::invalid_argument("unknown init kind " + std::to_string(kind));
  }
  NL_END
}

NL_API int nl_copy_(TensorHandle dst, TensorHandle src) {
  NL_BEGIN
  at::NoGradGuard no_grad;
  T(dst, "destination").copy_(T(src, "source"));
  NL_END
}

// Replaces the storage a handle refers to (used to move parameters to another memory format or
// device while keeping the managed Tensor object, and so the module's references, unchanged).
NL_API int nl_set_data(TensorHandle dst, TensorHandle src) {
  NL_BEGIN
  T(dst, "destination").set_data(T(src, "source"));
  NL_END
}
