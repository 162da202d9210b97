namespace NasLab.Search.Tests.Support;

/// <summary>
/// The test assembly's entry point when a test starts it as a child process (see <see cref="HelperProcess"/>):
/// args[0] names the helper. Under the test runner this Main is never called.
/// </summary>
public static class HelperMain
{
    public static int Main(string[] args) => args.Length > 0 && args[0].StartsWith("pg-", StringComparison.Ordinal)
        ? PostgresHelperMain.Run(args)
        : Unknown(args);

    private static int Unknown(string[] args)
    {
        Console.Error.WriteLine($"unknown helper '{(args.Length > 0 ? args[0] : "")}'");
        return 2;
    }
}
