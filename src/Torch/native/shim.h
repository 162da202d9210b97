// Common declarations for the NasLab libtorch shim.
//
// Contract with the managed side (src/Torch/Native/*.cs):
//  * every exported function returns int: 0 on success, non-zero on failure;
//  * on failure the message is kept per thread and read with nl_last_error();
//  * tensors cross the boundary as opaque heap-allocated at::Tensor* handles that the
//    managed side frees exactly once with nl_tensor_free;
//  * no C++ exception ever escapes (NL_BEGIN / NL_END wrap every body).
#pragma once

#include <ATen/ATen.h>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#define NL_API extern "C" __attribute__((visibility("default")))

namespace nl {

void set_error(const std::string& message);

using TensorHandle = at::Tensor*;

// Dereferences a handle, turning a null handle into a catchable error instead of a segfault.
inline at::Tensor& T(TensorHandle h, const char* what = "tensor") {
  if (h == nullptr) throw std::invalid_argument(std::string("null handle passed for ") + what);
  if (!h->defined()) throw std::invalid_argument(std::string("undefined tensor passed for ") + what);
  return *h;
}

// Optional tensor argument: null handle means "absent".
inline c10::optional<at::Tensor> Opt(TensorHandle h) {
  if (h == nullptr || !h->defined()) return c10::nullopt;
  return *h;
}

inline TensorHandle Wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

inline at::IntArrayRef Ints(const int64_t* data, int n) { return at::IntArrayRef(data, static_cast<size_t>(n)); }

inline std::vector<at::Tensor> TensorList(const TensorHandle* handles, int n) {
  std::vector<at::Tensor> v;
  v.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) v.push_back(T(handles[i], "tensor list element"));
  return v;
}

// Memory formats as the managed enum numbers them.
inline at::MemoryFormat Format(int code) {
  switch (code) {
    case 0: return at::MemoryFormat::Contiguous;
    case 1: return at::MemoryFormat::ChannelsLast;
    case 2: return at::MemoryFormat::Preserve;
    default: throw std::invalid_argument("unknown memory format code " + std::to_string(code));
  }
}

inline at::Device MakeDevice(int type, int index) {
  switch (type) {
    case 0: return at::Device(at::kCPU);
    case 1: return at::Device(at::kCUDA, static_cast<c10::DeviceIndex>(index));
    default: throw std::invalid_argument("unknown device type code " + std::to_string(type));
  }
}

}  // namespace nl

#define NL_BEGIN try {
#define NL_END                                                   \
  return 0;                                                      \
  }                                                              \
  catch (const c10::Error& e) {                                  \
    nl::set_error(e.what_without_backtrace());                   \
    return 1;                                                    \
  }                                                              \
  catch (const std::exception& e) {                              \
    nl::set_error(e.what());                                     \
    return 1;                                                    \
  }                                                              \
  catch (...) {                                                  \
    nl::set_error("unknown native exception in naslab_torch");   \
    return 1;                                                    \
  }
