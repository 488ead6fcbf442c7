using System.Security.Cryptography;
using System.Text;

namespace Madoguchi.Server.Infrastructure;

/// <summary>Random secrets people may have to read or type, and their at-rest hashes.</summary>
public static class Secrets
{
    // Crockford base32: no I, L, O, U, so codes survive being read aloud or written down.
    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>80 random bits as XXXX-XXXX-XXXX-XXXX.</summary>
    public static string NewAccessCode()
    {
        var chars = new char[19];
        for (int i = 0, j = 0; i < 16; i++, j++)
        {
            if (i > 0 && i % 4 == 0)
            {
                chars[j++] = '-';
            }

            chars[j] = Alphabet[RandomNumberGenerator.GetInt32(32)];
        }

        return new string(chars);
    }

    /// <summary>Normalises what a person typed (case, spaces, hyphens, look-alike letters) before hashing.</summary>
    public static string NormalizeAccessCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return "";
        }

        var sb = new StringBuilder(19);
        foreach (var ch in code.Normalize(NormalizationForm.FormKC).ToUpperInvariant())
        {
            var c = ch switch { 'O' => '0', 'I' or 'L' => '1', _ => ch };
            if (Alphabet.Contains(c, StringComparison.Ordinal))
            {
                if (sb.Length is 4 or 9 or 14)
                {
                    sb.Append('-');
                }

                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>A URL-safe token of 256 random bits, for links and API keys.</summary>
    public static string NewToken() => Base64UrlEncode(RandomNumberGenerator.GetBytes(32));

    public static string Sha256Hex(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    public static string Sha256Hex(ReadOnlySpan<byte> value) => Convert.ToHexStringLower(SHA256.HashData(value));

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
