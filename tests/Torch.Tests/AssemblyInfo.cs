// libtorch tests share two cores and one process-wide thread pool; the memory test measures RSS.
// Running them one at a time keeps both the timing and the RSS figures meaningful.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
