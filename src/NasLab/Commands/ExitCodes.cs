namespace NasLab.Cli.Commands;

/// <summary>Process exit codes of <c>naslab</c>.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: config, arguments, missing files. The message goes to stderr, without a stack trace.</summary>
    public const int UserError = 1;

    /// <summary>A bug or an unfinished feature in naslab itself.</summary>
    public const int Internal = 2;
}
