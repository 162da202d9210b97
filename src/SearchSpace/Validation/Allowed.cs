namespace NasLab.SearchSpace.Validation;

/// <summary>The value sets validation accepts, shared by the validator, the parsers and the search-space options.</summary>
public static class Allowed
{
    public static IReadOnlyList<int> Kernels { get; } = [1, 3, 5, 7, 9, 11];
    public static IReadOnlyList<int> Strides { get; } = [1, 2];

    public static string List<T>(IEnumerable<T> values) => string.Join(", ", values);

    public static void Kernel(int k, string field)
    {
        if (!Kernels.Contains(k))
            throw new ArchitectureException(field, $"kernel {k} is not allowed; allowed kernels: {List(Kernels)}.");
    }

    public static void Stride(int s, string field)
    {
        if (!Strides.Contains(s))
            throw new ArchitectureException(field, $"stride {s} is not allowed; allowed strides: {List(Strides)}.");
    }

    public static void Positive(int v, string field)
    {
        if (v < 1) throw new ArchitectureException(field, $"must be at least 1, got {v}.");
    }
}
