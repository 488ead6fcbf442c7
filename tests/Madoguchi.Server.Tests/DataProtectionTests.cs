using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using static Madoguchi.Server.Tests.TestProcedures;

namespace Madoguchi.Server.Tests;

public sealed class DataProtectionTests
{
    [Fact]
    public async Task Keys_are_encrypted_at_rest_when_a_certificate_is_configured()
    {
        var pfx = Path.Combine(Path.GetTempPath(), "madoguchi-dp-" + Guid.NewGuid().ToString("N")[..8] + ".pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Madoguchi Data Protection (test)", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test-password"));
        }

        await using var factory = await MadoguchiFactory.StartAsync(TestServers.Sqlite, new Dictionary<string, string?>
        {
            ["Madoguchi:DataProtectionCertificate"] = pfx,
            ["Madoguchi:DataProtectionCertificatePassword"] = "test-password",
        });
        var tenant = await factory.CreateTenantAsync();
        await PublishAllTypesAsync(tenant);
        using var submitted = await SubmitAsync(tenant.Api, AllTypesSlug, Body(ValidAnswers()));
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var db = factory.NewSystemContext(out var scope);
        using (scope)
        {
            var keys = await db.DataProtectionKeys.Select(k => k.Xml).ToListAsync();
            Assert.NotEmpty(keys);
            Assert.All(keys, xml =>
            {
                Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
                Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
            });
        }

        File.Delete(pfx);
    }
}
