// Element-wise and reduction operators, dispatched by small op codes so the C ABI stays narrow.
// The codes are mirrored by the managed enums in Native/OpCodes.cs: keep both in sync.
#include "shim.h"

using nl::Ints;
using nl::T;
using nl::TensorHandle;
using nl::Wrap;

namespace {
at::Tensor Unary(int op, const at::Tensor& x) {
  switch (op) {
    case 0: return at::relu(x);
    case 1: return at::hardtanh(x, 0.0, 6.0);  // relu6
    case 2: return at::hardswish(x);
    case 3: return at::hardsigmoid(x);
    case 4: return at::silu(x);  // swish
    case 5: return at::sigmoid(x);
    case 6: return at::tanh(x);
    case 7: return at::exp(x);
    case 8: return at::log(x);
    case 9: return at::neg(x);
    case 10: return at::abs(x);
    case 11: return at::sqrt(x);
    case 12: return at::square(x);
    case 13: return at::logical_not(x);
    case 14: return at::isnan(x);
    case 15: return at::isfinite(x);
    default: throw std::invalid_argument("unknown unary op code " + std::to_string(op));
  }
}

at::Tensor Binary(int op, const at::Tensor& a, const at::Tensor& b) {
  switch (op) {
    case 0: return at::add(a, b);
    case 1: return at::sub(a, b);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::eq(a, b);
    case 5: return at::ne(a, b);
    case 6: return at::gt(a, b);
    case 7: return at::lt(a, b);
    case 8: return at::ge(a, b);
    case 9: return at::le(a, b);
    case 10: return at::maximum(a, b);
    case 11: return at::minimum(a, b);
    case 12: return at::pow(a, b);
    case 13: return at::matmul(a, b);
    default: throw std::invalid_argument("unknown binary op code " + std::to_string(op));
  }
}

at::Tensor BinaryScalar(int op, const at::Tensor& a, double s) {
  switch (op) {
    case 0: return at::add(a, s);
    case 1: return at::sub(a, s);
    case 2: return at::mul(a, s);
    case 3: return at::div(a, s);
    case 4: return at::eq(a, s);
    case 5: return at::ne(a, s);
    case 6: return at::gt(a, s);
    case 7: return at::lt(a, s);
    case 8: return at::ge(a, s);
    case 9: return at::le(a, s);
    case 10: return at::clamp_min(a, s);
    case 11: return at::clamp_max(a, s);
    case 12: return at::pow(a, s);
    case 13: return at::sub(at::scalar_tensor(s, a.options()), a);  // s - a
    case 14: return at::div(at::scalar_tensor(s, a.options()), a);  // s / a
    default: throw std::invalid_argument("unknown scalar op code " + std::to_string(op));
  }
}
}  // namespace

NL_API int nl_unary(int op, TensorHandle x, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(Unary(op, T(x)));
  NL_END
}

NL_API int nl_binary(int op, TensorHandle a, TensorHandle b, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(Binary(op, T(a, "left operand"), T(b, "right operand")));
  NL_END
}

NL_API int nl_binary_scalar(int op, TensorHandle a, double s, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(BinaryScalar(op, T(a), s));
  NL_END
}

NL_API int nl_clamp(TensorHandle x, double lo, double hi, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::clamp(T(x), lo, hi));
  NL_END
}

// Reductions over the given dims (ndims == 0 reduces everything).
// op: 0 sum, 1 mean, 2 amax, 3 amin, 4 prod (all dims only), 5 std (unbiased), 6 var (unbiased)
NL_API int nl_reduce(int op, TensorHandle x, const int64_t* dims, int ndims, int keepdim, TensorHandle* out) {
  NL_BEGIN
  const at::Tensor& t = T(x);
  auto d = Ints(dims, ndims);
  bool keep = keepdim != 0;
  switch (op) {
    case 0: *out = Wrap(ndims == 0 ? at::sum(t) : at::sum(t, d, keep)); break;
    case 1: *out = Wrap(ndims == 0 ? at::mean(t) : at::mean(t, d, keep)); break;
    case 2: *out = Wrap(at::amax(t, d, keep)); break;
    case 3: *out = Wrap(at::amin(t, d, keep)); break;
    case 4:
      if (ndims != 0) throw std::invalid_argument("prod supports only a full reduction");
      *out = Wrap(at::prod(t));
      break;
    case 5: *out = Wrap(ndims == 0 ? at::std(t) : at::std(t, d, /*unbiased=*/true, keep)); break;
    case 6: *out = Wrap(ndims == 0 ? at::var(t) : at::var(t, d, /*unbiased=*/true, keep)); break;
    default: throw std::invalid_argument("unknown reduction op code " + std::to_string(op));
  }
  NL_END
}

NL_API int nl_argmax(TensorHandle x, int64_t dim, int keepdim, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::argmax(T(x), dim, keepdim != 0));
  NL_END
}

NL_API int nl_where(TensorHandle cond, TensorHandle a, TensorHandle b, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::where(T(cond, "condition"), T(a), T(b)));
  NL_END
}

NL_API int nl_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int* out) {
  NL_BEGIN
  *out = at::allclose(T(a), T(b), rtol, atol) ? 1 : 0;
  NL_END
}
