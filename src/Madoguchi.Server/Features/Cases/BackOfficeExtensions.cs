using Madoguchi.Data;
using Madoguchi.Server.Components;
using Madoguchi.Server.Features.Accounts;
using Madoguchi.Server.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Madoguchi.Server.Features.Cases;

public static class BackOfficeExtensions
{
    public static void AddBackOffice(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
    }

    public static void MapBackOffice(this WebApplication app)
    {
        app.MapLogin();
        app.MapGet("/staff/files/{id:guid}", DownloadAsync).RequireAuthorization(Policies.Staff).ExcludeFromDescription();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }

    /// <summary>Attachments are always downloads, never rendered inline, and sandboxed should a browser try anyway.</summary>
    private static async Task<IResult> DownloadAsync(Guid id, HttpContext http, AppDbContext db, FileStore store, TimeProvider clock, CancellationToken ct)
    {
        var file = await db.StoredFiles.AsNoTracking().SingleOrDefaultAsync(f => f.Id == id && f.ApplicationId != null, ct);
        if (file is null)
        {
            return Results.NotFound();
        }

        db.AuditRecords.Add(new Data.Entities.AuditRecord
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Integration.ApiEndpoints.Actor(http.User),
            Action = "file.downloaded",
            EntityType = "application",
            EntityId = file.ApplicationId!.Value.ToString(),
            Details = System.Text.Json.JsonSerializer.Serialize(new { fileId = file.Id }),
        });
        await db.SaveChangesAsync(ct);
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'";
        http.Response.Headers.CacheControl = "private, no-store";
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(file.OriginalName);
        http.Response.Headers.ContentDisposition = disposition.ToString();
        return Results.Stream(store.OpenRead(file.StorageKey), file.ContentType);
    }
}
