using Madoguchi.Documents.Signing;
using Madoguchi.Server.Infrastructure;
using Microsoft.Extensions.Options;

namespace Madoguchi.Server.Features.Documents;

/// <summary>Operator settings, section "Madoguchi:Signing". The password is never logged or shown.</summary>
public sealed class SigningOptions
{
    public const string Section = "Madoguchi:Signing";

    /// <summary>The organisation's PKCS#12 (.pfx / .p12) with the signing key and certificate (and any intermediates).</summary>
    public string? Pkcs12Path { get; set; }

    /// <summary>Its password; better given by environment variable (Madoguchi__Signing__Pkcs12Password) or <see cref="Pkcs12PasswordFile"/>.</summary>
    public string? Pkcs12Password { get; set; }

    /// <summary>A file holding the password (first line), e.g. a container secret.</summary>
    public string? Pkcs12PasswordFile { get; set; }

    /// <summary>An RFC 3161 timestamp authority; when set, every signature carries a signature timestamp (PAdES B-T).</summary>
    public string? TimestampUrl { get; set; }
}

/// <summary>
/// The one signing identity of this installation: the operator's PKCS#12, or a development certificate generated once
/// and kept in the data directory (so documents still verify after a restart) with a loud warning at start-up. The
/// key lives only inside <see cref="SigningIdentity"/>; nothing here exposes it.
/// </summary>
public sealed class SigningIdentityProvider : IDisposable
{
    public const string DevelopmentFileName = "signing-development.pfx";

    private readonly Lazy<SigningIdentity> _identity;
    private readonly SigningOptions _options;
    private readonly IHttpClientFactory _http;

    public SigningIdentityProvider(IOptions<SigningOptions> options, IOptions<MadoguchiOptions> madoguchi, IWebHostEnvironment environment, IHttpClientFactory http, ILogger<SigningIdentityProvider> logger)
    {
        _options = options.Value;
        _http = http;
        var dataDirectory = madoguchi.Value.ResolveDataDirectory(environment.ContentRootPath);
        _identity = new Lazy<SigningIdentity>(() => Load(_options, dataDirectory, logger), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public SigningIdentity Identity => _identity.Value;

    /// <summary>SHA-256 thumbprint (hex) of the organisation's certificate: what the verification compares signers with.</summary>
    public string Thumbprint => Identity.ThumbprintSha256;

    /// <summary>A signer with the configured timestamp authority, if any.</summary>
    public PadesSigner Signer(TimeProvider clock) =>
        new(_options.TimestampUrl is { Length: > 0 } url ? new HttpTimestampClient(_http.CreateClient("tsa"), new Uri(url)) : null, clock);

    private static SigningIdentity Load(SigningOptions options, string dataDirectory, ILogger logger)
    {
        if (options.Pkcs12Path is { Length: > 0 } path)
        {
            if (!File.Exists(path))
            {
                throw new InvalidOperationException(
                    $"Madoguchi:Signing:Pkcs12Path のファイル '{path}' がありません。 / The file '{path}' named by Madoguchi:Signing:Pkcs12Path does not exist.");
            }

            var password = options.Pkcs12Password;
            if (options.Pkcs12PasswordFile is { Length: > 0 } passwordFile)
            {
                password = File.ReadLines(passwordFile).FirstOrDefault()?.TrimEnd('\r') ?? "";
            }

            try
            {
                var identity = SigningIdentity.FromPkcs12(path, password);
                logger.LogInformation("Documents are signed with {Identity}, valid until {NotAfter:yyyy-MM-dd}", identity.ToString(), identity.NotAfter);
                return identity;
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // The exception text can name the cause but never holds the password; keep it out of the log anyway.
                throw new InvalidOperationException(
                    "署名用の PKCS#12 を読めません（パスワードかファイルの形式を確認してください）。 / The signing PKCS#12 cannot be read: check its password and format.");
            }
        }

        var file = Path.Combine(dataDirectory, DevelopmentFileName);
        SigningIdentity development;
        if (File.Exists(file))
        {
            development = SigningIdentity.FromDevelopmentPkcs12(File.ReadAllBytes(file));
        }
        else
        {
            Directory.CreateDirectory(dataDirectory);
            var pfx = SigningIdentity.CreateDevelopmentPkcs12("Madoguchi");
            var temp = file + ".part";
            using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
                }

                stream.Write(pfx);
                stream.Flush(flushToDisk: true);
            }

            try
            {
                File.Move(temp, file, overwrite: false);
                development = SigningIdentity.FromDevelopmentPkcs12(pfx);
            }
            catch (IOException) when (File.Exists(file))
            {
                // Another node sharing the data directory made it first: use theirs.
                File.Delete(temp);
                development = SigningIdentity.FromDevelopmentPkcs12(File.ReadAllBytes(file));
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(pfx);
            }
        }

        logger.LogWarning(
            "開発用の自己署名証明書で文書に署名しています。本番では使えません（誰も署名者を信頼できません）。Madoguchi:Signing:Pkcs12Path と Pkcs12Password に団体の証明書を設定してください。 / {Warning}",
            SigningIdentity.DevelopmentWarning);
        return development;
    }

    public void Dispose()
    {
        if (_identity.IsValueCreated)
        {
            _identity.Value.Dispose();
        }
    }
}

/// <summary>Loads the signing identity when the server starts, so a bad configuration stops it and the development warning is seen.</summary>
internal sealed class SigningIdentityStartup(SigningIdentityProvider provider) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = provider.Identity;
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
