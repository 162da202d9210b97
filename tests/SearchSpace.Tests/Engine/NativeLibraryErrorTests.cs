using System.Diagnostics;

namespace NasLab.SearchSpace.Tests.Engine;

/// <summary>
/// A broken TorchSharp native library is one clear error naming what to run, not a TypeInitializationException
/// with a page of loader trace. Checked in a child process started from a copy of this test's output folder
/// whose libLibTorchSharp.so is not a library (managed files are copied, because the host resolves a linked app to
/// its real folder; the large native libraries are symbolic links), with
/// TorchSharp's fallback (copying natives out of the NuGet cache) pointed at an empty folder.
/// </summary>
public sealed class NativeLibraryErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("naslab-native-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public void An_unloadable_native_library_is_one_clear_error_naming_what_to_run()
    {
        var source = AppContext.BaseDirectory;
        var copy = Path.Combine(_root, "bin");
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(file) == "libLibTorchSharp.so") File.WriteAllText(target, "not an ELF file");
            else if (file.EndsWith(".so", StringComparison.Ordinal) || file.Contains(".so.", StringComparison.Ordinal)) File.CreateSymbolicLink(target, file);
            else File.Copy(file, target);
        }
        var emptyPackages = Directory.CreateDirectory(Path.Combine(_root, "no-packages")).FullName;

        var psi = new ProcessStartInfo("dotnet", $"exec \"{Path.Combine(copy, Path.GetFileName(typeof(EngineProbe).Assembly.Location))}\"")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        psi.Environment[EngineProbe.ModeVariable] = "init";
        psi.Environment["NUGET_PACKAGES"] = emptyPackages;
        using var child = Process.Start(psi)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var stdout = child.StandardOutput.ReadToEnd();
        child.WaitForExit();

        Assert.True(child.ExitCode == 3, $"exit {child.ExitCode}; stdout: {stdout}; stderr: {stderr.Result}");
        var message = stdout.Trim();
        Assert.StartsWith("TorchSharp's native library could not be loaded:", message);
        Assert.Contains("./bootstrap.sh", message);
        Assert.DoesNotContain('\n', message); // one line: the loader's trace is kept in the exception, not printed
        Assert.Contains("is not restored on this system.", message);
    }
}
