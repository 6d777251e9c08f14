using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CchcLedger.Domain.Integrity;

// Stream: ledger-checkpoints. Each checkpoint is itself an event, sealed into the chain after the head it signs.

/// <summary>
/// The ledger signed its chain head: the hash of the event at <see cref="Sequence"/>, and the Merkle
/// <see cref="Root"/> of the first <see cref="TreeSize"/> events (all events up to it), as they stood at <see cref="At"/>.
/// <see cref="Signature"/> is ECDSA P-256 over SHA-256 of <see cref="Checkpoint.Message"/>, base64 of r‖s (64 bytes);
/// <see cref="KeyId"/> names the public key (the hex SHA-256 of its SubjectPublicKeyInfo, first 16 characters).
/// </summary>
public sealed record ChainCheckpointed(long Sequence, string Head, long TreeSize, string Root, DateTimeOffset At, string Signature, string KeyId);

public static class Checkpoint
{
    /// <summary>
    /// The text that is signed (docs/integrity/checkpoints.md): six lines joined by a line feed, no final line feed,
    /// UTF-8: <c>cchc-ledger checkpoint</c>, sequence, head (lower-case hex), tree size, root (lower-case hex), instant.
    /// </summary>
    public static string Message(long sequence, string head, long treeSize, string root, DateTimeOffset at) =>
        Message(sequence, head, treeSize, root, EventChain.Instant(at));

    public static string Message(long sequence, string head, long treeSize, string root, string at) =>
        string.Join('\n', "cchc-ledger checkpoint", sequence.ToString(CultureInfo.InvariantCulture), head,
            treeSize.ToString(CultureInfo.InvariantCulture), root, at);

    /// <summary>Whether <paramref name="signature"/> (base64 of r‖s) is <paramref name="key"/>'s ECDSA P-256 SHA-256 signature of <paramref name="message"/>.</summary>
    public static bool VerifyText(ECDsa key, string message, string signature)
    {
        try
        {
            return key.VerifyData(Encoding.UTF8.GetBytes(message), Convert.FromBase64String(signature), HashAlgorithmName.SHA256,
                DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The key's fingerprint: lower-case hex SHA-256 of its DER SubjectPublicKeyInfo (64 characters); <see cref="KeyId"/> is its first 16.</summary>
    public static string Fingerprint(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));

    public static ChainCheckpointed Sign(ECDsa key, long sequence, byte[] head, long treeSize, byte[] root, DateTimeOffset at)
    {
        var (headHex, rootHex) = (Convert.ToHexStringLower(head), Convert.ToHexStringLower(root));
        var signature = key.SignData(Encoding.UTF8.GetBytes(Message(sequence, headHex, treeSize, rootHex, at)), HashAlgorithmName.SHA256,
            DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new ChainCheckpointed(sequence, headHex, treeSize, rootHex, at, Convert.ToBase64String(signature), KeyId(key));
    }

    public static bool Verify(ECDsa publicKey, ChainCheckpointed checkpoint)
    {
        try
        {
            return publicKey.VerifyData(Encoding.UTF8.GetBytes(Message(checkpoint.Sequence, checkpoint.Head, checkpoint.TreeSize, checkpoint.Root, checkpoint.At)),
                Convert.FromBase64String(checkpoint.Signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    public static string KeyId(ECDsa key) => Fingerprint(key)[..16];

    /// <summary>The OID of the P-256 curve (secp256r1, prime256v1).</summary>
    private const string P256 = "1.2.840.10045.3.1.7";

    /// <summary>
    /// The P-256 public key of a PEM SubjectPublicKeyInfo (<c>-----BEGIN PUBLIC KEY-----</c>, nothing but white space
    /// around it); null for anything else: not PEM, a private key, a certificate, another curve or algorithm
    /// (docs/integrity/checkpoints.md "Trusting a key"). <see cref="ECDsa.ImportFromPem"/> alone would take a private key too.
    /// </summary>
    public static ECDsa? ReadPublicKey(string? pem)
    {
        if (pem is null || !PemEncoding.TryFind(pem, out var found)) return null;
        if (!pem.AsSpan(found.Label).SequenceEqual("PUBLIC KEY") || !pem.AsSpan(..found.Location.Start).IsWhiteSpace()
            || !pem.AsSpan(found.Location.End..).IsWhiteSpace())
            return null;
        var der = new byte[found.DecodedDataLength];
        if (!Convert.TryFromBase64Chars(pem.AsSpan(found.Base64Data), der, out var length) || length != der.Length) return null;
        var key = ECDsa.Create();
        try
        {
            key.ImportSubjectPublicKeyInfo(der, out var read);
            if (read == der.Length && key.ExportParameters(false).Curve.Oid?.Value == P256) return key;
        }
        catch (CryptographicException)
        {
        }
        key.Dispose();
        return null;
    }

    /// <summary>Whether <paramref name="text"/> is a SHA-256 as the specification writes one: 64 lower-case hex digits.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.AsSpan().IndexOfAnyExcept("0123456789abcdef") < 0;
}
