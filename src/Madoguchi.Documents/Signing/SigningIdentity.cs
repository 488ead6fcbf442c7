using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Madoguchi.Documents.Signing;

/// <summary>
/// The organisation's signing key and certificate. Loaded from a PKCS#12 file whose path and password come from
/// configuration; the key stays inside this object (never exported, logged or shown: <see cref="ToString"/> names
/// only the certificate).
/// </summary>
public sealed class SigningIdentity : IDisposable
{
    internal X509Certificate2 Certificate { get; }

    /// <summary>Intermediate CA certificates from the PKCS#12, embedded in each signature so verifiers can build the chain.</summary>
    internal IReadOnlyList<X509Certificate2> Chain { get; private init; } = [];

    private SigningIdentity(X509Certificate2 certificate)
    {
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new ArgumentException("The signing certificate has no private key.", nameof(certificate));
        }

        Certificate = certificate;
    }

    /// <summary>Whether this is the generated development certificate (the caller must log a loud warning).</summary>
    public bool IsDevelopmentCertificate { get; private init; }

    public string Subject => Certificate.Subject;
    public string SerialNumber => Certificate.SerialNumber;
    public DateTime NotAfter => Certificate.NotAfter;

    /// <summary>The public certificate (DER), safe to publish.</summary>
    public byte[] PublicCertificate => Certificate.Export(X509ContentType.Cert);

    public static SigningIdentity FromPkcs12(string path, string? password) => FromPkcs12(File.ReadAllBytes(path), password);

    /// <summary>The certificate with the private key signs; the other certificates in the file travel with each signature.</summary>
    public static SigningIdentity FromPkcs12(byte[] pkcs12, string? password)
    {
        var all = X509CertificateLoader.LoadPkcs12Collection(pkcs12, password, X509KeyStorageFlags.EphemeralKeySet);
        var signer = all.FirstOrDefault(c => c.HasPrivateKey);
        if (signer is null)
        {
            foreach (var c in all)
            {
                c.Dispose();
            }

            throw new ArgumentException("The PKCS#12 file holds no certificate with a private key.", nameof(pkcs12));
        }

        return new SigningIdentity(signer) { Chain = [.. all.Where(c => !ReferenceEquals(c, signer))] };
    }

    /// <summary>
    /// A self-signed RSA-3072 certificate for development only. Documents signed with it verify as unmodified
    /// but nobody can trust who signed them: the caller must log <see cref="DevelopmentWarning"/> loudly.
    /// </summary>
    public static SigningIdentity CreateDevelopment(string organisationName, TimeProvider? time = null)
    {
        var pfx = CreateDevelopmentPkcs12(organisationName, time);
        try
        {
            return FromDevelopmentPkcs12(pfx);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(pfx);
        }
    }

    /// <summary>
    /// A development certificate as PKCS#12 bytes (empty password), for a host that keeps it across restarts so that
    /// documents it signed still match its certificate; load it with <see cref="FromDevelopmentPkcs12"/>.
    /// </summary>
    public static byte[] CreateDevelopmentPkcs12(string organisationName, TimeProvider? time = null)
    {
        var now = (time ?? TimeProvider.System).GetUtcNow();
        using var rsa = RSA.Create(3072);
        var name = new X500DistinguishedName($"CN={Escape(organisationName)} (DEVELOPMENT ONLY - NOT TRUSTED), O=Madoguchi development");
        var request = new CertificateRequest(name, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, true));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(2));
        // Through PKCS#12 so the key is usable on every platform without a persisted key container.
        return certificate.Export(X509ContentType.Pkcs12, "");
    }

    /// <summary>Loads what <see cref="CreateDevelopmentPkcs12"/> made; the identity says it is a development certificate.</summary>
    public static SigningIdentity FromDevelopmentPkcs12(byte[] pkcs12)
    {
        var loaded = X509CertificateLoader.LoadPkcs12(pkcs12, "", X509KeyStorageFlags.EphemeralKeySet);
        return new SigningIdentity(loaded) { IsDevelopmentCertificate = true };
    }

    /// <summary>SHA-256 of the DER certificate, lower-case hex (as <c>SignatureReport.CertificateThumbprintSha256</c>).</summary>
    public string ThumbprintSha256 => Convert.ToHexStringLower(SHA256.HashData(Certificate.RawData));

    public const string DevelopmentWarning =
        "DOCUMENTS ARE SIGNED WITH A GENERATED SELF-SIGNED DEVELOPMENT CERTIFICATE. Nobody can trust these signatures. " +
        "Configure the organisation's PKCS#12 certificate (Madoguchi:Signing:Pkcs12Path / Madoguchi:Signing:Pkcs12Password) before real use.";

    private static string Escape(string value) => value.Replace(",", " ", StringComparison.Ordinal).Replace("=", " ", StringComparison.Ordinal).Replace("\"", " ", StringComparison.Ordinal);

    public override string ToString() => $"SigningIdentity({Certificate.Subject}, serial {Certificate.SerialNumber})";

    public void Dispose()
    {
        Certificate.Dispose();
        foreach (var c in Chain)
        {
            c.Dispose();
        }
    }
}
