namespace NasLab.Cli.Commands;

/// <summary>A command that is parsed but whose component is not wired into this build yet; exit code 2.</summary>
public sealed class NotYetImplementedException(string command, string needs)
    : Exception($"naslab {command}: not yet implemented in this build (needs {needs})");
