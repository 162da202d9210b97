namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// The integrity check failed (or LiteDB could not read the file). Internal so a reader can tell it from
/// permanent errors (wrong version, missing file) and retry a read that may have been torn by the writer's
/// checkpoint; callers see a plain <see cref="TrialStoreException"/>.
/// </summary>
internal sealed class StoreDamagedException(string message, Exception? inner = null) : TrialStoreException(message, inner);
