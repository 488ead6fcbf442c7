using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using Madoguchi.Data;
using Madoguchi.Data.Entities;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Features.Admin;
using Madoguchi.Server.Features.Seals;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Madoguchi.Server.Tests.PortalFlowTests;

namespace Madoguchi.Server.Tests;

/// <summary>Uploaded seals: PNG checks, the staff and admin pages, audit, tenant isolation and SealStore's answers.</summary>
public sealed class SealUploadTests
{
    public static TheoryData<string> Providers => TestServers.Providers;

    /// <summary>A real PNG (RGBA, red square) of the given size, built here so the test does not trust the code under test.</summary>
    public static byte[] Png(int width, int height)
    {
        using var raw = new MemoryStream();
        for (var y = 0; y < height; y++)
        {
            raw.WriteByte(0); // filter: none
            for (var x = 0; x < width; x++)
            {
                raw.Write([0xD7, 0x00, 0x0F, 0xFF]);
            }
        }

        using var deflated = new MemoryStream();
        using (var z = new ZLibStream(deflated, CompressionLevel.Optimal, leaveOpen: true))
        {
            raw.Position = 0;
            raw.CopyTo(z);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 8; // bit depth
        header[9] = 6; // RGBA
        using var png = new MemoryStream();
        png.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(png, "IHDR", header);
        Chunk(png, "IDAT", deflated.ToArray());
        Chunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void Chunk(Stream stream, string type, byte[] data)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        stream.Write(length);
        var typed = System.Text.Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        stream.Write(typed);
        var crc = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crc, Crc32(typed));
        stream.Write(crc);
    }

