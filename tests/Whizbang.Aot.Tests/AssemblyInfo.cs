// Each test runs a full publish or pack plus a fresh restore: running them side by side only slows both down.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
