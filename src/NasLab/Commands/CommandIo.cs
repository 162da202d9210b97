using Spectre.Console;

namespace NasLab.Cli.Commands;

/// <summary>Where a command writes: tables and results to <see cref="Out"/>, problems to <see cref="Error"/>.</summary>
public sealed record CommandIo(IAnsiConsole Out, TextWriter Error, TextWriter RawOut)
{
    /// <summary>
    /// Console for <paramref name="stdout"/>. Colours only on a real terminal; otherwise plain text at a fixed
    /// wide width so piped output and tests do not wrap tables.
    /// </summary>
    public static CommandIo For(TextWriter stdout, TextWriter stderr, bool interactiveTerminal)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = interactiveTerminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactiveTerminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!interactiveTerminal) console.Profile.Width = 200;
        return new CommandIo(console, stderr, stdout);
    }
}
