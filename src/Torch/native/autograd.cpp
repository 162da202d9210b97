// Autograd: leaf flags, backward, gradients, the thread-local grad mode, and gradient clipping.
#include "shim.h"

#include <c10/core/GradMode.h>
#include <cmath>

using nl::T;
using nl::TensorHandle;
using nl::Wrap;

NL_API int nl_set_requires_grad(TensorHandle t, int value) {
  NL_BEGIN
  T(t).set_requires_grad(value != 0);
  NL_END
}

NL_API int nl_backward(TensorHandle t, TensorHandle grad, int retain_graph) {
  NL_BEGIN
  at::Tensor g = grad != nullptr ? T(grad, "gradient") : at::Tensor();
  T(t).backward(g, retain_graph != 0);
  NL_END
}

// Writes a new handle to the gradient, or null when the tensor has none yet.
NL_API int nl_grad(TensorHandle t, TensorHandle* out) {
  NL_BEGIN
  const at::Tensor& g = T(t).grad();
  *out = g.defined() ? Wrap(g) : nullptr;
  NL_END
}

NL_API int nl_zero_grad(TensorHandle t) {
  NL_BEGIN
  at::Tensor& x = T(t);
  // Dropping the gradient (set_to_none) is what PyTorch >= 2.0 does and saves a memset per step.
  if (x.grad().defined()) x.mutable_grad().reset();
  NL_END
}

NL_API int nl_set_grad_enabled(int enabled, int* previous) {
  NL_BEGIN
  *previous = c10::GradMode::is_enabled() ? 1 : 0;
  c10::GradMode::set_enabled(enabled != 0);
  NL_END
}

// Scales gradients so that their joint L2 norm is at most max_norm (torch.nn.utils.clip_grad_norm_).
NL_API int nl_clip_grad_norm(const TensorHandle* params, int n, double max_norm, double* total_norm) {
  NL_BEGIN
  at::NoGradGuard no_grad;
  std::vector<at::Tensor> grads;
  for (int i = 0; i < n; ++i) {
    const at::Tensor& g = T(params[i], "parameter").grad();
    if (g.defined()) grads.push_back(g);
  }
  double norm = 0.0;
  if (!grads.empty()) {
    std::vector<at::Tensor> norms;
    for (auto& g : grads) norms.push_back(g.norm(2));
    norm = at::stack(norms).norm(2).item<double>();
    const double coef = max_norm / (norm + 1e-6);
    if (coef < 1.0)
      for (auto& g : grads) g.mul_(coef);
  }
  *total_norm = norm;
  NL_END
}
