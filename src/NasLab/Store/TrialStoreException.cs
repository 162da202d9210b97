namespace NasLab.Cli.Store;

/// <summary>A store problem the user can act on (missing file, config mismatch, locked, bad query).</summary>
public sealed class TrialStoreException(string message, Exception? inner = null) : Exception(message, inner);
