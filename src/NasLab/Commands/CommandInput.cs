namespace NasLab.Cli.Commands;

/// <summary>A file a command reads, with the argument or option that named it (e.g. <c>--weights</c>), for errors.</summary>
public sealed record CommandInput(string Option, string Path);
