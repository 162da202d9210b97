namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// What the metadata document knows about all the other documents: how many there are and the sum (mod 2^128)
/// of their hash prefixes. Per-document hashes catch a damaged document; the digest catches one that vanished,
/// reappeared twice or came from another moment (a torn read while the writer checkpoints, a mixed copy).
/// A sum, unlike a hash over a list, can be updated in O(1) when one document changes.
/// </summary>
internal readonly record struct StoreDigest(long Documents, UInt128 Sum)
{
    public static readonly StoreDigest Empty = new(0, UInt128.Zero);

    public StoreDigest Add(UInt128 term) => new(Documents + 1, unchecked(Sum + term));

    public StoreDigest Remove(UInt128 term) => new(Documents - 1, unchecked(Sum - term));

    public string SumHex => Sum.ToString("x32");

    public static UInt128 ParseSum(string hex) => UInt128.Parse(hex, System.Globalization.NumberStyles.HexNumber);
}
