namespace NasLab.Search;

/// <summary>Command-level user mistake (e.g. a trial number that does not exist); exit code 1.</summary>
public sealed class UserErrorException(string message) : Exception(message);
