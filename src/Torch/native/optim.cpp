// Optimizers are libtorch's own (torch::optim), so their update rules match PyTorch's exactly;
// the managed side owns the parameter tensors and passes them in at construction.
#include "shim.h"

#include <torch/optim.h>
#include <torch/serialize.h>

using nl::T;
using nl::TensorHandle;

namespace {
torch::optim::Optimizer& O(void* h) {
  if (h == nullptr) throw std::invalid_argument("null optimizer handle");
  return *static_cast<torch::optim::Optimizer*>(h);
}

std::vector<at::Tensor> Params(const TensorHandle* params, int n) {
  std::vector<at::Tensor> v;
  for (int i = 0; i < n; ++i) v.push_back(T(params[i], "parameter"));
  return v;
}

// Every param group's options expose lr through the common base class.
void SetLr(torch::optim::Optimizer& o, double lr) {
  for (auto& group : o.param_groups()) group.options().set_lr(lr);
}
}  // namespace

NL_API int nl_sgd_new(const TensorHandle* params, int n, double lr, double momentum, double dampening,
                      double weight_decay, int nesterov, void** out) {
  NL_BEGIN
  auto opts = torch::optim::SGDOptions(lr).momentum(momentum).dampening(dampening).weight_decay(weight_decay).nesterov(
      nesterov != 0);
  *out = new torch::optim::SGD(Params(params, n), opts);
  NL_END
}

NL_API int nl_adam_new(const TensorHandle* params, int n, double lr, double beta1, double beta2, double eps,
                       double weight_decay, int amsgrad, void** out) {
  NL_BEGIN
  auto opts = torch::optim::AdamOptions(lr).betas({beta1, beta2}).eps(eps).weight_decay(weight_decay).amsgrad(
      amsgrad != 0);
  *out = new torch::optim::Adam(Params(params, n), opts);
  NL_END
}

NL_API void nl_optim_free(void* h) { delete static_cast<torch::optim::Optimizer*>(h); }

NL_API int nl_optim_step(void* h) {
  NL_BEGIN
  O(h).step();
  NL_END
}

NL_API int nl_optim_zero_grad(void* h) {
  NL_BEGIN
  // Reset (not zero-fill) gradients, as PyTorch 2.x does by default.
  for (auto& group : O(h).param_groups())
    for (auto& p : group.params())
      if (p.grad().defined()) p.mutable_grad().reset();
  NL_END
}

NL_API int nl_optim_set_lr(void* h, double lr) {
  NL_BEGIN
  SetLr(O(h), lr);
  NL_END
}

NL_API int nl_optim_get_lr(void* h, double* lr) {
  NL_BEGIN
  *lr = O(h).param_groups().at(0).options().get_lr();
  NL_END
}

// Optimizer state (momentum buffers, Adam moments and step counts) in libtorch's archive format.
NL_API int nl_optim_save(void* h, const char* path) {
  NL_BEGIN
  torch::serialize::OutputArchive archive;
  O(h).save(archive);
  archive.save_to(std::string(path));
  NL_END
}

NL_API int nl_optim_load(void* h, const char* path) {
  NL_BEGIN
  torch::serialize::InputArchive archive;
  archive.load_from(std::string(path));
  O(h).load(archive);
  NL_END
}
