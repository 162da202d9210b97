namespace NasLab.Evaluator;

/// <summary>Which dataset the resolver picked and why, so tests and demos can print what data they ran on.</summary>
public sealed record ResolvedDataset(DatasetSource Source, string Description);

/// <summary>
/// For tests and demos: prefer the real CIFAR-10 subset in shared/data/cifar10-subset (searched upward
/// from the current directory and from the application base directory, since test runners start deep
/// inside bin/), otherwise the Debian-packaged Fashion-MNIST, otherwise null.
/// </summary>
public static class DefaultDatasetResolver
{
    public const string Cifar10SubsetRelativePath = "shared/data/cifar10-subset";

    public static ResolvedDataset? TryResolve()
    {
        string? cifar = FindUpward(Cifar10SubsetRelativePath, Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (cifar is not null)
        {
            try
            {
                var source = DatasetCatalog.Open("cifar10", cifar);
                return new ResolvedDataset(source, $"CIFAR-10 subset (real images) at {source.Directory}");
            }
            catch (DatasetNotFoundException)
            {
                // An incomplete folder: fall through to Fashion-MNIST rather than fail the caller.
            }
        }
        try
        {
            var source = DatasetCatalog.Open("fashion-mnist", DatasetCatalog.DebianFashionMnistDirectory);
            return new ResolvedDataset(source, $"Fashion-MNIST at {source.Directory} (CIFAR-10 subset not found)");
        }
        catch (DatasetNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Like <see cref="TryResolve"/> but throws a message saying what was looked for.</summary>
    public static ResolvedDataset Resolve() => TryResolve() ?? throw new DatasetNotFoundException("default", [],
        $"No dataset found: no {Cifar10SubsetRelativePath} above {Environment.CurrentDirectory} or {AppContext.BaseDirectory}, " +
        $"and no Fashion-MNIST in {DatasetCatalog.DebianFashionMnistDirectory} (install it with `apt-get install dataset-fashion-mnist`).");

    /// <summary>Walks up from each start directory looking for <paramref name="relative"/>; returns the first existing directory.</summary>
    public static string? FindUpward(string relative, params string[] startDirectories)
    {
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, relative);
                if (System.IO.Directory.Exists(candidate)) return candidate;
            }
        }
        return null;
    }
}
