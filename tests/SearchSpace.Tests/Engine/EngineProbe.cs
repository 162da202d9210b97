using NasLab.SearchSpace.Engine;

namespace NasLab.SearchSpace.Tests.Engine;

/// <summary>
/// Entry point of the test assembly when started as a child process (<c>dotnet exec</c>): initialises the engine
/// and prints what a user would see. Exit 0: loaded; 3: <see cref="TorchNativeLibraryException"/> (message on
/// stdout); anything else: an unexpected exception.
/// </summary>
public static class EngineProbe
{
    public const string ModeVariable = "NASLAB_ENGINE_PROBE";

    public static int Main()
    {
        if (Environment.GetEnvironmentVariable(ModeVariable) != "init")
        {
            Console.WriteLine("NasLab.SearchSpace.Tests: run with dotnet test.");
            return 0;
        }
        try
        {
            TorchEngine.EnsureInitialized();
            return 0;
        }
        catch (TorchNativeLibraryException e)
        {
            Console.WriteLine(e.Message);
            Console.Error.WriteLine(e.LoaderTrace);
            return 3;
        }
    }
}
