using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace NasLab.Search.Store.LiteDb;

/// <summary>
/// SHA-256 over a document's content, stored in its <c>sha256</c> field. LiteDB pages carry no checksums, so
/// this is what tells a damaged document from a good one. The hash covers every field except <c>sha256</c>
/// itself, in ordinal key order with a type tag per value, so it does not depend on how LiteDB orders fields
/// or on the culture; see SCHEMA.md for the exact encoding (a Python reader can recompute it).
/// </summary>
internal static class DocumentChecksum
{
    public const string Field = "sha256";

    public static byte[] Compute(BsonDocument doc)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        AppendDocument(hash, doc);
        return hash.GetHashAndReset();
    }

    /// <summary>Adds the hash and returns the document, ready to store.</summary>
    public static BsonDocument Seal(BsonDocument doc)
    {
        doc.Remove(Field);
        doc[Field] = Convert.ToHexStringLower(Compute(doc));
        return doc;
    }

    /// <summary>Whether the stored hash matches the content.</summary>
    public static bool IsIntact(BsonDocument doc) =>
        doc.TryGetValue(Field, out var stored) && stored.IsString &&
        string.Equals(stored.AsString, Convert.ToHexStringLower(Compute(doc)), StringComparison.Ordinal);

    /// <summary>
    /// The document's contribution to the store digest (see <see cref="StoreDigest"/>): the first 16 bytes of its
    /// stored hash as a little-endian number.
    /// </summary>
    public static UInt128 DigestTerm(BsonDocument doc) => DigestTerm(doc[Field].AsString);

    public static UInt128 DigestTerm(string hexHash) =>
        BinaryPrimitives.ReadUInt128LittleEndian(Convert.FromHexString(hexHash.AsSpan(0, 32)));

    private static void AppendDocument(IncrementalHash hash, BsonDocument doc)
    {
        var keys = doc.Keys.Where(k => k != Field).OrderBy(k => k, StringComparer.Ordinal).ToList();
        AppendInt(hash, keys.Count);
        foreach (var key in keys)
        {
            AppendString(hash, key);
            AppendValue(hash, doc[key]);
        }
    }

    private static void AppendValue(IncrementalHash hash, BsonValue value)
    {
        // One tag byte per type, so 1 (int), 1L (long) and 1.0 (double) hash differently: a changed type is damage too.
        switch (value.Type)
        {
            case BsonType.Null: Tag(hash, 'n'); break;
            case BsonType.Int32: Tag(hash, 'i'); AppendInt(hash, value.AsInt32); break;
            case BsonType.Int64: Tag(hash, 'l'); AppendLong(hash, value.AsInt64); break;
            case BsonType.Double: Tag(hash, 'd'); AppendLong(hash, BitConverter.DoubleToInt64Bits(value.AsDouble)); break;
            case BsonType.String: Tag(hash, 's'); AppendString(hash, value.AsString); break;
            case BsonType.Boolean: Tag(hash, value.AsBoolean ? 't' : 'f'); break;
            case BsonType.Binary:
                Tag(hash, 'b');
                AppendInt(hash, value.AsBinary.Length);
                hash.AppendData(value.AsBinary);
                break;
            case BsonType.Array:
                Tag(hash, 'a');
                AppendInt(hash, value.AsArray.Count);
                foreach (var item in value.AsArray) AppendValue(hash, item);
                break;
            case BsonType.Document: Tag(hash, 'o'); AppendDocument(hash, value.AsDocument); break;
            default:
                // The store writes only the types above; anything else was not written by naslab.
                throw new InvalidDataException($"unexpected value of type {value.Type}");
        }
    }

    private static void Tag(IncrementalHash hash, char tag) => hash.AppendData([(byte)tag]);

    private static void AppendInt(IncrementalHash hash, int v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(b, v);
        hash.AppendData(b);
    }

    private static void AppendLong(IncrementalHash hash, long v)
    {
        Span<byte> b = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(b, v);
        hash.AppendData(b);
    }

    private static void AppendString(IncrementalHash hash, string s)
    {
        var bytes = Encoding.UTF8.GetBytes(s);
        AppendInt(hash, bytes.Length);
        hash.AppendData(bytes);
    }
}