    private static uint Crc32(byte[] bytes)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in bytes)
        {
            c ^= b;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
        }

        return c ^ 0xFFFFFFFFu;
    }

    [Fact]
    public void The_png_check_accepts_a_real_png_and_names_what_is_wrong_otherwise()
    {
        Assert.Null(SealPng.Problem(Png(64, 64)));

        Assert.Contains("PNG", SealPng.Problem("GIF89a-not-a-png"u8.ToArray())!.Ja, StringComparison.Ordinal);
        var damaged = Png(64, 64);
        damaged[20] ^= 0x01; // inside IHDR: its CRC no longer matches
        Assert.Contains("壊れて", SealPng.Problem(damaged)!.Ja, StringComparison.Ordinal);
        var truncated = Png(64, 64)[..^12]; // no IEND
        Assert.Contains("damaged", SealPng.Problem(truncated)!.En!, StringComparison.Ordinal);
        Assert.Contains("8×8", SealPng.Problem(Png(8, 8))!.Ja, StringComparison.Ordinal);
        Assert.Contains("3000 × 40", SealPng.Problem(Png(3000, 40))!.En!, StringComparison.Ordinal);
        var huge = new byte[SealPng.MaxBytes + 1];
        Png(64, 64).CopyTo(huge, 0);
        Assert.Contains("200KB", SealPng.Problem(huge)!.Ja, StringComparison.Ordinal);
        Assert.Contains("Choose", SealPng.Problem([])!.En!, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task A_staff_member_previews_uploads_and_removes_their_seal_and_a_bad_png_is_refused(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var (client, userId) = await StaffAsync(tenant, "佐藤 花子", Roles.Staff);

        var page = await client.GetStringAsync(SealEndpoints.ProfilePath);
        Assert.Contains("「佐藤」から自動で作った印影", page, StringComparison.Ordinal);
        Assert.Contains("id=\"seal-preview\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"seal-remove\"", page, StringComparison.Ordinal);
        using (var svg = await client.GetAsync(SealEndpoints.ProfilePath + "/image"))
        {
            Assert.Equal(HttpStatusCode.OK, svg.StatusCode);
            Assert.Equal("image/svg+xml", svg.Content.Headers.ContentType!.MediaType);
            Assert.Equal("nosniff", svg.Headers.GetValues("X-Content-Type-Options").Single());
            var text = await svg.Content.ReadAsStringAsync();
            Assert.StartsWith("<svg", text, StringComparison.Ordinal);
            Assert.Contains("<circle", text, StringComparison.Ordinal);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(text, "<path ")); // 佐, 藤
            Assert.DoesNotContain("<script", text, StringComparison.Ordinal);
        }

        // Not a PNG: the page again with the error, nothing stored.
        using (var bad = await PostMultipartAsync(client, SealEndpoints.ProfilePath + "/upload", page, [], ("png", "seal.png", "%PDF-1.4 not an image"u8.ToArray())))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            var html = await bad.Content.ReadAsStringAsync();
            Assert.Contains("id=\"error-summary\"", html, StringComparison.Ordinal);
            Assert.Contains("印影の画像はPNG形式にしてください", html, StringComparison.Ordinal);
            Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        }

        Assert.Equal(0, await CountAsync(tenant, db => db.SealImages.CountAsync()));

        // Without the antiforgery token: refused.
        using (var forged = await client.PostAsync(SealEndpoints.ProfilePath + "/upload", new MultipartFormDataContent { { new ByteArrayContent(Png(64, 64)), "png", "seal.png" } }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        }

        var png = Png(96, 96);
        using (var good = await PostMultipartAsync(client, SealEndpoints.ProfilePath + "/upload", page, [], ("png", "seal.png", png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, good.StatusCode);
        }

        var stored = await WithStoreAsync(tenant, (store, db) => db.SealImages.AsNoTracking().SingleAsync());
        Assert.Equal((SealOwnerKind.Personal, userId), (stored.OwnerKind, stored.OwnerUserId));
        Assert.Equal(png, stored.Png);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(png)), stored.Sha256);
        Assert.Equal("staff:" + userId, stored.UploadedBy);
        using (var image = await client.GetAsync(SealEndpoints.ProfilePath + "/image"))
        {
            Assert.Equal("image/png", image.Content.Headers.ContentType!.MediaType);
            Assert.Equal(png, await image.Content.ReadAsByteArrayAsync());
        }

        var seal = await WithStoreAsync(tenant, (store, _) => store.PersonalAsync(userId, "佐藤", CancellationToken.None));
        Assert.Equal(png, seal.Png);

        page = await client.GetStringAsync(SealEndpoints.ProfilePath + "?done=uploaded");
        Assert.Contains("id=\"seal-remove\"", page, StringComparison.Ordinal);
        using (var remove = await PostFormAsync(client, SealEndpoints.ProfilePath + "/remove", page, []))
        {
            Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        }

        Assert.Equal(0, await CountAsync(tenant, db => db.SealImages.CountAsync()));
        var generated = await WithStoreAsync(tenant, (store, _) => store.PersonalAsync(userId, "佐藤", CancellationToken.None));
        Assert.Null(generated.Png);
        Assert.Equal(["佐", "藤"], generated.Layout!.Glyphs.Select(g => g.Text));
        var actions = await WithStoreAsync(tenant, (_, db) => db.AuditRecords.AsNoTracking().Where(a => a.EntityType == "Seal").OrderBy(a => a.Id).Select(a => a.Action).ToListAsync());
        Assert.Equal(["seal.personal.uploaded", "seal.personal.removed"], actions);
    }

    [Theory, MemberData(nameof(Providers))]
    public async Task Only_an_admin_changes_the_official_seal_and_another_tenant_never_sees_it(string provider)
    {
        var factory = await TestServers.GetAsync(provider);
        var tenant = await factory.CreateTenantAsync();
        var other = await factory.CreateTenantAsync();
        var (staff, _) = await StaffAsync(tenant, "鈴木 一郎", Roles.Staff);

        using (var refused = await staff.GetAsync(SealEndpoints.AdminPath))
        {
            Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        }

        var personalPage = await staff.GetStringAsync(SealEndpoints.ProfilePath);
        using (var forbidden = await PostMultipartAsync(staff, SealEndpoints.AdminPath + "/upload", personalPage, [], ("png", "seal.png", Png(64, 64))))
        {
            // Refused (403, or a redirect to the access-denied page), never the admin page's "done" redirect.
            Assert.False(forbidden.IsSuccessStatusCode);
            Assert.False(forbidden.Headers.Location?.OriginalString.StartsWith(SealEndpoints.AdminPath, StringComparison.Ordinal) ?? false);
        }

        Assert.Equal(0, await CountAsync(tenant, db => db.SealImages.CountAsync()));

        var admin = await PortalClient.SignInAsync(factory, tenant);
        var page = await admin.GetStringAsync(SealEndpoints.AdminPath);
        Assert.Contains("id=\"seal-office\"", page, StringComparison.Ordinal);
        using (var office = await PostFormAsync(admin, SealEndpoints.AdminPath + "/office", page, new() { ["office"] = "長" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, office.StatusCode);
        }

        var text = await WithStoreAsync(tenant, (store, _) => store.OfficialTextAsync(CancellationToken.None));
        Assert.EndsWith("長", text, StringComparison.Ordinal);
        using (var tooLong = await PostFormAsync(admin, SealEndpoints.AdminPath + "/office", page, new() { ["office"] = new string('長', 41) }))
        {
            Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
            Assert.Contains("40文字以内", await tooLong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        var png = Png(128, 128);
        using (var upload = await PostMultipartAsync(admin, SealEndpoints.AdminPath + "/upload", page, [], ("png", "kakuin.png", png)))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }

        Assert.Equal(png, (await WithStoreAsync(tenant, (store, _) => store.OfficialAsync(CancellationToken.None))).Png);
        var record = await WithStoreAsync(tenant, (_, db) => db.SealImages.AsNoTracking().SingleAsync());
        Assert.Equal((SealOwnerKind.Official, (Guid?)null), (record.OwnerKind, record.OwnerUserId));

        // The other tenant: no upload visible, its own generated seal from its own name.
        var otherSeal = await WithStoreAsync(other, (store, _) => store.OfficialAsync(CancellationToken.None));
        Assert.Null(otherSeal.Png);
        Assert.Contains(otherSeal.Layout!.Glyphs, g => g.Text == "印");
        Assert.Null(await WithStoreAsync(other, (store, _) => store.FindAsync(SealOwnerKind.Official, null, CancellationToken.None)));
        Assert.Equal(0, await CountAsync(other, db => db.SealImages.CountAsync()));

        var audit = await WithStoreAsync(tenant, (_, db) => db.AuditRecords.AsNoTracking().Where(a => a.EntityType == "Seal").Select(a => a.Action).ToListAsync());
        Assert.Contains("seal.official.uploaded", audit);
        Assert.Contains("seal.official.officeChanged", audit);
    }

    private static async Task<(HttpClient Client, Guid UserId)> StaffAsync(TestTenant tenant, string displayName, string role)
    {
        var email = $"staff-{Guid.NewGuid():N}@city.example.jp";
        var password = "staff-password-" + Guid.NewGuid().ToString("N");
        var userId = await WithStoreAsync(tenant, async (_, db) =>
        {
            using var scope = tenant.Factory.Services.CreateScope();
            scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
            var (ok, errors) = await AccountCommands.CreateUserAsync(scope.ServiceProvider, tenant.Id, email, displayName, password, role);
            Assert.True(ok, string.Join("; ", errors));
            return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        });
        var client = await PortalClient.SignInAsync(tenant.Factory, tenant with { AdminEmail = email, AdminPassword = password });
        return (client, userId);
    }

    private static Task<int> CountAsync(TestTenant tenant, Func<AppDbContext, Task<int>> count) => WithStoreAsync(tenant, (_, db) => count(db));

    private static async Task<T> WithStoreAsync<T>(TestTenant tenant, Func<SealStore, AppDbContext, Task<T>> action)
    {
        using var scope = tenant.Factory.Services.CreateScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Set(tenant.Id);
        return await action(scope.ServiceProvider.GetRequiredService<SealStore>(), scope.ServiceProvider.GetRequiredService<AppDbContext>());
    }
}
