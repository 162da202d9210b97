namespace NasLab.Search.Store;

/// <summary>A worker reported or heartbeated a trial whose claim had expired and been given to another attempt.</summary>
public sealed class ClaimLostException(string message) : TrialStoreException(message);
