using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Extensions.DependencyInjection;

namespace Madoguchi.Server.Tests;

/// <summary>
/// A minimal OpenID Connect provider on a real Kestrel port, standing in for GビズID (which cannot run here):
/// discovery, JWKS, an authorize endpoint that signs in whoever the test says, and a token endpoint that checks the
/// client secret, the redirect URI and the PKCE verifier before it issues an RS256 id_token.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "madoguchi-test";
    public const string ClientSecret = "test-secret-not-used-anywhere-else";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key;
    private readonly ConcurrentDictionary<string, Grant> _grants = new();

    private sealed record Grant(string ClientId, string RedirectUri, string Nonce, string CodeChallenge, Identity Who);

    /// <summary>Who the next sign-in at the provider is.</summary>
    public sealed record Identity(string Subject, string? Email, bool EmailVerified);

    public Identity Next { get; set; } = new("user-1", null, false);

    /// <summary>How many codes were redeemed with a correct PKCE verifier (proves the client used PKCE).</summary>
    public int PkceRedemptions => _pkceRedemptions;

    private int _pkceRedemptions;

    public string Issuer { get; }

    private TestOidcProvider(WebApplication app, RsaSecurityKey key, string issuer)
    {
        _app = app;
        _key = key;
        Issuer = issuer;
    }

    public static async Task<TestOidcProvider> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        var key = new RsaSecurityKey(RSA.Create(2048)) { KeyId = "test-key-1" };
        TestOidcProvider? self = null;
        app.Run(http => self!.HandleAsync(http));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        self = new TestOidcProvider(app, key, address);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    internal async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value;
        switch (path)
        {
            case "/.well-known/openid-configuration":
                http.Response.ContentType = "application/json";
                await http.Response.WriteAsync($$"""
                {
                  "issuer": "{{Issuer}}",
                  "authorization_endpoint": "{{Issuer}}/authorize",
                  "token_endpoint": "{{Issuer}}/token",
                  "jwks_uri": "{{Issuer}}/jwks",
                  "response_types_supported": ["code"],
                  "subject_types_supported": ["public"],
                  "id_token_signing_alg_values_supported": ["RS256"],
                  "code_challenge_methods_supported": ["S256"],
                  "scopes_supported": ["openid", "email"]
                }
                """);
                return;
            case "/jwks":
                var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
                await http.Response.WriteAsJsonAsync(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = jwk.Kid, n = jwk.N, e = jwk.E } } });
                return;
            case "/authorize":
                var q = http.Request.Query;
                if (q["client_id"] != ClientId || q["response_type"] != "code" || q["code_challenge_method"] != "S256" || string.IsNullOrEmpty(q["code_challenge"]))
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
                _grants[code] = new Grant(q["client_id"]!, q["redirect_uri"]!, q["nonce"]!, q["code_challenge"]!, Next);
                http.Response.Redirect($"{q["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(q["state"]!)}");
                return;
            case "/token":
                var form = await http.Request.ReadFormAsync();
                if (form["grant_type"] != "authorization_code" || !_grants.TryRemove(form["code"].ToString(), out var grant)
                    || form["client_id"] != grant.ClientId || form["client_secret"] != ClientSecret || form["redirect_uri"] != grant.RedirectUri
                    || Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString()))) != grant.CodeChallenge)
                {
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    await http.Response.WriteAsJsonAsync(new { error = "invalid_grant" });
                    return;
                }

                Interlocked.Increment(ref _pkceRedemptions);
                var claims = new Dictionary<string, object> { ["sub"] = grant.Who.Subject, ["nonce"] = grant.Nonce };
                if (grant.Who.Email is { } email)
                {
                    claims["email"] = email;
                    claims["email_verified"] = grant.Who.EmailVerified;
                }

                var now = DateTime.UtcNow;
                var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
                {
                    Issuer = Issuer,
                    Audience = ClientId,
                    IssuedAt = now,
                    NotBefore = now,
                    Expires = now.AddMinutes(5),
                    Claims = claims,
                    SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
                });
                await http.Response.WriteAsJsonAsync(new { access_token = "opaque-" + Guid.NewGuid().ToString("N"), token_type = "Bearer", expires_in = 300, id_token = idToken });
                return;
            default:
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
        }
    }
}
