using System.Runtime.CompilerServices;
using NasLab.SearchSpace.Engine;

namespace NasLab.Controller.Tests.Support;

internal static class TestProcessSetup
{
    /// <summary>
    /// One intra-op thread: the controller's tensors are tiny, and on a shared two-core machine libtorch's
    /// thread pool makes each op many times slower (see bench/Controller.Bench). Runs in the test host
    /// and in the resumption child process alike.
    /// </summary>
    [ModuleInitializer]
    internal static void SingleThreadedTorch() => TorchEngine.NumThreads = 1;
}
