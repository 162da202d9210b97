// Two cores are shared with other work and libtorch has one process-wide thread pool: run the
// controller tests one at a time so their run time stays predictable.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
