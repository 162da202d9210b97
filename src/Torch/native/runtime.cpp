// Process-wide runtime controls: seeding, threads, versions, devices, RNG generators.
#include "shim.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>
#include <ATen/core/Generator.h>
#include <torch/version.h>
#include <cstdlib>
#include <cstring>
#include <malloc.h>

namespace {
// libtorch allocates and frees activation-sized blocks (megabytes) every training step. In a .NET
// host, glibc maps and unmaps those blocks each time and trims the heap back, so every page is
// faulted in and zeroed again: about 2,500 extra page faults per MnasNet-B1 step, with training up
// to 2x slower than PyTorch on the same libtorch (measured; the python process shows no such
// faults). Keeping large blocks in the heap and not trimming it gives flat page faults and PyTorch's
// speed. RSS stays at the peak a step needs, as with PyTorch. NASLAB_MALLOC_DEFAULTS=1 opts out.
struct MallocTuning {
  MallocTuning() {
    if (std::getenv("NASLAB_MALLOC_DEFAULTS") != nullptr) return;
    mallopt(M_MMAP_THRESHOLD, 32 << 20);  // glibc's maximum dynamic threshold on 64-bit
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
  }
};
const MallocTuning malloc_tuning;
}  // namespace

NL_API int nl_manual_seed(uint64_t seed) {
  NL_BEGIN
  at::manual_seed(seed);
  NL_END
}

NL_API int nl_set_num_threads(int n) {
  NL_BEGIN
  at::set_num_threads(n);
  NL_END
}

NL_API int nl_get_num_threads(int* out) {
  NL_BEGIN
  *out = at::get_num_threads();
  NL_END
}

NL_API int nl_version(char* buffer, int capacity) {
  NL_BEGIN
  std::snprintf(buffer, static_cast<size_t>(capacity), "%s", TORCH_VERSION);
  NL_END
}

NL_API int nl_cuda_device_count(int* out) {
  NL_BEGIN
  *out = at::hasCUDA() ? 1 : 0;
  NL_END
}

// --- Generators: independent random streams (the controller samples from its own so that
// child training never perturbs the search's sequence) whose state can be saved and restored.

NL_API int nl_generator_new(uint64_t seed, void** out) {
  NL_BEGIN
  auto* g = new at::Generator(at::make_generator<at::CPUGeneratorImpl>(seed));
  *out = g;
  NL_END
}

NL_API void nl_generator_free(void* g) { delete static_cast<at::Generator*>(g); }

// The default (global) generator is addressed with a null handle.
static at::Generator& Gen(void* g) {
  if (g == nullptr) return const_cast<at::Generator&>(at::detail::getDefaultCPUGenerator());
  return *static_cast<at::Generator*>(g);
}

NL_API int nl_generator_state_size(void* g, int64_t* out) {
  NL_BEGIN
  *out = Gen(g).get_state().numel();
  NL_END
}

NL_API int nl_generator_get_state(void* g, uint8_t* buffer, int64_t capacity) {
  NL_BEGIN
  auto& gen = Gen(g);
  std::lock_guard<std::mutex> lock(gen.mutex());
  at::Tensor state = gen.get_state();
  if (state.numel() > capacity) throw std::invalid_argument("generator state buffer too small");
  std::memcpy(buffer, state.data_ptr<uint8_t>(), static_cast<size_t>(state.numel()));
  NL_END
}

NL_API int nl_generator_set_state(void* g, const uint8_t* buffer, int64_t size) {
  NL_BEGIN
  auto& gen = Gen(g);
  at::Tensor state = at::empty({size}, at::kByte);
  std::memcpy(state.data_ptr<uint8_t>(), buffer, static_cast<size_t>(size));
  std::lock_guard<std::mutex> lock(gen.mutex());
  gen.set_state(state);
  NL_END
}
