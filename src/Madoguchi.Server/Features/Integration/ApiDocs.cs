using Madoguchi.Server.Infrastructure;

namespace Madoguchi.Server.Features.Integration;

public static class ApiDocsExtensions
{
    public static void AddIntegrationApi(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi("v1", o => o.AddDocumentTransformer((doc, _, _) =>
        {
            doc.Info.Title = "Madoguchi API";
            doc.Info.Version = "v1";
            doc.Info.Description = "手続の登録・公開、申請の受付と参照。 / Register and publish procedures, submit and read applications. Authenticate with `Authorization: Bearer mdg_…`.";
            return Task.CompletedTask;
        }));
    }

    public static void MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapGet("/docs/api", () => Results.Redirect("/api-docs.html")).ExcludeFromDescription();
    }
}
