// Neural-network operators: convolution, normalisation, pooling, losses, recurrent cells, sampling.
#include "shim.h"

#include <ATen/core/Generator.h>

using nl::Ints;
using nl::Opt;
using nl::T;
using nl::TensorHandle;
using nl::Wrap;

NL_API int nl_conv2d(TensorHandle x, TensorHandle w, TensorHandle b, const int64_t* stride, const int64_t* padding,
                     const int64_t* dilation, int64_t groups, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::conv2d(T(x, "input"), T(w, "weight"), Opt(b), Ints(stride, 2), Ints(padding, 2), Ints(dilation, 2),
                         groups));
  NL_END
}

// Batch norm; in training mode libtorch updates running_mean / running_var in place.
NL_API int nl_batch_norm(TensorHandle x, TensorHandle w, TensorHandle b, TensorHandle running_mean,
                         TensorHandle running_var, int training, double momentum, double eps, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::batch_norm(T(x, "input"), Opt(w), Opt(b), Opt(running_mean), Opt(running_var), training != 0,
                             momentum, eps, /*cudnn_enabled=*/true));
  NL_END
}

NL_API int nl_linear(TensorHandle x, TensorHandle w, TensorHandle b, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::linear(T(x, "input"), T(w, "weight"), Opt(b)));
  NL_END
}

NL_API int nl_softmax(TensorHandle x, int64_t dim, int log, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(log != 0 ? at::log_softmax(T(x), dim) : at::softmax(T(x), dim));
  NL_END
}

NL_API int nl_avg_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                         int ceil_mode, int count_include_pad, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::avg_pool2d(T(x), Ints(kernel, 2), Ints(stride, 2), Ints(padding, 2), ceil_mode != 0,
                             count_include_pad != 0));
  NL_END
}

NL_API int nl_max_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride, const int64_t* padding,
                         const int64_t* dilation, int ceil_mode, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::max_pool2d(T(x), Ints(kernel, 2), Ints(stride, 2), Ints(padding, 2), Ints(dilation, 2),
                             ceil_mode != 0));
  NL_END
}

NL_API int nl_adaptive_avg_pool2d(TensorHandle x, const int64_t* output_size, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::adaptive_avg_pool2d(T(x), Ints(output_size, 2)));
  NL_END
}

// Constant padding; pads are given last dimension first, as in torch.nn.functional.pad.
NL_API int nl_pad(TensorHandle x, const int64_t* pads, int n, double value, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::constant_pad_nd(T(x), Ints(pads, n), value));
  NL_END
}

NL_API int nl_dropout(TensorHandle x, double p, int training, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::dropout(T(x), p, training != 0));
  NL_END
}

// reduction: 0 none, 1 mean, 2 sum (at::Reduction numbering).
NL_API int nl_cross_entropy(TensorHandle logits, TensorHandle target, TensorHandle weight, int reduction,
                            int64_t ignore_index, double label_smoothing, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::cross_entropy_loss(T(logits, "logits"), T(target, "target"), Opt(weight), reduction, ignore_index,
                                     label_smoothing));
  NL_END
}

NL_API int nl_nll_loss(TensorHandle logp, TensorHandle target, int reduction, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::nll_loss(T(logp, "log-probabilities"), T(target, "target"), {}, reduction));
  NL_END
}

NL_API int nl_mse_loss(TensorHandle a, TensorHandle b, int reduction, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::mse_loss(T(a), T(b), reduction));
  NL_END
}

NL_API int nl_embedding(TensorHandle weight, TensorHandle indices, TensorHandle* out) {
  NL_BEGIN
  *out = Wrap(at::embedding(T(weight, "weight"), T(indices, "indices")));
  NL_END
}

NL_API int nl_lstm_cell(TensorHandle x, TensorHandle h, TensorHandle c, TensorHandle w_ih, TensorHandle w_hh,
                        TensorHandle b_ih, TensorHandle b_hh, TensorHandle* out_h, TensorHandle* out_c) {
  NL_BEGIN
  auto hc = at::lstm_cell(T(x, "input"), {T(h, "hidden state"), T(c, "cell state")}, T(w_ih, "w_ih"),
                          T(w_hh, "w_hh"), Opt(b_ih), Opt(b_hh));
  *out_h = Wrap(std::get<0>(hc));
  *out_c = Wrap(std::get<1>(hc));
  NL_END
}

NL_API int nl_multinomial(TensorHandle probs, int64_t n, int replacement, void* generator, TensorHandle* out) {
  NL_BEGIN
  c10::optional<at::Generator> gen;
  if (generator != nullptr) gen = *static_cast<at::Generator*>(generator);
  *out = Wrap(at::multinomial(T(probs, "probabilities"), n, replacement != 0, gen));
  NL_END
}
