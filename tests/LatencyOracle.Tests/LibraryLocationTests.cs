using NasLab.LatencyOracle.Native;

namespace NasLab.LatencyOracle.Tests;

public sealed class LibraryLocationTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("naslab-ort-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void LoadingAMissingLibraryNamesThePathAndBootstrap()
    {
        var missing = Path.Combine(_root, "nowhere", "libonnxruntime.so.1");
        var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtRuntime.Load(missing));
        Assert.Contains(missing, error.Message);
        Assert.Contains("./bootstrap.sh", error.Message);
        Assert.Equal([missing], error.SearchedPaths);
    }

    [Fact]
    public void SearchUpwardListsEveryPlaceItLooked()
    {
        var start = Directory.CreateDirectory(Path.Combine(_root, "a", "b")).FullName;
        var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibraryLocator.Locate(null, start));
        Assert.Contains(Path.Combine(start, OrtLibraryLocator.RelativePath), error.SearchedPaths);
        Assert.Contains(Path.Combine(_root, OrtLibraryLocator.RelativePath), error.SearchedPaths);
        Assert.Contains("./bootstrap.sh", error.Message);
        Assert.Contains(OrtLibraryLocator.EnvironmentVariable, error.Message);
    }

    [Fact]
    public void SearchUpwardFindsTheArtifactInAnAncestor()
    {
        var library = Path.Combine(_root, OrtLibraryLocator.RelativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(library)!);
        File.WriteAllText(library, "not really a library");
        var start = Directory.CreateDirectory(Path.Combine(_root, "src", "bin", "Debug")).FullName;
        Assert.Equal(library, OrtLibraryLocator.Locate(null, start));
    }

    [Fact]
    public void OverrideNamingAMissingFileIsAnErrorNotIgnored()
    {
        var missing = Path.Combine(_root, "custom.so");
        var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtLibraryLocator.Locate(missing, _root));
        Assert.Contains(OrtLibraryLocator.EnvironmentVariable, error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public void AFileThatIsNotALibraryGivesAClearError()
    {
        var fake = Path.Combine(_root, "libfake.so");
        File.WriteAllText(fake, "garbage");
        var error = Assert.Throws<OrtLibraryNotFoundException>(() => OrtRuntime.Load(fake));
        Assert.Contains(fake, error.Message);
    }
}
