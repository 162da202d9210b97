namespace NasLab.Search.Store;

/// <summary>A store problem the user can act on (missing file, config mismatch, locked, bad query).</summary>
public class TrialStoreException(string message, Exception? inner = null) : Exception(message, inner);
