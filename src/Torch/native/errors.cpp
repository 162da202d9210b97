// Per-thread last-error storage: the managed side reads it right after a failing call
// on the same thread, so no locking is needed.
#include "shim.h"

namespace {
thread_local std::string last_error;
}

void nl::set_error(const std::string& message) { last_error = message; }

NL_API const char* nl_last_error() { return last_error.c_str(); }
